/**
 * Worker thread entry: parses an import and posts its rows in batches to the thread that writes them, so parsing
 * the next batch overlaps writing the last one. At most MAX_IN_FLIGHT batches wait unwritten: the parser pauses
 * until the writer acknowledges one, so memory stays flat however large the file.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { InputError, toCallError } from '../../errors';
import { RowSink, type ImportBatch } from './batch';
import { parseImport } from './parse';
import type { ParseThreadData, ParseThreadMessage, ParseThreadReply } from './parse-thread';

const MAX_IN_FLIGHT = 3;

const port = parentPort;
if (!port) throw new Error('parse-worker must run in a worker thread');
const data = workerData as ParseThreadData;
const controller = new AbortController();
let inFlight = 0;
let wake: (() => void) | null = null;
port.on('message', (m: ParseThreadReply) => {
  if (m.type === 'cancel') controller.abort();
  if (m.type === 'ack') inFlight--;
  if (wake && (inFlight < MAX_IN_FLIGHT || controller.signal.aborted)) {
    wake();
    wake = null;
  }
});

const send = (m: ParseThreadMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);
const post = (batch: ImportBatch): void => {
  inFlight++;
  send({ type: 'batch', batch }, [batch.user.buffer, batch.item.buffer, batch.rating.buffer, batch.ts.buffer] as ArrayBuffer[]);
};
const ready = (): Promise<void> =>
  inFlight < MAX_IN_FLIGHT || controller.signal.aborted ? Promise.resolve() : new Promise<void>((resolve) => (wake = resolve));

parseImport(
  data.options,
  new RowSink(post, ready),
  { signal: controller.signal, onProgress: (p) => send({ type: 'progress', progress: p }) },
  data.bytesTotal,
)
  .then((summary) => send({ type: 'done', summary }))
  .catch((err: unknown) => {
    const input = err instanceof InputError ? { file: err.file, line: err.line, field: err.field, reason: err.reason } : undefined;
    send({ type: 'failed', error: toCallError(err), ...(input ? { input } : {}) });
  })
  .finally(() => port.close());
