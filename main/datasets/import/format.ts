/** What each format module provides: a plan for importing, and a preview. */
import { basename } from 'node:path';
import { InputError } from '../../errors';
import { readLines, WRONG_ENCODING, type Encoding } from './lines';
import type { Session } from './session';

export interface Plan {
  /** Every file that will be read, in reading order (for the byte total and the dataset's source). */
  files: string[];
  derivedName: string;
  run(s: Session): Promise<void>;
}

export interface PreviewParts {
  columns: string[];
  sample: Record<string, string>[];
  suggestedMap: Record<string, string>;
  /** What the import will do with the columns, and lines the preview could not read. */
  notes: string[];
  /** The ratings of the first rows (up to RATING_SAMPLE), to infer the range an import accepts; NaN for unreadable ones. */
  ratings: number[];
}

export const SAMPLE_ROWS = 20;
const SAMPLE_CELL = 500;

/** The first `count` non-empty lines (all lines with keepEmpty) with their line numbers; stops reading there. */
export async function headLines(
  path: string,
  count: number,
  encoding: Encoding = 'utf8',
  keepEmpty = false,
): Promise<{ text: string; line: number }[]> {
  const out: { text: string; line: number }[] = [];
  for await (const { first, lines } of readLines(path, { encoding, highWaterMark: 64 * 1024 })) {
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i] as string | null;
      if (text === '' && !keepEmpty) continue;
      if (text === null) throw new InputError(basename(path), first + i, null, WRONG_ENCODING);
      out.push({ text, line: first + i });
      if (out.length >= count) return out;
    }
  }
  return out;
}

/** A preview cell: text as-is (clipped), other JSON values as JSON. */
export function cell(value: unknown): string {
  const text = typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value);
  return text.length > SAMPLE_CELL ? `${text.slice(0, SAMPLE_CELL)}…` : text;
}

export function rowOf(columns: string[], fields: string[]): Record<string, string> {
  const row: Record<string, string> = {};
  columns.forEach((c, i) => (row[c] = cell(fields[i] ?? '')));
  return row;
}
