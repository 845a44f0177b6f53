/**
 * Turns (user, item) pairs into sparse feature rows for the constrained linear baselines: categorical
 * values one-hot ("user.gender=F"), lists multi-hot ("item.genres=comedy"), numbers standardised with the
 * training rows' mean and deviation. Pure; the encoder is fitted on train and reused on valid/test.
 */
import { CsrMatrix } from '../optim/matrix';

export type FeatureValue = string | number | boolean | null | readonly (string | number)[];
export type FeatureRecord = Readonly<Record<string, unknown>>;

export interface PairRow {
  user: FeatureRecord;
  item: FeatureRecord;
}

interface NumericStat {
  index: number;
  mean: number;
  std: number;
}

export interface FeatureEncoder {
  names: string[];
  encode(row: PairRow): { indices: number[]; values: number[] };
}

/** Ids and free text make poor features (one column per row): skip them. */
const SKIP = new Set(['user_id', 'item_id', 'title', 'movie_title', 'name', 'url', 'imdb_url', 'description']);
const MAX_CATEGORIES_PER_FIELD = 2000;

function entries(prefix: string, rec: FeatureRecord): [string, unknown][] {
  return Object.entries(rec)
    .filter(([k]) => !SKIP.has(k.toLowerCase()))
    .map(([k, v]) => [`${prefix}.${k}`, v]);
}

export function fitEncoder(rows: readonly PairRow[]): FeatureEncoder {
  const names: string[] = ['bias'];
  const categorical = new Map<string, number>();
  const perField = new Map<string, number>();
  const sums = new Map<string, { n: number; s: number; s2: number }>();
  const addCategory = (field: string, value: string): void => {
    const key = `${field}=${value}`;
    if (categorical.has(key)) return;
    const count = perField.get(field) ?? 0;
    if (count >= MAX_CATEGORIES_PER_FIELD) return;
    perField.set(field, count + 1);
    categorical.set(key, names.length);
    names.push(key);
  };
  for (const row of rows) {
    for (const [field, v] of [...entries('user', row.user), ...entries('item', row.item)]) {
      if (typeof v === 'number' && Number.isFinite(v)) {
        const s = sums.get(field) ?? { n: 0, s: 0, s2: 0 };
        s.n += 1;
        s.s += v;
        s.s2 += v * v;
        sums.set(field, s);
      } else if (typeof v === 'string' && v !== '') addCategory(field, v);
      else if (typeof v === 'boolean') addCategory(field, String(v));
      else if (Array.isArray(v)) for (const x of v) addCategory(field, String(x));
    }
  }
  const numeric = new Map<string, NumericStat>();
  for (const [field, s] of sums) {
    const mean = s.s / s.n;
    const std = Math.sqrt(Math.max(0, s.s2 / s.n - mean * mean)) || 1;
    numeric.set(field, { index: names.length, mean, std });
    names.push(field);
  }
  return {
    names,
    encode(row) {
      const cols = new Map<number, number>([[0, 1]]);
      for (const [field, v] of [...entries('user', row.user), ...entries('item', row.item)]) {
        const num = numeric.get(field);
        if (num && typeof v === 'number' && Number.isFinite(v)) cols.set(num.index, (v - num.mean) / num.std);
        else if (typeof v === 'string' || typeof v === 'boolean') {
          const c = categorical.get(`${field}=${String(v)}`);
          if (c !== undefined) cols.set(c, 1);
        } else if (Array.isArray(v)) {
          for (const x of v) {
            const c = categorical.get(`${field}=${String(x)}`);
            if (c !== undefined) cols.set(c, 1);
          }
        }
      }
      const indices = [...cols.keys()].sort((a, b) => a - b);
      return { indices, values: indices.map((i) => cols.get(i) as number) };
    },
  };
}

/** Encodes every row with a fitted encoder into one CSR matrix (columns strictly increasing per row). */
export function encodeRows(encoder: FeatureEncoder, rows: readonly PairRow[]): CsrMatrix {
  const indptr = new Int32Array(rows.length + 1);
  const indices: number[] = [];
  const values: number[] = [];
  rows.forEach((row, i) => {
    const e = encoder.encode(row);
    for (let k = 0; k < e.indices.length; k++) {
      indices.push(e.indices[k] as number);
      values.push(e.values[k] as number);
    }
    indptr[i + 1] = indices.length;
  });
  return new CsrMatrix(rows.length, encoder.names.length, indptr, Int32Array.from(indices), Float64Array.from(values));
}
