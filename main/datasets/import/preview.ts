/** What an import would read, before it reads it: the format, columns, first rows and the ratings' range. */
import type { ImportFormat, ImportPreview } from '../../../preload/api';
import { badInput } from '../../errors';
import { detectFormat, sniffFormat } from './detect';
import type { PreviewParts } from './format';
import { previewRecbole } from './recbole';
import { previewMovielens } from './movielens';
import { previewAmazon } from './amazon';
import { previewGeneric } from './generic';
import { inferRatingRange, RATING_SAMPLE } from './ratings';

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
