/** Worker thread entry: fits one constrained baseline so the solver's tight loops never block the window or server. */
import { parentPort, workerData } from 'node:worker_threads';
import { closeDb, openDb } from '../db/connection';
import { fitBaseline } from './fit';
import { BaselineStore } from './sql';
import type { BaselineConfig, CurvePoint, SolverName } from './types';
import { toCallError } from '../errors';

export interface BaselineJobData {
  dbFile: string;
  datasetId: number;
  config: BaselineConfig;
  /** Int32 flag the main thread sets to 1 to stop at the next epoch's end. */
  stop: SharedArrayBuffer;
}

export type BaselineWorkerMessage =
  | { type: 'epoch'; solver: SolverName; point: CurvePoint }
  | { type: 'phase'; phase: string }
  | { type: 'done'; outcome: unknown; stopped: boolean }
  | { type: 'failed'; error: ReturnType<typeof toCallError> };

const port = parentPort;
if (!port) throw new Error('baseline-worker must run in a worker thread');
const data = workerData as BaselineJobData;
const stop = new Int32Array(data.stop);
const send = (m: BaselineWorkerMessage): void => port.postMessage(m);

const db = openDb(data.dbFile, { readonly: true });
try {
  send({ type: 'phase', phase: 'loading rows' });
  const rows = new BaselineStore(db).data(data.datasetId);
  send({ type: 'phase', phase: 'fitting' });
  const outcome = fitBaseline(data.config, rows, (solver, point) => {
    send({ type: 'epoch', solver, point });
    return Atomics.load(stop, 0) === 1 ? 'stop' : undefined;
  });
  send({ type: 'done', outcome, stopped: Atomics.load(stop, 0) === 1 });
} catch (err) {
  send({ type: 'failed', error: toCallError(err) });
} finally {
  closeDb(db);
  port.close();
}
