/** Worker thread entry: textualizes one dataset on its own connection so the window and server never block on it. */
import { parentPort, workerData } from 'node:worker_threads';
import type { TextProfile } from '../../preload/api-entities';
import { closeDb, openDb } from '../db/connection';
import { toCallError } from '../errors';
import { textualizeDataset, type TextualizeProgress } from './run';

export interface TextualizeJobData {
  dbFile: string;
  datasetId: number;
  profile: TextProfile;
  force: boolean;
  /** Set to 1 by the main thread to cancel: the pass is synchronous, so a message would arrive too late. */
  cancel: SharedArrayBuffer;
}

export type TextualizeWorkerMessage =
  | ({ type: 'progress' } & TextualizeProgress)
  | { type: 'done'; result: unknown }
  | { type: 'failed'; error: ReturnType<typeof toCallError> };

const port = parentPort;
if (!port) throw new Error('textualize-worker must run in a worker thread');
const data = workerData as TextualizeJobData;
const flag = new Int32Array(data.cancel);

const send = (m: TextualizeWorkerMessage): void => port.postMessage(m);
const db = openDb(data.dbFile);
setImmediate(() => {
  try {
    const result = textualizeDataset(db, data.datasetId, data.profile, {
      force: data.force,
      cancelled: () => Atomics.load(flag, 0) === 1,
      onProgress: (p) => send({ type: 'progress', ...p }),
    });
    send({ type: 'done', result });
  } catch (err) {
    send({ type: 'failed', error: toCallError(err) });
  } finally {
    closeDb(db);
    port.close();
  }
});
