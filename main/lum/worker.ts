/** Worker thread entry for LUM: training, querying or ranking, so tensor work never blocks the window, the server or the CLI. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { closeDb, openDb } from '../db/connection';
import { toCallError } from '../errors';
import { STOP_FILE } from './config';
import { runLumJob, type LumJob, type LumMessage } from './runner';

export type LumJobData = LumJob & {
  dbFile: string;
  /** Int32 flag the main thread sets to 1 to stop after the current step (with a checkpoint there). */
  stop: SharedArrayBuffer;
};

export type LumWorkerMessage = LumMessage | { type: 'failed'; error: ReturnType<typeof toCallError> };

const port = parentPort;
if (!port) throw new Error('the LUM worker must run in a worker thread');
const data = workerData as LumJobData;
const stop = new Int32Array(data.stop);
const send = (m: LumWorkerMessage): void => port.postMessage(m);

const db = openDb(data.dbFile, { readonly: true });
try {
  // The flag stops work this process started; the file lets another process (`studio lum stop`) stop a training run too.
  const stopFile = join(data.runDir, STOP_FILE);
  await runLumJob(db, data, send, () => Atomics.load(stop, 0) === 1 || (data.kind === 'train' && existsSync(stopFile)));
} catch (err) {
  send({ type: 'failed', error: toCallError(err) });
} finally {
  closeDb(db);
  port.close();
}
