/** Worker thread entry: one training run, so tensor work never blocks the window, the server or the CLI. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { closeDb, openDb } from '../db/connection';
import { toCallError } from '../errors';
import { STOP_FILE } from './config';
import { runTraining, type TrainJob, type TrainMessage } from './runner';

export interface TrainJobData extends TrainJob {
  dbFile: string;
  /** Int32 flag the main thread sets to 1 to stop after the current step (with a checkpoint there). */
  stop: SharedArrayBuffer;
}

export type TrainWorkerMessage = TrainMessage | { type: 'failed'; error: ReturnType<typeof toCallError> };

const port = parentPort;
if (!port) throw new Error('train-worker must run in a worker thread');
const data = workerData as TrainJobData;
const stop = new Int32Array(data.stop);
const send = (m: TrainWorkerMessage): void => port.postMessage(m);

const db = openDb(data.dbFile, { readonly: true });
try {
  // The flag stops a run this process started; the file lets another process (`studio runs stop`) stop it too.
  const stopFile = join(data.runDir, STOP_FILE);
  await runTraining(db, data, send, () => Atomics.load(stop, 0) === 1 || existsSync(stopFile));
} catch (err) {
  send({ type: 'failed', error: toCallError(err) });
} finally {
  closeDb(db);
  port.close();
}
