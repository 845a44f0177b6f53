/** Worker thread entry: merges a run's LoRA adapters into plain weights, off the main thread. */
import { parentPort, workerData } from 'node:worker_threads';
import { toCallError } from '../errors';
import { exportMerged } from './export';

const port = parentPort;
if (!port) throw new Error('export-worker must run in a worker thread');
const { checkpoint, out } = workerData as { checkpoint: string; out: string };
try {
  await exportMerged(checkpoint, out);
  port.postMessage({ type: 'done' });
} catch (err) {
  port.postMessage({ type: 'failed', error: toCallError(err) });
} finally {
  port.close();
}
