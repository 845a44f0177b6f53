/**
 * What LUM reads (pure): each user's behaviour in time order as (condition, item) pairs, the windows that split it
 * (pretraining prefix, the ranker's training window, the test window: the last interactions by time), the fields an
 * item can be conditioned on, and the vocabularies of the token encoders (docs/algorithms.md §4, Step 1).
 */
import { compareTimeThenSeq } from '../datasets/split';
import { hashString } from '../random';
import { StudioError } from '../errors';

export interface LumUser {
  id: number;
  extId: string;
  features: Record<string, unknown>;
}
export interface LumItem {
  id: number;
  extId: string;
  title: string | null;
  attrs: Record<string, unknown>;
}
export interface LumInteraction {
  itemId: number;
  rating: number | null;
  ts: number | null;
  seq: number;
}
export interface LumRows {
  users: LumUser[];
  items: LumItem[];
  /** Each user's interactions (by user id), sorted by time, ties in source order. */
  sequences: Map<number, LumInteraction[]>;
}

export function prepareRows(rows: LumRows): LumRows {
  for (const list of rows.sequences.values()) list.sort(compareTimeThenSeq);
  return rows;
}

/** Share of each user's interactions (the newest) in the test window, and in the ranker's training window before it. */
export const TEST_SHARE = 0.1;
export const RANK_SHARE = 0.1;

export interface Windows {
  /** [0, pretrainEnd): LUM pretraining, and the history of the ranker's training rows. */
  pretrainEnd: number;
  /** [pretrainEnd, rankEnd): the ranker's training rows; [rankEnd, n): the test rows, whose history is [0, rankEnd). */
  rankEnd: number;
  n: number;
}

/** A user with fewer than 3 interactions gives all of them to pretraining and has no ranker rows. */
export function windowsOf(n: number): Windows {
  if (n < 3) return { pretrainEnd: n, rankEnd: n, n };
  const test = Math.max(1, Math.round(TEST_SHARE * n));
  const rank = Math.max(1, Math.round(RANK_SHARE * n));
  return { pretrainEnd: n - test - rank, rankEnd: n - test, n };
}

/** A field's values as strings: a string, a number, or a list of them (token_seq fields); nothing else counts. */
export function valuesOf(v: unknown): string[] {
  if (typeof v === 'string') return v.trim() ? [v.trim()] : [];
  if (typeof v === 'number' && Number.isFinite(v)) return [String(v)];
  if (Array.isArray(v)) return v.flatMap((x) => (typeof x === 'string' || typeof x === 'number' ? valuesOf(x) : []));
  return [];
}

/** A field with more distinct values than this is an identifier or free text, not a condition. */
export const MAX_CONDITION_VALUES = 512;
const PREFERRED = /^(class|classes|genre|genres|category|categories|cat|type)$/i;
const PREFERRED_LOOSE = /genre|categor|class/i;

export interface FieldInfo {
  field: string;
  distinct: number;
  top: { value: string; items: number }[];
}

/** Item fields whose values can be conditions: categorical, shared by several items, at most MAX_CONDITION_VALUES values. */
export function conditionFields(items: readonly LumItem[]): FieldInfo[] {
  const counts = new Map<string, Map<string, number>>();
  for (const item of items)
    for (const [field, v] of Object.entries(item.attrs)) {
      const values = valuesOf(v);
      if (!values.length) continue;
      let m = counts.get(field);
      if (!m) counts.set(field, (m = new Map()));
      for (const value of new Set(values)) m.set(value, (m.get(value) ?? 0) + 1);
    }
  const out: FieldInfo[] = [];
  for (const [field, m] of counts) {
    if (m.size < 2 || m.size > MAX_CONDITION_VALUES || m.size > 0.5 * items.length) continue;
    const top = [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([value, n]) => ({ value, items: n }));
    out.push({ field, distinct: m.size, top: top.slice(0, 40) });
  }
  return out.sort((a, b) => rankField(a) - rankField(b) || a.distinct - b.distinct || (a.field < b.field ? -1 : 1));
}

const rankField = (f: FieldInfo): number => (PREFERRED.test(f.field) ? 0 : PREFERRED_LOOSE.test(f.field) ? 1 : 2);

/** The category or genre field when the data has one, else the condition field with the fewest values. */
export function defaultConditionField(items: readonly LumItem[]): string | null {
  return conditionFields(items)[0]?.field ?? null;
}

/**
 * The one value of a multi-valued field a behaviour is conditioned on: a hash of (user, position) by the dataset's
 * own user id, so every run, in every workspace the data is imported into, picks the same.
 */
export function pickValue(values: readonly string[], user: string, position: number): string | null {
  if (values.length === 0) return null;
  if (values.length === 1) return values[0]!;
  return values[hashString(`${user}:${position}`) % values.length]!;
}

/** Title words: lower-cased runs of letters and digits, at least two characters. */
export function titleWords(title: string | null): string[] {
  if (!title) return [];
  return (title.toLowerCase().match(/[\p{L}\p{N}]{2,}/gu) ?? []).slice(0, TITLE_SLOTS);
}

export const TITLE_SLOTS = 8;
export const ATTR_SLOTS = 12;
const MAX_TITLE_WORDS = 4096;
const MAX_ATTR_TOKENS = 4096;
const MAX_ATTR_FIELD_VALUES = 1000;

/**
 * Everything a run's encoders index, fixed when the run starts and saved beside its checkpoints, so a query or a
 * ranker months later reads the same ids. Index 0 of every table is padding / the null condition.
 */
export interface LumVocab {
  field: string | null;
  /** Item database ids in index order (index = position + 1). */
  itemIds: number[];
  conditionValues: string[];
  titleWords: string[];
  /** `field=value` tokens of the items' categorical fields. */
  attrTokens: string[];
  /** Per item index (0 = padding): standardised log(1 + pretraining interactions), standardised mean pretraining rating. */
  itemStats: number[];
}

const byCount = (m: Map<string, number>, max: number, min = 1): string[] =>
  [...m]
    .filter(([, n]) => n >= min)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, max)
    .map(([k]) => k);

const bump = (m: Map<string, number>, k: string, by = 1): void => void m.set(k, (m.get(k) ?? 0) + by);

/** The run's vocabularies from the rows; item statistics count pretraining behaviour only (never the ranker's windows). */
export function buildVocab(rows: LumRows, field: string | null): LumVocab {
  const items = [...rows.items].sort((a, b) => a.id - b.id);
  const index = new Map(items.map((it, i) => [it.id, i + 1]));
  const condCount = new Map<string, number>();
  const count = new Float64Array(items.length + 1);
  const ratingSum = new Float64Array(items.length + 1);
  const rated = new Float64Array(items.length + 1);
  const byId = new Map(items.map((it) => [it.id, it]));
  for (const user of rows.users) {
    const seq = rows.sequences.get(user.id) ?? [];
    const w = windowsOf(seq.length);
    for (let p = 0; p < w.pretrainEnd; p++) {
      const x = seq[p]!;
      const k = index.get(x.itemId);
      if (k === undefined) continue;
      count[k]! += 1;
      if (x.rating !== null) {
        ratingSum[k]! += x.rating;
        rated[k]! += 1;
      }
      if (field !== null) {
        const v = pickValue(valuesOf(byId.get(x.itemId)?.attrs[field]), user.extId, p);
        if (v !== null) bump(condCount, v);
      }
    }
  }
  // Values no pretraining behaviour used still get a row (a query may name them), after the used ones.
  if (field !== null) for (const it of items) for (const v of valuesOf(it.attrs[field])) if (!condCount.has(v)) condCount.set(v, 0);

  const words = new Map<string, number>();
  const fieldValues = new Map<string, Map<string, number>>();
  for (const it of items) {
    for (const w of new Set(titleWords(it.title))) bump(words, w);
    for (const [f, v] of Object.entries(it.attrs)) {
      let m = fieldValues.get(f);
      if (!m) fieldValues.set(f, (m = new Map()));
      for (const value of new Set(valuesOf(v))) bump(m, value);
    }
  }
  const attr = new Map<string, number>();
  for (const [f, m] of fieldValues) {
    // Identifiers and free text (a value per item) say nothing the id embedding does not.
    if (m.size > MAX_ATTR_FIELD_VALUES || m.size > 0.5 * items.length) continue;
    for (const [value, n] of m) attr.set(`${f}=${value}`, n);
  }

  const logCounts = Array.from(count.slice(1), (c) => Math.log1p(c));
  const means = Array.from({ length: items.length }, (_, i) => (rated[i + 1]! > 0 ? ratingSum[i + 1]! / rated[i + 1]! : NaN));
  const zc = standardizer(logCounts);
  const zm = standardizer(means.filter(Number.isFinite));
  const itemStats = [0, 0];
  for (let i = 0; i < items.length; i++) itemStats.push(zc(logCounts[i]!), Number.isFinite(means[i]!) ? zm(means[i]!) : 0);
  return {
    field,
    itemIds: items.map((it) => it.id),
    conditionValues: byCount(condCount, MAX_CONDITION_VALUES, 0),
    // Words of a single title say nothing the id embedding does not.
    titleWords: byCount(words, MAX_TITLE_WORDS, 2),
    attrTokens: byCount(attr, MAX_ATTR_TOKENS),
    itemStats,
  };
}

/** x ↦ (x − mean)/sd over the given values (sd floored so a constant column stays finite). */
export function standardizer(xs: readonly number[]): (x: number) => number {
  const n = Math.max(1, xs.length);
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / n) || 1;
  return (x) => (x - mean) / sd;
}

/** One user's behaviour in the run's index space. */
export interface EncodedUser {
  userId: number;
  extId: string;
  /** Condition id per behaviour (0: none / no condition tokens). */
  conds: Int32Array;
  /** Item index per behaviour (≥ 1). */
  items: Int32Array;
  ratings: (number | null)[];
  windows: Windows;
}

/** Every user's sequence as condition and item ids; interactions with items outside the vocabulary are dropped. */
export function encodeUsers(rows: LumRows, vocab: LumVocab): EncodedUser[] {
  const index = new Map(vocab.itemIds.map((id, i) => [id, i + 1]));
  const cond = new Map(vocab.conditionValues.map((v, i) => [v, i + 1]));
  const byId = new Map(rows.items.map((it) => [it.id, it]));
  const out: EncodedUser[] = [];
  for (const user of rows.users) {
    const seq = (rows.sequences.get(user.id) ?? []).filter((x) => index.has(x.itemId));
    const conds = new Int32Array(seq.length);
    const items = new Int32Array(seq.length);
    seq.forEach((x, p) => {
      items[p] = index.get(x.itemId)!;
      if (vocab.field !== null) {
        const v = pickValue(valuesOf(byId.get(x.itemId)?.attrs[vocab.field]), user.extId, p);
        conds[p] = v === null ? 0 : (cond.get(v) ?? 0);
      }
    });
    out.push({ userId: user.id, extId: user.extId, conds, items, ratings: seq.map((x) => x.rating), windows: windowsOf(seq.length) });
  }
  return out;
}

/** Per item index, the encoder's sparse inputs: title word ids and attribute token ids with mean-pooling weights, and the statistics. */
export interface ItemFeatures {
  count: number;
  titleIds: Int32Array;
  titleWeights: Float32Array;
  attrIds: Int32Array;
  attrWeights: Float32Array;
  stats: Float32Array;
}
export const STAT_COLUMNS = 2;

export function itemFeatures(rows: LumRows, vocab: LumVocab): ItemFeatures {
  const n = vocab.itemIds.length + 1;
  const word = new Map(vocab.titleWords.map((w, i) => [w, i + 1]));
  const attr = new Map(vocab.attrTokens.map((t, i) => [t, i + 1]));
  const byId = new Map(rows.items.map((it) => [it.id, it]));
  const f: ItemFeatures = {
    count: n,
    titleIds: new Int32Array(n * TITLE_SLOTS),
    titleWeights: new Float32Array(n * TITLE_SLOTS),
    attrIds: new Int32Array(n * ATTR_SLOTS),
    attrWeights: new Float32Array(n * ATTR_SLOTS),
    stats: Float32Array.from(vocab.itemStats),
  };
  const fill = (ids: number[], slots: number, at: number, idArr: Int32Array, wArr: Float32Array): void => {
    const kept = ids.slice(0, slots);
    kept.forEach((id, k) => {
      idArr[at * slots + k] = id;
      wArr[at * slots + k] = 1 / kept.length;
    });
  };
  vocab.itemIds.forEach((id, i) => {
    const it = byId.get(id);
    if (!it) return;
    const words = [...new Set(titleWords(it.title))].map((w) => word.get(w)).filter((x): x is number => x !== undefined);
    fill(words, TITLE_SLOTS, i + 1, f.titleIds, f.titleWeights);
    const tokens = Object.entries(it.attrs).flatMap(([k, v]) => valuesOf(v).map((value) => attr.get(`${k}=${value}`)));
    fill(
      tokens.filter((x): x is number => x !== undefined),
      ATTR_SLOTS,
      i + 1,
      f.attrIds,
      f.attrWeights,
    );
  });
  return f;
}

/** A user's interactions by their dataset id, for the CLI and the page. */
export function userByExtId(rows: LumRows): Map<string, LumUser> {
  return new Map(rows.users.map((u) => [u.extId, u]));
}

/** A condition `field=value` as the run's condition id (0: the null condition of a run without condition tokens). */
export function conditionId(vocab: LumVocab, condition: string): number {
  const eq = condition.indexOf('=');
  const field = condition.slice(0, eq).trim();
  const value = condition.slice(eq + 1).trim();
  if (eq < 1 || !value) throw new StudioError('bad_input', `condition "${condition}": expected FIELD=VALUE`, { field: 'conditions' });
  if (vocab.field === null) return 0;
  if (field !== vocab.field)
    throw new StudioError(
      'bad_input',
      `condition "${condition}": this run's conditions are on the field "${vocab.field}", not "${field}"`,
      {
        field: 'conditions',
      },
    );
  const k = vocab.conditionValues.indexOf(value);
  if (k < 0) {
    const known = vocab.conditionValues.slice(0, 20).join(', ');
    throw new StudioError(
      'bad_input',
      `condition "${condition}": "${value}" is not a value of ${field} (known: ${known}${vocab.conditionValues.length > 20 ? ', …' : ''})`,
      {
        field: 'conditions',
      },
    );
  }
  return k + 1;
}
