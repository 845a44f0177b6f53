/** Worker thread entry: batch generation for one generation set, off the window's and server's thread. */
import { parentPort, workerData } from 'node:worker_threads';
import { closeDb, openDb } from '../db/connection';
import { toCallError } from '../errors';
import type { GenerateJob, GenerateMessage } from './job';
import { runGeneration } from './runner';

export interface GenerateJobData extends GenerateJob {
  dbFile: string;
  /** Int32 flag the main thread sets to 1 to stop after the current example. */
  stop: SharedArrayBuffer;
}

export type GenerateWorkerMessage = GenerateMessage | { type: 'failed'; error: ReturnType<typeof toCallError> };

const port = parentPort;
if (!port) throw new Error('generate-worker must run in a worker thread');
const data = workerData as GenerateJobData;
const stop = new Int32Array(data.stop);
const send = (m: GenerateWorkerMessage): void => port.postMessage(m);

const db = openDb(data.dbFile, { readonly: true });
try {
  await runGeneration(db, data, send, () => Atomics.load(stop, 0) === 1);
} catch (err) {
  send({ type: 'failed', error: toCallError(err) });
} finally {
  closeDb(db);
  port.close();
}
