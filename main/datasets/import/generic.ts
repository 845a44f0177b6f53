/**
 * Generic CSV/TSV and JSON lines: a map says which column holds each field (MAP_FIELDS); without
 * one, common column names are recognised. Columns no field maps to are not imported.
 */
import { basename } from 'node:path';
import type { ImportFormat } from '../../../preload/api';
import { MAP_FIELDS } from '../../../preload/import-limits';
import { InputError, StudioError, badInput } from '../../errors';
import { RecordAssembler, sniffDelimiter, splitRecord, UNTERMINATED } from './delimited';
import { expandPaths, stem } from './files';
import { cell, headLines, rowOf, SAMPLE_ROWS, type Plan, type PreviewParts } from './format';
import { RATING_SAMPLE } from './ratings';
import type { Session } from './session';
import type { RowSink } from './batch';
import { jsonId, jsonNumber, jsonText, parseObject, parseOptionalNumber, parseTimestamp, requireId, clip } from './values';

export type MapField = (typeof MAP_FIELDS)[number];
export type ColumnMap = Partial<Record<MapField, string>>;

/** Column names each field is recognised by, compared lowercased without punctuation, best first. */
const KNOWN: Record<MapField, string[]> = {
  user: ['userid', 'user', 'uid', 'reviewerid', 'customerid', 'visitorid'],
  item: ['itemid', 'item', 'iid', 'parentasin', 'asin', 'productid', 'movieid', 'product', 'movie'],
  rating: ['rating', 'score', 'stars', 'overall'],
  timestamp: ['timestamp', 'time', 'ts', 'date', 'datetime', 'unixreviewtime', 'createdat'],
  review: ['review', 'text', 'reviewtext', 'body', 'comment'],
  summary: ['summary', 'headline'],
  title: ['title', 'itemtitle', 'movietitle', 'producttitle', 'name'],
};

const norm = (c: string): string => c.toLowerCase().replace(/[^a-z0-9]/g, '');

export function suggestMap(columns: string[]): ColumnMap {
  const map: ColumnMap = {};
  const used = new Set<string>();
  for (const field of MAP_FIELDS) {
    for (const want of KNOWN[field]) {
      const col = columns.find((c) => norm(c) === want && !used.has(c));
      if (col !== undefined) {
        map[field] = col;
        used.add(col);
        break;
      }
    }
  }
  return map;
}

function checkMap(map: Record<string, string>): ColumnMap {
  for (const [k, v] of Object.entries(map)) {
    if (!(MAP_FIELDS as readonly string[]).includes(k)) throw badInput(`cannot map "${k}": the fields are ${MAP_FIELDS.join(', ')}`);
    if (typeof v !== 'string' || v === '') throw badInput(`the column for "${k}" is empty`);
  }
  return map as ColumnMap;
}

/**
 * The map to use for a file with these columns: the given entries (checked against them), completed by the
 * suggested ones for fields left out (`--map title=name` alone still finds user_id and item_id).
 */
function resolveMap(given: ColumnMap, columns: string[], file: string, line: number): ColumnMap {
  const auto = Object.keys(given).length === 0;
  const taken = new Set(Object.values(given));
  const suggested = Object.entries(suggestMap(columns)).filter(
    ([field, col]) => given[field as keyof ColumnMap] === undefined && !taken.has(col),
  );
  const map = { ...Object.fromEntries(suggested), ...given } as ColumnMap;
  const list = columns.length > 12 ? `${columns.slice(0, 12).join(', ')}, …` : columns.join(', ');
  for (const field of ['user', 'item'] as const) {
    if (map[field] === undefined) {
      throw new InputError(
        file,
        line,
        field,
        `no ${field} column ${auto ? 'recognised' : 'mapped or recognised'} (columns: ${list}); map one with ${field}=<column>`,
      );
    }
  }
  if (!auto) {
    for (const [field, col] of Object.entries(map)) {
      if (!columns.includes(col))
        throw new InputError(file, line, col, `missing column "${col}" (mapped to ${field}); the columns are ${list}`);
    }
  }
  return map;
}

/** Creates the row's user and item as needed; an item's title is taken from the first row that has one. */
class Rows {
  private readonly titled = new Set<number>();
  constructor(private readonly w: RowSink) {}

  add(
    user: string,
    item: string,
    title: string | null,
    rating: number | null,
    ts: number | null,
    review: string | null,
    summary: string | null,
  ): void {
    const w = this.w;
    const u = w.userId(user) ?? w.addUser(user, null);
    let i = w.itemId(item);
    if (i === undefined) {
      i = w.addItem(item, title, null);
      if (title) this.titled.add(i);
    } else if (title && !this.titled.has(i)) {
      w.setTitleLater(i, title);
      this.titled.add(i);
    }
    w.addInteraction(u, i, rating, ts, review, summary);
  }
}

async function csvFile(s: Session, rows: Rows, path: string, given: ColumnMap): Promise<void> {
  const file = basename(path);
  let asm = new RecordAssembler(file, ',');
  let columns: string[] = [];
  const idx: Partial<Record<MapField, number>> = {};
  let need = 0;
  const at = (f: string[], field: MapField): string | undefined => (idx[field] === undefined ? undefined : f[idx[field]!]);
  await s.eachLine(
    path,
    'utf8',
    (text, lineNo) => {
      if (text === '' && asm.unterminated() === null) return;
      const rec = asm.push(text, lineNo);
      if (rec === null) return;
      const { fields: f, line } = rec;
      if (f.length < need) {
        const missing = MAP_FIELDS.find((k) => idx[k] !== undefined && idx[k]! >= f.length)!;
        throw new InputError(file, line, columns[idx[missing]!]!, `missing column: expected ${columns.length} fields, found ${f.length}`);
      }
      const user = requireId(f[idx.user!]!.trim(), file, line, columns[idx.user!]!, 'user');
      const item = requireId(f[idx.item!]!.trim(), file, line, columns[idx.item!]!, 'item');
      const ratingColumn = columns[idx.rating ?? 0]!;
      const rating = s.rating(parseOptionalNumber(at(f, 'rating')?.trim(), file, line, ratingColumn), file, line, ratingColumn);
      const ts = idx.timestamp === undefined ? null : parseTimestamp(f[idx.timestamp]!.trim(), file, line, columns[idx.timestamp]!);
      rows.add(user, item, at(f, 'title') || null, rating, ts, at(f, 'review') || null, at(f, 'summary') || null);
    },
    (text, line) => {
      const delim = sniffDelimiter(text);
      const header = splitRecord(text, delim);
      if (header === null) throw new InputError(file, line, null, `header: ${UNTERMINATED}`);
      columns = header.map((c) => c.trim());
      const map = resolveMap(given, columns, file, line);
      for (const [field, col] of Object.entries(map) as [MapField, string][]) idx[field] = columns.indexOf(col);
      need = Math.max(...Object.values(idx)) + 1;
      asm = new RecordAssembler(file, delim);
    },
    true,
  );
  const open = asm.unterminated();
  if (open !== null) s.reject(new InputError(file, open, null, UNTERMINATED));
}

/** The map for a JSON-lines file, from the first record that parses; every row after follows it. */
async function jsonlMap(path: string, given: ColumnMap): Promise<ColumnMap> {
  const file = basename(path);
  if (given.user !== undefined && given.item !== undefined) {
    // Keys may be missing from some records, so a full given map is checked row by row, not against line 1.
    return given;
  }
  let firstError: InputError | null = null;
  for (const { text, line } of await headLines(path, SAMPLE_ROWS)) {
    try {
      return resolveMap(given, Object.keys(parseObject(text, file, line)), file, line);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      firstError ??= err;
    }
  }
  throw firstError ?? new InputError(file, 1, null, 'the file is empty');
}

async function jsonlFile(s: Session, rows: Rows, path: string, given: ColumnMap): Promise<void> {
  const file = basename(path);
  const map = await jsonlMap(path, given);
  const uk = map.user!;
  const ik = map.item!;
  const { rating: rk, timestamp: tk, review: vk, summary: sk, title: nk } = map;
  await s.eachLine(path, 'utf8', (text, line) => {
    const o = parseObject(text, file, line);
    if (!(uk in o)) throw new InputError(file, line, uk, `missing column "${uk}" (mapped to user)`);
    if (!(ik in o)) throw new InputError(file, line, ik, `missing column "${ik}" (mapped to item)`);
    const user = jsonId(o[uk], file, line, uk, 'user');
    const item = jsonId(o[ik], file, line, ik, 'item');
    const rating = rk === undefined ? null : s.rating(jsonNumber(o[rk], file, line, rk), file, line, rk);
    let ts: number | null = null;
    if (tk !== undefined) {
      const t = o[tk];
      ts = typeof t === 'string' ? parseTimestamp(t.trim(), file, line, tk) : jsonNumber(t, file, line, tk);
    }
    const title = nk === undefined ? null : jsonText(o[nk], file, line, nk);
    const review = vk === undefined ? null : jsonText(o[vk], file, line, vk);
    const summary = sk === undefined ? null : jsonText(o[sk], file, line, sk);
    rows.add(user, item, title || null, rating, ts, review || null, summary || null);
  });
}

const ACCEPT: Record<'csv' | 'jsonl', RegExp> = { csv: /\.(csv|tsv|txt)$/i, jsonl: /\.(jsonl|ndjson|json)$/i };
const WANTED = { csv: 'CSV/TSV files (.csv, .tsv, .txt, plain or .gz)', jsonl: 'JSON lines files (.jsonl, .ndjson, .json, plain or .gz)' };

export function planGeneric(paths: string[], format: 'csv' | 'jsonl', map: Record<string, string>): Plan {
  const given = checkMap(map);
  const files = expandPaths(paths, (n) => ACCEPT[format].test(n), WANTED[format]);
  return {
    files,
    derivedName: stem(files[0]!),
    async run(s) {
      const rows = new Rows(s.sink);
      for (const f of files) await (format === 'csv' ? csvFile : jsonlFile)(s, rows, f, given);
    },
  };
}

function unmappedNote(columns: string[], map: ColumnMap): string[] {
  const mapped = new Set(Object.values(map));
  const rest = columns.filter((c) => !mapped.has(c));
  const missing = (['user', 'item'] as const).filter((f) => map[f] === undefined);
  return [
    ...(missing.length > 0 ? [`no column recognised for ${missing.join(' and ')}: choose one`] : []),
    ...(rest.length > 0 ? [`columns not mapped to a field are not imported: ${rest.map((c) => clip(c, 40)).join(', ')}`] : []),
  ];
}

/**
 * The first rows and columns, the suggested map, and the ratings of the first RATING_SAMPLE rows in the column the
 * map (`given`, or else the suggested one) names for ratings.
 */
export async function previewGeneric(paths: string[], format: ImportFormat, given: Record<string, string> = {}): Promise<PreviewParts> {
  const kind = format === 'jsonl' ? 'jsonl' : 'csv';
  const files = expandPaths(paths, (n) => ACCEPT[kind].test(n), WANTED[kind]);
  const path = files[0];
  if (!path) throw new StudioError('not_found', 'no file to preview');
  const file = basename(path);
  const lines = await headLines(path, RATING_SAMPLE + 1, 'utf8', format !== 'jsonl');
  const notes: string[] = [];
  const sample: Record<string, string>[] = [];
  const records: Record<string, unknown>[] = [];
  let columns: string[] = [];
  if (format === 'jsonl') {
    for (const [i, { text, line }] of lines.entries()) {
      try {
        const o = parseObject(text, file, line);
        records.push(o);
        if (i >= SAMPLE_ROWS) continue;
        for (const k of Object.keys(o)) if (!columns.includes(k)) columns.push(k);
        sample.push(Object.fromEntries(Object.entries(o).map(([k, v]) => [k, cell(v)])));
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        if (i < SAMPLE_ROWS) notes.push(err.message);
      }
    }
  } else {
    const [head, ...rest] = lines;
    if (!head) throw new InputError(file, 1, null, 'the file is empty: expected a header line');
    const delim = sniffDelimiter(head.text);
    columns = (splitRecord(head.text, delim) ?? [head.text]).map((c) => c.trim());
    notes.push(`delimiter: ${delim === '\t' ? 'tab' : delim}`);
    const asm = new RecordAssembler(file, delim);
    for (const { text, line } of rest) {
      if (text === '' && asm.unterminated() === null) continue;
      const rec = asm.push(text, line);
      if (!rec) continue;
      records.push(Object.fromEntries(columns.map((c, k) => [c, rec.fields[k]])));
      if (sample.length < SAMPLE_ROWS) sample.push(rowOf(columns, rec.fields));
    }
  }
  const suggestedMap = suggestMap(columns) as Record<string, string>;
  const ratingKey = given.rating ?? suggestedMap.rating;
  const ratings: number[] = [];
  if (ratingKey !== undefined)
    for (const r of records) {
      const v = r[ratingKey];
      if (v !== undefined && v !== null && v !== '') ratings.push(typeof v === 'number' ? v : Number(String(v).trim()));
    }
  return { columns, sample, suggestedMap, notes: [...notes, ...unmappedNote(columns, suggestedMap)], ratings };
}
