/**
 * The reading half of an import: plans the files, settles the ratings' range, and streams every row through the
 * format's parser into a RowSink. It touches no database, so it runs as well on a thread of its own
 * (parse-worker.ts) as on the writer's.
 */
import type { ImportPreview } from '../../../preload/api';
import { RATING_LIMIT } from '../../../preload/import-limits';
import { badInput } from '../../errors';
import type { Plan } from './format';
import { planRecbole } from './recbole';
import { planMovielens } from './movielens';
import { planAmazon } from './amazon';
import { planGeneric } from './generic';
import { previewImport } from './preview';
import type { ParseSummary, RowSink } from './batch';
import { Session, type ImportHooks, type ImportOptions, type RatingPolicy } from './session';

export function plan(opts: ImportOptions): Plan {
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
export async function ratingPolicy(opts: ImportOptions): Promise<RatingPolicy> {
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

/** Reads every row of the import into `sink`; `bytesTotal` sizes progress. */
export async function parseImport(opts: ImportOptions, sink: RowSink, hooks: ImportHooks, bytesTotal: number): Promise<ParseSummary> {
  const p = plan(opts);
  const ratings = await ratingPolicy(opts);
  const session = new Session(sink, opts.skipInvalid ?? false, bytesTotal, hooks, ratings);
  await p.run(session);
  session.checkCancelled();
  return sink.finish(session.rowsRead);
}
