/**
 * Amazon reviews, JSON lines, plain or gzip: the 2014/2018 dumps (reviewerID, asin, overall, …) and
 * the 2023 one (user_id, parent_asin, rating, text, timestamp in ms). Metadata files (name contains
 * "meta") are read first, so items carry their titles; reviewed items without metadata are created bare.
 */
import { basename } from 'node:path';
import { InputError, StudioError } from '../../errors';
import { expandPaths, stem } from './files';
import { headLines, cell, SAMPLE_ROWS, type Plan, type PreviewParts } from './format';
import { RATING_SAMPLE } from './ratings';
import type { Session } from './session';
import { jsonId, jsonNumber, jsonText, parseObject } from './values';

const isMeta = (path: string): boolean => /meta/i.test(basename(path));

/**
 * The 2023 dump renamed every key (and its `title` is the review's headline, the old `summary`); a
 * record is read with one era's names so errors name the key that is there.
 */
const OLD_KEYS = { user: 'reviewerID', rating: 'overall', review: 'reviewText', summary: 'summary' } as const;
const NEW_KEYS = { user: 'user_id', rating: 'rating', review: 'text', summary: 'title' } as const;

function review(s: Session, file: string, text: string, line: number): void {
  const o = parseObject(text, file, line);
  const w = s.sink;
  const old =
    o.user_id === undefined &&
    o.parent_asin === undefined &&
    (o.reviewerID !== undefined || o.overall !== undefined || o.unixReviewTime !== undefined);
  const k = old ? OLD_KEYS : NEW_KEYS;
  const itemKey = !old && o.parent_asin !== undefined && o.parent_asin !== null ? 'parent_asin' : 'asin';
  const userExt = jsonId(o[k.user], file, line, k.user, 'user');
  const itemExt = jsonId(o[itemKey], file, line, itemKey, 'item');
  const rating = s.rating(jsonNumber(o[k.rating], file, line, k.rating), file, line, k.rating);
  let ts: number | null;
  if (old) ts = jsonNumber(o.unixReviewTime, file, line, 'unixReviewTime');
  else {
    const ms = jsonNumber(o.timestamp, file, line, 'timestamp');
    ts = ms === null ? null : Math.floor(ms / 1000);
  }
  const reviewText = jsonText(o[k.review], file, line, k.review);
  const summary = jsonText(o[k.summary], file, line, k.summary);
  const name = old ? jsonText(o.reviewerName, file, line, 'reviewerName') : null;
  const u = w.userId(userExt) ?? w.addUser(userExt, name ? { name } : null);
  const i = w.itemId(itemExt) ?? w.addItem(itemExt, null, null);
  w.addInteraction(u, i, rating, ts, reviewText || null, summary || null);
}

/** Categories come as ["a", "b"] (2018/2023) or [["a", "b"], ["a", "c"]] (2014): one flat list, first occurrence kept. */
function flatCategories(value: unknown): string[] {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'string' && v.trim() !== '') out.add(v.trim());
  };
  walk(value);
  return [...out];
}

/** "$12.99" or 12.99; ranges ("$5.99 - $9.99") and blanks, common in the dumps, are no price rather than an error. */
function price(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = /^\s*\$?\s*(\d[\d,]*(?:\.\d+)?)\s*$/.exec(value);
  return m ? Number(m[1]!.replace(/,/g, '')) : undefined;
}

function metadata(s: Session, file: string, text: string, line: number): void {
  const o = parseObject(text, file, line);
  const idKey = o.parent_asin !== undefined && o.parent_asin !== null ? 'parent_asin' : 'asin';
  const id = jsonId(o[idKey], file, line, idKey, 'item');
  // The dumps repeat some products; the first record wins.
  if (s.sink.itemId(id) !== undefined) return;
  const title = jsonText(o.title, file, line, 'title');
  const attrs: Record<string, unknown> = {};
  const brandKey = o.brand !== undefined ? 'brand' : 'store';
  const brand = jsonText(o[brandKey], file, line, brandKey);
  if (brand) attrs.brand = brand;
  const categories = flatCategories(o.categories ?? o.category);
  if (categories.length > 0) attrs.categories = categories;
  const p = price(o.price);
  if (p !== undefined) attrs.price = p;
  const main = o.main_category ?? o.main_cat;
  if (typeof main === 'string' && main !== '') attrs.mainCategory = main;
  s.sink.addItem(id, title || null, attrs);
}

function split(paths: string[]): { meta: string[]; reviews: string[] } {
  // The dumps come as NAME.json.gz, and sometimes as a bare NAME.gz (judged here without the .gz).
  const files = expandPaths(
    paths,
    (n) => /\.(json|jsonl|ndjson)$/i.test(n) || !n.includes('.'),
    'Amazon review files (.json, .jsonl, plain or .gz)',
  );
  const meta = files.filter(isMeta);
  const reviews = files.filter((f) => !isMeta(f));
  if (reviews.length === 0)
    throw new StudioError('bad_input', 'an Amazon dataset needs a reviews file (metadata alone has no interactions)');
  return { meta, reviews };
}

export function planAmazon(paths: string[]): Plan {
  const { meta, reviews } = split(paths);
  return {
    files: [...meta, ...reviews],
    derivedName: stem(reviews[0]!),
    async run(s) {
      for (const m of meta) {
        const file = basename(m);
        await s.eachLine(m, 'utf8', (t, n) => metadata(s, file, t, n));
      }
      for (const r of reviews) {
        const file = basename(r);
        await s.eachLine(r, 'utf8', (t, n) => review(s, file, t, n));
      }
    },
  };
}

export async function previewAmazon(paths: string[]): Promise<PreviewParts> {
  const { meta, reviews } = split(paths);
  const first = reviews[0]!;
  const notes: string[] = [
    `reviews: ${reviews.map((f) => basename(f)).join(', ')}`,
    meta.length > 0 ? `metadata: ${meta.map((f) => basename(f)).join(', ')}` : 'no metadata file: items get no titles',
  ];
  const columns: string[] = [];
  const sample: Record<string, string>[] = [];
  const ratings: number[] = [];
  const lines = await headLines(first, RATING_SAMPLE);
  for (const [i, { text, line }] of lines.entries()) {
    let o: Record<string, unknown>;
    try {
      o = parseObject(text, basename(first), line);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      if (i < SAMPLE_ROWS) notes.push(err.message);
      continue;
    }
    const rating = o.overall ?? o.rating;
    if (rating !== undefined && rating !== null && rating !== '') ratings.push(Number(rating));
    if (i >= SAMPLE_ROWS) continue;
    for (const k of Object.keys(o)) if (!columns.includes(k)) columns.push(k);
    sample.push(Object.fromEntries(Object.entries(o).map(([k, v]) => [k, cell(v)])));
  }
  return { columns, sample, suggestedMap: {}, notes, ratings };
}
