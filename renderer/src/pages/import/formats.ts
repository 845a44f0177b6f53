/** What the import dialog offers and how it reads the back end's words: formats, mappable fields, located errors. */
import type { ImportFormat, MAP_FIELDS as ContractMapFields } from '../../../../preload/api';

export const FORMATS: ReadonlyArray<{ value: ImportFormat; label: string; hint: string }> = [
  { value: 'recbole', label: 'RecBole atomic files', hint: '.inter with optional .user / .item (typed headers like user_id:token)' },
  { value: 'movielens', label: 'MovieLens', hint: 'ml-100k u.data / u.item / u.user, or ml-1m+ ratings.dat / movies.dat / users.dat' },
  {
    value: 'amazon',
    label: 'Amazon reviews',
    hint: 'reviews JSON lines (reviewerID, asin, overall, reviewText, summary) with optional meta',
  },
  { value: 'csv', label: 'CSV / TSV', hint: 'one interaction per row; map the columns below' },
  { value: 'jsonl', label: 'JSON lines', hint: 'one interaction object per line; map the keys below' },
];

/** The contract's MAP_FIELDS, typed against it (a mismatch fails to compile) without pulling zod into the window's bundle. */
export const MAP_FIELDS: typeof ContractMapFields = ['user', 'item', 'rating', 'timestamp', 'review', 'summary', 'title'];

export const FIELD_HELP: Record<(typeof MAP_FIELDS)[number], string> = {
  user: 'user id (required)',
  item: 'item id (required)',
  rating: 'numeric rating',
  timestamp: 'Unix seconds or ISO date',
  review: 'review text',
  summary: 'review summary / title',
  title: 'item title',
};

export const REQUIRED = new Set(['user', 'item']);
export const needsMap = (f: ImportFormat) => f === 'csv' || f === 'jsonl';

/** `file:line field "x": reason` — how the back end words bad input in a job's error. */
export function parseWhere(message: string): { file?: string; line?: number; field?: string; reason: string } | null {
  const m = /^(.+?):(\d+)(?: field "([^"]*)")?: (.*)$/s.exec(message);
  if (!m) return null;
  return { file: m[1] as string, line: Number(m[2]), ...(m[3] ? { field: m[3] } : {}), reason: m[4] as string };
}

/** The rating range fields: two numbers, lo below hi; null while they do not make a range. */
export function readRange(lo: string, hi: string): [number, number] | null {
  if (lo.trim() === '' || hi.trim() === '') return null;
  const a = Number(lo);
  const b = Number(hi);
  return Number.isFinite(a) && Number.isFinite(b) && a < b ? [a, b] : null;
}
