/**
 * RecBole atomic files: X.inter (required), X.item, X.user; tab-separated, header `name:type`.
 * The .user and .item files are read first so that .inter rows can be checked against them.
 */
import { basename } from 'node:path';
import { StudioError, InputError, badInput } from '../../errors';
import { expandPaths, stem, unzipped } from './files';
import { headLines, rowOf, SAMPLE_ROWS, type Plan, type PreviewParts } from './format';
import { RATING_SAMPLE } from './ratings';
import type { Session } from './session';
import { parseNumber, parseOptionalNumber, requireId, clip } from './values';

const TYPES = ['token', 'token_seq', 'float', 'float_seq'] as const;
type FieldType = (typeof TYPES)[number];
interface Field {
  name: string;
  type: FieldType;
}

const USER = 'user_id';
const ITEM = 'item_id';
const RATING = 'rating';
const TIME = 'timestamp';
const REVIEW = ['review', 'review_text', 'text'];
const SUMMARY = ['summary'];
const TITLE = ['title', 'movie_title', 'name'];

const KIND = /\.(inter|item|user)$/;
// RecBole's benchmark splits: order them as they are meant to be read, so seq follows time of writing.
const SPLIT_ORDER = ['.train.inter', '.valid.inter', '.test.inter'];

interface Files {
  inter: string[];
  item?: string;
  user?: string;
}

function classify(paths: string[]): Files {
  const files = expandPaths(paths, (n) => KIND.test(n), 'RecBole files (.inter, .item, .user, plain or .gz)');
  const items = files.filter((f) => unzipped(f).endsWith('.item'));
  const users = files.filter((f) => unzipped(f).endsWith('.user'));
  // A file chosen by hand under another name (data.tsv) is read as interactions: its header says what it holds.
  const inter = files.filter((f) => !items.includes(f) && !users.includes(f));
  if (inter.length === 0) throw new StudioError('bad_input', 'a RecBole dataset needs a .inter file');
  if (items.length > 1 || users.length > 1) throw badInput('a RecBole dataset has at most one .item and one .user file');
  const rank = (f: string): number => SPLIT_ORDER.findIndex((s) => unzipped(f).endsWith(s));
  inter.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return { inter, ...(items[0] ? { item: items[0] } : {}), ...(users[0] ? { user: users[0] } : {}) };
}

export function parseHeader(text: string, file: string): Field[] {
  return text.split('\t').map((spec) => {
    const colon = spec.lastIndexOf(':');
    const name = colon < 0 ? spec : spec.slice(0, colon);
    const type = colon < 0 ? '' : spec.slice(colon + 1);
    if (name === '') throw new InputError(file, 1, null, `bad header field ${JSON.stringify(spec)}: expected name:type`);
    if (!(TYPES as readonly string[]).includes(type)) {
      throw new InputError(file, 1, name, `bad header field ${JSON.stringify(spec)}: the type must be one of ${TYPES.join(', ')}`);
    }
    return { name, type: type as FieldType };
  });
}

function column(fields: Field[], names: string[]): number {
  for (const n of names) {
    const i = fields.findIndex((f) => f.name === n);
    if (i >= 0) return i;
  }
  return -1;
}

function required(fields: Field[], name: string, file: string): number {
  const i = column(fields, [name]);
  if (i < 0)
    throw new InputError(file, 1, name, `missing column "${name}" in the header (columns: ${fields.map((f) => f.name).join(', ')})`);
  return i;
}

/**
 * Splits a row on tabs into `out` and checks its width; a short row names the first column it lacks. `out` is reused
 * from row to row (read its cells before the next row): a fresh array per row was most of the split's cost.
 */
function cells(text: string, fields: Field[], file: string, line: number, out: string[]): string[] {
  const width = fields.length;
  let n = 0;
  let extra = false;
  let start = 0;
  for (;;) {
    const tab = text.indexOf('\t', start);
    const cell = tab < 0 ? text.slice(start) : text.slice(start, tab);
    if (n < width) out[n] = cell;
    else if (cell !== '') extra = true;
    n++;
    if (tab < 0) break;
    start = tab + 1;
  }
  if (n < width) {
    throw new InputError(file, line, fields[n]!.name, `missing column: expected ${width} tab-separated fields, found ${n}`);
  }
  if (extra) throw new InputError(file, line, null, `too many fields: expected ${width}, found ${n}`);
  return out;
}

/** Converts by declared type; empty values are left out rather than stored as empty strings. */
function value(field: Field, text: string, file: string, line: number): unknown {
  if (text === '') return undefined;
  switch (field.type) {
    case 'token':
      return text;
    case 'token_seq':
      return text.split(' ').filter((t) => t !== '');
    case 'float':
      return parseNumber(text, file, line, field.name);
    case 'float_seq':
      return text
        .split(' ')
        .filter((t) => t !== '')
        .map((t) => parseNumber(t, file, line, field.name));
  }
}

function record(fields: Field[], f: string[], skip: Set<number>, file: string, line: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < fields.length; i++) {
    if (skip.has(i)) continue;
    const v = value(fields[i]!, f[i]!, file, line);
    if (v !== undefined) out[fields[i]!.name] = v;
  }
  return out;
}

async function readEntities(s: Session, path: string, kind: 'user' | 'item'): Promise<void> {
  const file = basename(path);
  const w = s.sink;
  let fields: Field[] = [];
  const row: string[] = [];
  let idCol = -1;
  let titleCol = -1;
  const skip = new Set<number>();
  await s.eachLine(
    path,
    'utf8',
    (text, line) => {
      const f = cells(text, fields, file, line, row);
      const ext = requireId(f[idCol]!, file, line, fields[idCol]!.name, kind);
      const props = record(fields, f, skip, file, line);
      if (kind === 'user') {
        if (w.userId(ext) !== undefined) throw new InputError(file, line, fields[idCol]!.name, `duplicate user "${clip(ext)}"`);
        w.addUser(ext, props);
      } else {
        if (w.itemId(ext) !== undefined) throw new InputError(file, line, fields[idCol]!.name, `duplicate item "${clip(ext)}"`);
        const title = titleCol >= 0 && f[titleCol] !== '' ? f[titleCol]! : null;
        w.addItem(ext, title, props);
      }
    },
    (text) => {
      fields = parseHeader(text, file);
      idCol = required(fields, kind === 'user' ? USER : ITEM, file);
      skip.add(idCol);
      if (kind === 'item') {
        titleCol = column(fields, TITLE);
        if (titleCol >= 0) skip.add(titleCol);
      }
    },
  );
}

async function readInteractions(s: Session, path: string, known: { users?: string; items?: string }): Promise<void> {
  const file = basename(path);
  const w = s.sink;
  let fields: Field[] = [];
  const row: string[] = [];
  let u = -1;
  let it = -1;
  let r = -1;
  let t = -1;
  let rv = -1;
  let sm = -1;
  await s.eachLine(
    path,
    'utf8',
    (text, line) => {
      const f = cells(text, fields, file, line, row);
      const userExt = requireId(f[u]!, file, line, USER, 'user');
      const itemExt = requireId(f[it]!, file, line, ITEM, 'item');
      const rating = r < 0 ? null : s.rating(parseOptionalNumber(f[r], file, line, RATING), file, line, RATING);
      // Kept as given, fractions included: ts orders a user's history and rounding would invent ties.
      const ts = t < 0 ? null : parseOptionalNumber(f[t], file, line, TIME);
      let userId = w.userId(userExt);
      if (userId === undefined && known.users)
        throw new InputError(file, line, USER, `unknown user "${clip(userExt)}": not in ${known.users}`);
      let itemId = w.itemId(itemExt);
      if (itemId === undefined && known.items)
        throw new InputError(file, line, ITEM, `unknown item "${clip(itemExt)}": not in ${known.items}`);
      userId ??= w.addUser(userExt, null);
      itemId ??= w.addItem(itemExt, null, null);
      const review = rv < 0 || f[rv] === '' ? null : f[rv]!;
      const summary = sm < 0 || f[sm] === '' ? null : f[sm]!;
      w.addInteraction(userId, itemId, rating, ts, review, summary);
    },
    (text) => {
      fields = parseHeader(text, file);
      u = required(fields, USER, file);
      it = required(fields, ITEM, file);
      r = column(fields, [RATING]);
      t = column(fields, [TIME]);
      rv = column(fields, REVIEW);
      sm = column(fields, SUMMARY);
    },
  );
}

export function planRecbole(paths: string[]): Plan {
  const files = classify(paths);
  return {
    files: [...(files.user ? [files.user] : []), ...(files.item ? [files.item] : []), ...files.inter],
    derivedName: stem(files.inter[0]!).replace(/\.(train|valid|test)$/, ''),
    async run(s) {
      if (files.user) await readEntities(s, files.user, 'user');
      if (files.item) await readEntities(s, files.item, 'item');
      const known = { ...(files.user ? { users: basename(files.user) } : {}), ...(files.item ? { items: basename(files.item) } : {}) };
      for (const inter of files.inter) await readInteractions(s, inter, known);
    },
  };
}

export async function previewRecbole(paths: string[]): Promise<PreviewParts> {
  const files = classify(paths);
  const inter = files.inter[0]!;
  const [head, ...lines] = await headLines(inter, RATING_SAMPLE + 1);
  if (!head) throw new InputError(basename(inter), 1, null, 'the file is empty: expected a header line');
  const fields = parseHeader(head.text, basename(inter));
  const columns = fields.map((f) => f.name);
  const rows = lines.slice(0, SAMPLE_ROWS);
  const r = column(fields, [RATING]);
  const ratings = r < 0 ? [] : lines.map((l) => Number(l.text.split('\t')[r] || NaN));
  const used = [USER, ITEM, RATING, TIME, ...REVIEW, ...SUMMARY];
  const ignored = columns.filter((c) => !used.includes(c));
  const notes = [
    `reads ${[files.user, files.item, ...files.inter]
      .filter(Boolean)
      .map((f) => basename(f!))
      .join(', ')}`,
    ...(ignored.length > 0 ? [`.inter columns not imported: ${ignored.join(', ')}`] : []),
    ...(files.user ? [] : ['no .user file: users are created from the interactions']),
    ...(files.item ? [] : ['no .item file: items are created from the interactions']),
  ];
  return { columns, sample: rows.map((row) => rowOf(columns, row.text.split('\t'))), suggestedMap: {}, notes, ratings };
}
