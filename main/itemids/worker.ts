/** Worker thread entry: builds one identifier set (embeddings, clustering or quantization) off the window's and server's thread. */
import { parentPort, workerData } from 'node:worker_threads';
import { closeDb, openDb } from '../db/connection';
import { toCallError } from '../errors';
import { readDatasetRows } from '../templates/sql';
import { buildIdentifiers, type BuildJob, type BuildMessage } from './build';

export interface ItemIdJobData extends BuildJob {
  dbFile: string;
}

export type ItemIdWorkerMessage = BuildMessage | { type: 'failed'; error: ReturnType<typeof toCallError> };

const port = parentPort;
if (!port) throw new Error('the item-identifier worker must run in a worker thread');
const data = workerData as ItemIdJobData;
const send = (m: ItemIdWorkerMessage): void => port.postMessage(m);

const db = openDb(data.dbFile, { readonly: true });
try {
  send({ type: 'phase', phase: 'reading the dataset' });
  const rows = readDatasetRows(db, data.datasetId);
  await buildIdentifiers(rows, data, send);
} catch (err) {
  send({ type: 'failed', error: toCallError(err) });
} finally {
  closeDb(db);
  port.close();
}
