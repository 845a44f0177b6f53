/** Worker thread entry: writes a run's bundle, or turns PyTorch weights into a checkpoint, off the main thread. */
import { parentPort, workerData } from 'node:worker_threads';
import { closeDb, openDb } from '../db/connection';
import { toCallError } from '../errors';
import { writeBundle } from './export';
import type { ExportJob, ExportMessage } from './export-job';
import { importWeights, type ImportJob } from './import';

export type BundleJobData = ({ kind: 'export' } & ExportJob & { dbFile: string }) | ({ kind: 'import' } & ImportJob);

export type BundleWorkerMessage =
  ExportMessage | { type: 'imported'; withOptimizer: boolean } | { type: 'failed'; error: ReturnType<typeof toCallError> };

const port = parentPort;
if (!port) throw new Error('the bundle worker must run in a worker thread');
const data = workerData as BundleJobData;
const send = (m: BundleWorkerMessage): void => port.postMessage(m);

try {
  if (data.kind === 'import') send({ type: 'imported', ...(await importWeights(data)) });
  else {
    const db = openDb(data.dbFile, { readonly: true });
    try {
      await writeBundle(db, data, send);
    } finally {
      closeDb(db);
    }
  }
} catch (err) {
  send({ type: 'failed', error: toCallError(err) });
} finally {
  port.close();
}
