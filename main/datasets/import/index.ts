/**
 * Streaming dataset import: files in, one dataset out, in a single transaction — either every good
 * row is written (and, with skipInvalid, every bad one recorded) or nothing is.
 *
 * The transaction stays open across the awaits that let progress and cancellation through, so the
 * connection passed in must be the import's own (the import worker's), not one shared with callers
 * that write meanwhile.
 */
import type { Db } from '../../db/connection';
import { RATING_LIMIT, type ImportFormat, type ImportPreview, type ImportResult } from '../../../preload/api';
import { CancelledError, StudioError, badInput } from '../../errors';
import { detectFormat, sniffFormat } from './detect';
import { totalBytes } from './files';
import type { Plan, PreviewParts } from './format';
import { planRecbole, previewRecbole } from './recbole';
import { planMovielens, previewMovielens } from './movielens';
import { planAmazon, previewAmazon } from './amazon';
import { planGeneric, previewGeneric } from './generic';
import { inferRatingRange, RATING_SAMPLE } from './ratings';
import { Session, type ImportHooks, type ImportOptions, type ImportProgress, type RatingPolicy } from './session';
import { Writer } from './writer';

export type { ImportHooks, ImportOptions, ImportProgress };
export { detectFormat };
export { checkpoint } from './writer';

function plan(opts: ImportOptions): Plan {
  switch (opts.format) {
    case 'recbole':
      return planRecbole(opts.files);
    case 'movielens':
      return planMovielens(opts.files);
    case 'amazon':
      return planAmazon(opts.files);
    case 'csv':
    case 'jsonl':
      return planGeneric(opts.files, opts.format, opts.map ?? {});
    default:
      throw badInput(`unknown import format "${String(opts.format)}"`);
  }
}

/**
 * The ratings this import accepts: the range given, or the one inferred from the first ratings, exactly as the
 * preview shows it. Data the preview cannot read gets the widest range here; the import itself then reports why.
 */
async function ratingPolicy(opts: ImportOptions): Promise<RatingPolicy> {
  if (opts.ratingRange) return { range: opts.ratingRange, source: 'the range given for this import' };
  let preview: ImportPreview | null = null;
  try {
    preview = await previewImport(opts.files, opts.format, opts.map);
  } catch {
    // The import reads the same files and names the problem with its file and line.
  }
  if (preview?.ratings)
    return {
      range: preview.ratings.range,
      source: `inferred from the first ${preview.ratings.count.toLocaleString('en-US')} ratings`,
    };
  return { range: [-RATING_LIMIT, RATING_LIMIT], source: 'no ratings in the first rows to infer a scale from' };
}

export async function runImport(db: Db, opts: ImportOptions, hooks: ImportHooks = {}): Promise<ImportResult> {
  if (opts.files.length === 0) throw badInput('choose at least one file');
  const p = plan(opts);
  const bytesTotal = totalBytes(p.files);
  const ratings = await ratingPolicy(opts);
  if (hooks.signal?.aborted) throw new CancelledError();
  const writer = await Writer.begin(
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
  const session = new Session(writer, opts.skipInvalid ?? false, bytesTotal, hooks, ratings);
  let counts;
  try {
    await p.run(session);
    if (writer.counts.interactions === 0) throw nothingToImport(writer);
    session.checkCancelled();
    session.setPhase('saving');
    counts = writer.commit();
  } catch (err) {
    writer.rollback();
    throw err;
  }
  session.setPhase('done');
  return { datasetId: writer.datasetId, name: writer.name, ...counts };
}

function nothingToImport(writer: Writer): StudioError {
  const first = writer.firstSkip();
  return new StudioError(
    'bad_input',
    first
      ? `nothing to import: all ${writer.counts.skipped} rows were invalid (first: ${first.file}:${first.line}: ${first.reason})`
      : 'nothing to import: the files hold no interactions',
  );
}

/**
 * The columns and first rows of what an import would read, the format it would use, (csv/jsonl) a column mapping,
 * and the ratings of the first RATING_SAMPLE rows with the range the import will accept unless told otherwise.
 */
export async function previewImport(
  files: string[],
  format?: ImportFormat,
  map?: Record<string, string>,
): Promise<ImportPreview & { notes: string[] }> {
  if (files.length === 0) throw badInput('choose at least one file');
  const fmt = format ?? detectFormat(files) ?? (await sniffFormat(files));
  let parts: PreviewParts;
  switch (fmt) {
    case 'recbole':
      parts = await previewRecbole(files);
      break;
    case 'movielens':
      parts = await previewMovielens(files);
      break;
    case 'amazon':
      parts = await previewAmazon(files);
      break;
    case 'csv':
    case 'jsonl':
      parts = await previewGeneric(files, fmt, map);
      break;
  }
  const { ratings, ...rest } = parts;
  const summary = inferRatingRange(ratings);
  const notes = summary
    ? [
        ...rest.notes,
        `ratings ${summary.min} to ${summary.max} in the first ${summary.count.toLocaleString('en-US')} rows` +
          (summary.count >= RATING_SAMPLE ? ' read' : ''),
      ]
    : rest.notes;
  return { format: fmt, ...rest, notes, ratings: summary };
}
