/** Worker thread entry: runs one import on its own connection so the main thread (window, server) never blocks on it. */
import { parentPort, workerData } from 'node:worker_threads';
import { closeDb, openDb } from '../db/connection';
import { checkpoint, runImport, type ImportOptions } from './import';
import { toCallError } from '../errors';

export interface ImportJobData {
  dbFile: string;
  options: ImportOptions;
}

export type ImportWorkerMessage =
  | { type: 'progress'; rows: number; bytesDone: number; bytesTotal: number; phase: string }
  | { type: 'done'; result: unknown }
  | { type: 'failed'; error: ReturnType<typeof toCallError> };

const port = parentPort;
if (!port) throw new Error('import-worker must run in a worker thread');
const data = workerData as ImportJobData;
const controller = new AbortController();
port.on('message', (msg: { type: string }) => {
  if (msg.type === 'cancel') controller.abort();
});

const db = openDb(data.dbFile);
const send = (m: ImportWorkerMessage): void => port.postMessage(m);
runImport(db, data.options, {
  signal: controller.signal,
  onProgress: (p) => send({ type: 'progress', ...p }),
})
  .then((result) => {
    send({ type: 'done', result });
    // The import left the WAL checkpoint to this thread, after its result is out (see datasets/import/writer.ts).
    checkpoint(db);
  })
  .catch((err: unknown) => send({ type: 'failed', error: toCallError(err) }))
  .finally(() => {
    closeDb(db);
    port.close();
  });
