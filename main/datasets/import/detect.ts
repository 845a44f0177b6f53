/** Guessing the format: by file names first (cheap, sync), by the first line when names say nothing. */
import { readdirSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { ImportFormat } from '../../../preload/api';
import { expandPaths, unzipped } from './files';
import { headLines } from './format';
import { parsePythonLiteral } from './pyliteral';

export const MOVIELENS_FILES = ['u.data', 'u.item', 'u.user', 'ratings.dat', 'movies.dat', 'users.dat'];

function namesOf(path: string): string[] {
  try {
    if (statSync(path).isDirectory()) return readdirSync(path).map((n) => n.toLowerCase());
  } catch {
    // A missing path still has a name to judge by; the import itself reports it missing.
  }
  return [basename(path).toLowerCase()];
}

export function detectFormat(files: string[]): ImportFormat | null {
  const zipped = files.flatMap(namesOf);
  if (zipped.length === 0) return null;
  // Judged without .gz (x.inter.gz is RecBole), except that a bare .gz among the names still says Amazon below.
  const names = zipped.map(unzipped);
  if (names.some((n) => n.endsWith('.inter'))) return 'recbole';
  // Before .item/.user: MovieLens 100K's u.item and u.user end the same way.
  if (names.some((n) => MOVIELENS_FILES.includes(n))) return 'movielens';
  if (names.some((n) => /\.(item|user)$/.test(n))) return 'recbole';
  const data = names.filter((n) => !n.startsWith('.') && !/^readme/.test(n));
  // Amazon's dumps are gzipped JSON lines (Books.jsonl.gz, reviews_Books_5.json.gz, sometimes a bare NAME.gz).
  const zippedJson = zipped.some((n) => /\.gz$/.test(n) && !/\.(csv|tsv|txt)\.gz$/.test(n));
  if (zippedJson || data.some((n) => /meta/.test(n) || /^reviews?_/.test(n) || /\.json$/.test(n))) return 'amazon';
  if (data.length > 0 && data.every((n) => /\.(jsonl|ndjson)$/.test(n))) return 'jsonl';
  if (data.length > 0 && data.every((n) => /\.(csv|tsv)$/.test(n))) return 'csv';
  return null;
}

const AMAZON_KEYS = ['reviewerID', 'asin', 'parent_asin', 'overall', 'unixReviewTime'];

/** Looks at the first line: JSON objects with Amazon's keys, RecBole's `name:type` header, or else delimited text. */
export async function sniffFormat(files: string[]): Promise<ImportFormat> {
  const first = expandPaths(files, () => true)[0]!;
  const [head] = await headLines(first, 1);
  const text = head?.text.trim() ?? '';
  if (text.startsWith('{')) {
    let obj: unknown = null;
    try {
      obj = text.startsWith("{'") ? parsePythonLiteral(text) : JSON.parse(text);
    } catch {
      return 'jsonl';
    }
    const keys = obj && typeof obj === 'object' ? Object.keys(obj) : [];
    return keys.some((k) => AMAZON_KEYS.includes(k)) ? 'amazon' : 'jsonl';
  }
  if (/^[^\t:]+:(token|token_seq|float|float_seq)(\t|$)/.test(text)) return 'recbole';
  return 'csv';
}
