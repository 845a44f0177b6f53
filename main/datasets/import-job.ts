import type { ImportResult } from '../../preload/api';
import type { ImportOptions } from './import';
import { CancelledError, StudioError } from '../errors';
import type { JobReport } from '../jobs/manager';
import { spawnWorker } from '../jobs/spawn';
import type { ImportJobData, ImportWorkerMessage } from '../jobs/import-worker';

/** Runs an import in a worker thread, relaying its progress and turning its outcome back into a result or a typed error. */
export function importInWorker(dbFile: string, options: ImportOptions, report: (p: JobReport) => void, signal: AbortSignal): Promise<ImportResult> {
  return new Promise((resolve, reject) => {
    const data: ImportJobData = { dbFile, options };
    const worker = spawnWorker('jobs/import-worker', data);
    const onAbort = (): void => worker.postMessage({ type: 'cancel' });
    signal.addEventListener('abort', onAbort, { once: true });
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      fn();
    };
    worker.on('message', (m: ImportWorkerMessage) => {
      if (m.type === 'progress') report(rowProgress(m));
      else if (m.type === 'done') settle(() => resolve(m.result as ImportResult));
      else
        settle(() =>
          reject(m.error.code === 'cancelled' ? new CancelledError() : new StudioError(m.error.code, m.error.message, m.error.where)),
        );
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) => settle(() => reject(new StudioError('internal', `import worker exited with code ${code}`))));
  });
}

/** Rows are what people count, bytes are what we can measure ahead: the total row count is extrapolated from bytes read so far. */
export function rowProgress(p: { rows: number; bytesDone: number; bytesTotal: number; phase: string }): JobReport {
  const total = p.bytesDone > 0 && p.bytesTotal > 0 ? Math.max(p.rows, Math.round((p.rows * p.bytesTotal) / p.bytesDone)) : null;
  return { done: p.rows, total, phase: p.phase };
}
