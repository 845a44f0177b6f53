/**
 * Parsing on a thread of its own: the import's writer applies each batch the parse worker posts and acknowledges
 * it, so on two cores reading and validating the next rows costs no time next to writing the last ones.
 */
import type { CallError } from '../../../preload/api';
import { spawnWorker } from '../../jobs/spawn';
import { InputError, workerFailure } from '../../errors';
import type { ImportBatch, ParseSummary } from './batch';
import type { ImportHooks, ImportOptions, ImportProgress } from './session';

export interface ParseThreadData {
  options: ImportOptions;
  bytesTotal: number;
}

export type ParseThreadMessage =
  | { type: 'batch'; batch: ImportBatch }
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'done'; summary: ParseSummary }
  /** `input` carries an InputError's parts, so the writer's side throws the same InputError the parser did. */
  | { type: 'failed'; error: CallError; input?: { file: string; line: number; field: string | null; reason: string } };

export type ParseThreadReply = { type: 'ack' } | { type: 'cancel' };

/**
 * Below this many bytes an import parses on the writer's own thread. A worker starts in about 60 ms (from a cached
 * bundle when run from source), but its parser runs as cold code, several times slower than on the writer's thread
 * at first: measured against one thread, the overlap broke even at about 15 MB (700k MovieLens rows).
 */
export const PARSE_THREAD_BYTES = 16 * 1024 * 1024;

/**
 * Starts parsing on a worker now; `attach` (called once the writer holds the workspace) gets the batches in order.
 * Batches that arrive before are kept: the worker never runs more than a few ahead.
 */
export function startParseThread(
  data: ParseThreadData,
  hooks: ImportHooks,
): {
  attach: (apply: (batch: ImportBatch) => void) => Promise<ParseSummary>;
  stop: () => void;
} {
  const worker = spawnWorker('datasets/import/parse-worker', data, { bundleFromSource: true });
  const waiting: ImportBatch[] = [];
  let apply: ((batch: ImportBatch) => void) | null = null;
  let settle: { resolve: (s: ParseSummary) => void; reject: (e: unknown) => void } | null = null;
  let result: { summary: ParseSummary } | { error: unknown } | null = null;
  let delivered = false;
  const failed = (): boolean => result !== null && 'error' in result;
  const deliver = (): void => {
    if (delivered || !settle || !result || (!failed() && waiting.length > 0)) return;
    delivered = true;
    hooks.signal?.removeEventListener('abort', cancel);
    if ('summary' in result) settle.resolve(result.summary);
    else settle.reject(result.error);
  };
  const fail = (error: unknown): void => {
    if (result) return;
    result = { error };
    void worker.terminate();
    deliver();
  };
  const write = (batch: ImportBatch): void => {
    try {
      apply!(batch);
      worker.postMessage({ type: 'ack' } satisfies ParseThreadReply);
    } catch (err) {
      fail(err);
    }
  };
  const cancel = (): void => worker.postMessage({ type: 'cancel' } satisfies ParseThreadReply);
  hooks.signal?.addEventListener('abort', cancel, { once: true });
  worker.on('message', (m: ParseThreadMessage) => {
    if (failed()) return;
    if (m.type === 'batch') {
      if (apply) write(m.batch);
      else waiting.push(m.batch);
    } else if (m.type === 'progress') hooks.onProgress?.(m.progress);
    else if (m.type === 'done') {
      result ??= { summary: m.summary };
      deliver();
    } else fail(m.input ? new InputError(m.input.file, m.input.line, m.input.field, m.input.reason) : workerFailure(m.error));
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the import's parse worker exited with code ${code} before it finished`)));
  return {
    attach(fn) {
      apply = fn;
      while (waiting.length > 0 && !failed()) write(waiting.shift()!);
      waiting.length = 0;
      return new Promise<ParseSummary>((resolve, reject) => {
        settle = { resolve, reject };
        deliver();
      });
    },
    stop: () => fail(new Error('stopped')),
  };
}
