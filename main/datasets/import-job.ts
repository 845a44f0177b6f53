import type { ImportResult } from '../../preload/api';
import type { ImportOptions } from './import';
import { workerFailure } from '../errors';
import type { JobReport } from '../jobs/manager';
import { runWorkerJob } from '../jobs/spawn';
import type { ImportJobData, ImportWorkerMessage } from './import-worker';

/** Runs an import in a worker thread, relaying its progress and turning its outcome back into a result or a typed error. */
export function importInWorker(
  dbFile: string,
  options: ImportOptions,
  report: (p: JobReport) => void,
  signal: AbortSignal,
): Promise<ImportResult> {
  const data: ImportJobData = { dbFile, options };
  return runWorkerJob<ImportWorkerMessage, ImportResult>(
    'datasets/import-worker',
    data,
    signal,
    (worker) => worker.postMessage({ type: 'cancel' }),
    (m) => {
      if (m.type === 'progress') {
        report(rowProgress(m));
        return undefined;
      }
      if (m.type === 'done') return { value: m.result as ImportResult };
      throw workerFailure(m.error);
    },
  );
}

/** Rows are what people count, bytes are what we can measure ahead: the total row count is extrapolated from bytes read so far. */
export function rowProgress(p: { rows: number; bytesDone: number; bytesTotal: number; phase: string }): JobReport {
  const total = p.bytesDone > 0 && p.bytesTotal > 0 ? Math.max(p.rows, Math.round((p.rows * p.bytesTotal) / p.bytesDone)) : null;
  return { done: p.rows, total, phase: p.phase };
}
