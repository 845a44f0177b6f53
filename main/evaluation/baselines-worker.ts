/** Worker thread entry: fits and scores the classic baselines (SASRec trains on tensors) off the main thread. */
import { parentPort, workerData } from 'node:worker_threads';
import { closeDb, openDb } from '../db/connection';
import { toCallError } from '../errors';
import { runBaselines, type BaselineOptions } from './baseline-runner';
import { loadExampleData } from '../templates/load';

export interface BaselinesEvalJobData extends BaselineOptions {
  dbFile: string;
  datasetId: number;
  datasetName: string;
}

export type BaselinesEvalMessage =
  { type: 'phase'; phase: string } | { type: 'done'; report: unknown } | { type: 'failed'; error: ReturnType<typeof toCallError> };

const port = parentPort;
if (!port) throw new Error('baselines-eval-worker must run in a worker thread');
const data = workerData as BaselinesEvalJobData;
const send = (m: BaselinesEvalMessage): void => port.postMessage(m);

const db = openDb(data.dbFile, { readonly: true });
try {
  const d = loadExampleData(db, data.datasetId, data.datasetName);
  const report = await runBaselines(d, data.datasetId, data, (phase) => send({ type: 'phase', phase }));
  send({ type: 'done', report });
} catch (err) {
  send({ type: 'failed', error: toCallError(err) });
} finally {
  closeDb(db);
  port.close();
}
