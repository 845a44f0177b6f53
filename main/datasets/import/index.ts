/**
 * Streaming dataset import: files in, one dataset out, in a single transaction — either every good
 * row is written (and, with skipInvalid, every bad one recorded) or nothing is.
 *
 * The transaction stays open across the awaits that let progress and cancellation through, so the
 * connection passed in must be the import's own (the import worker's), not one shared with callers
 * that write meanwhile.
 */
import type { Db } from '../../db/connection';
import type { ImportResult } from '../../../preload/api';
import { CancelledError, StudioError, badInput } from '../../errors';
import { detectFormat } from './detect';
import { totalBytes } from './files';
import { RowSink, type ImportBatch, type ParseSummary } from './batch';
import { parseImport, plan } from './parse';
import { PARSE_THREAD_BYTES, startParseThread } from './parse-thread';
import type { ImportHooks, ImportOptions, ImportProgress } from './session';
import { Writer } from './writer';

export type { ImportHooks, ImportOptions, ImportProgress };
export { detectFormat };
export { checkpoint } from './writer';
export { previewImport } from './preview';

export interface ImportTuning {
  /** Where rows are parsed: on a worker thread from PARSE_THREAD_BYTES of input on ('auto'), always, or never. */
  parseThread?: 'auto' | 'always' | 'never';
}

/**
 * Reads the files into a new dataset. Large inputs parse on a worker thread that hands over batches while this
 * thread writes the ones before; small ones parse here between writes. Either way the rows, ids and errors are
 * the same (the parser never sees the database; see batch.ts).
 */
export async function runImport(db: Db, opts: ImportOptions, hooks: ImportHooks = {}, tuning: ImportTuning = {}): Promise<ImportResult> {
  if (opts.files.length === 0) throw badInput('choose at least one file');
  const p = plan(opts);
  const bytesTotal = totalBytes(p.files);
  const mode = tuning.parseThread ?? 'auto';
  const thread =
    mode === 'always' || (mode === 'auto' && bytesTotal >= PARSE_THREAD_BYTES)
      ? startParseThread({ options: opts, bytesTotal }, hooks)
      : null;
  let writer: Writer;
  try {
    if (hooks.signal?.aborted) throw new CancelledError();
    writer = await Writer.begin(
      db,
      {
        ...(opts.name !== undefined ? { name: opts.name } : {}),
        derivedName: p.derivedName,
        format: opts.format,
        source: JSON.stringify(p.files),
      },
      {
        bytes: bytesTotal,
        ...(hooks.signal ? { signal: hooks.signal } : {}),
        onWait: () =>
          hooks.onProgress?.({ rows: 0, bytesDone: 0, bytesTotal, phase: 'waiting for the workspace: another studio process is writing' }),
      },
    );
  } catch (err) {
    thread?.stop();
    throw err;
  }
  let summary: ParseSummary;
  try {
    const apply = (batch: ImportBatch): void => writer.apply(batch);
    summary = thread ? await thread.attach(apply) : await parseImport(opts, new RowSink(apply), hooks, bytesTotal);
    if (summary.interactions === 0) throw nothingToImport(summary);
    if (hooks.signal?.aborted) throw new CancelledError();
    hooks.onProgress?.({ rows: summary.rows, bytesDone: bytesTotal, bytesTotal, phase: 'saving' });
    writer.commit(summary.lateTitles);
  } catch (err) {
    writer.rollback();
    throw err;
  }
  hooks.onProgress?.({ rows: summary.rows, bytesDone: bytesTotal, bytesTotal, phase: 'done' });
  const { users, items, interactions, skipped } = summary;
  return { datasetId: writer.datasetId, name: writer.name, users, items, interactions, skipped };
}

function nothingToImport(summary: ParseSummary): StudioError {
  const first = summary.firstSkip;
  return new StudioError(
    'bad_input',
    first
      ? `nothing to import: all ${summary.skipped} rows were invalid (first: ${first.file}:${first.line}: ${first.reason})`
      : 'nothing to import: the files hold no interactions',
  );
}
