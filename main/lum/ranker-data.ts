/**
 * The click task LUM's knowledge is used on (docs/algorithms.md §4, Step 3), pure. An interaction rated ≥ 4 is a
 * click, a lower rating is not, and each interaction brings one sampled item the user never touched as a further
 * non-click (drawn in proportion to pretraining popularity, so popularity alone cannot tell them apart). The
 * ranker trains on each user's window after the pretraining prefix and is tested on the last window; a row's
 * history is everything before its window, so training and test rows see their history the same way and LUM never
 * trained on a row's target. Features: user fields, item fields and statistics, the history's summary — and with
 * LUM, the interest vectors and their similarity to the candidate.
 */
import { hashString, keyedRng } from '../random';
import { defaultConditionField, valuesOf, type EncodedUser, type LumRows, type LumVocab } from './data';
import type { RankVariant } from '../../preload/api-lum';

export const PART = { train: 0, valid: 1, test: 2 } as const;
/** Share of the users whose training-window rows are held out to choose the epoch. */
export const VALID_SHARE = 0.1;
/** A click: a rating at least this, or an interaction without a rating (implicit data). */
export const CLICK_RATING = 4;
const MAX_USER_VALUES = 20;
const MAX_ITEM_TOKENS = 64;

export interface RankerTable {
  rows: number;
  /** Features every variant has, [rows, baseNames.length], not yet standardised. */
  base: Float32Array;
  baseNames: string[];
  /** Embedding ids: user (1-based, by position in `users`) and item index. */
  users: Int32Array;
  items: Int32Array;
  labels: Float32Array;
  part: Uint8Array;
  /** The user's database id (GAUC groups). */
  groups: Int32Array;
  /** Which interest vectors a row reads: the user's slot among `ranked`, and the history (0: before the training window, 1: before the test window). */
  slot: Int32Array;
  history: Uint8Array;
  /** Users with ranker rows, in slot order. */
  ranked: EncodedUser[];
}

const isClick = (rating: number | null): number => (rating === null || rating >= CLICK_RATING ? 1 : 0);

/** Numbers, or numeric strings ("24"), in at least 90% of the non-empty values. */
function numericField(values: unknown[]): boolean {
  const present = values.filter((v) => v !== null && v !== undefined && v !== '');
  if (present.length === 0) return false;
  const numbers = present.filter((v) => (typeof v === 'number' || typeof v === 'string') && Number.isFinite(Number(v)));
  return numbers.length >= 0.9 * present.length;
}

interface UserColumns {
  names: string[];
  row: (features: Record<string, unknown>) => number[];
}

/** User fields as columns: numbers as they are, categories one-hot over their commonest values. */
function userColumns(rows: LumRows): UserColumns {
  const keys = [...new Set(rows.users.flatMap((u) => Object.keys(u.features)))].sort();
  const parts: { names: string[]; fill: (f: Record<string, unknown>) => number[] }[] = [];
  for (const key of keys) {
    const values = rows.users.map((u) => u.features[key]);
    if (numericField(values)) {
      const xs = values.map(Number).filter(Number.isFinite);
      const mean = xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
      parts.push({ names: [`user.${key}`], fill: (f) => [Number.isFinite(Number(f[key])) && f[key] !== '' ? Number(f[key]) : mean] });
      continue;
    }
    const counts = new Map<string, number>();
    for (const v of values) for (const s of valuesOf(v)) counts.set(s, (counts.get(s) ?? 0) + 1);
    // A value for every other user (a name, an address) is an identifier, not a feature.
    if (counts.size > MAX_USER_VALUES && counts.size > 0.5 * rows.users.length) continue;
    const top = [...counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, MAX_USER_VALUES)
      .map(([v]) => v);
    parts.push({ names: top.map((v) => `user.${key}=${v}`), fill: (f) => top.map((v) => (valuesOf(f[key]).includes(v) ? 1 : 0)) });
  }
  return { names: parts.flatMap((p) => p.names), row: (f) => parts.flatMap((p) => p.fill(f)) };
}

/** Per history: how many behaviours and ratings touch each value of the affinity field. */
interface HistorySummary {
  length: number;
  meanRating: number;
  byValue: Map<string, { count: number; ratingSum: number; rated: number }>;
}

function summarize(u: EncodedUser, end: number, itemValues: (index: number) => string[], globalMean: number): HistorySummary {
  let sum = 0;
  let rated = 0;
  const byValue = new Map<string, { count: number; ratingSum: number; rated: number }>();
  for (let p = 0; p < end; p++) {
    const r = u.ratings[p] ?? null;
    if (r !== null) {
      sum += r;
      rated++;
    }
    for (const v of itemValues(u.items[p]!)) {
      const e = byValue.get(v) ?? { count: 0, ratingSum: 0, rated: 0 };
      e.count++;
      if (r !== null) {
        e.ratingSum += r;
        e.rated++;
      }
      byValue.set(v, e);
    }
  }
  return { length: end, meanRating: rated ? sum / rated : globalMean, byValue };
}

export const HISTORY_NAMES = ['history.length', 'history.meanRating', 'history.affinity', 'history.affinityRating'];

function historyColumns(h: HistorySummary, values: readonly string[]): number[] {
  let best: { count: number; ratingSum: number; rated: number } | null = null;
  for (const v of values) {
    const e = h.byValue.get(v);
    if (e && (!best || e.count > best.count)) best = e;
  }
  return [
    Math.log1p(h.length),
    h.meanRating,
    best && h.length ? best.count / h.length : 0,
    best && best.rated ? best.ratingSum / best.rated : h.meanRating,
  ];
}

/** Items a user never interacted with, drawn in proportion to their pretraining popularity (+1, so every item can be drawn). */
function negativeSampler(users: readonly EncodedUser[], items: number): (rng: () => number, seen: ReadonlySet<number>) => number {
  const weight = new Float64Array(items).fill(1);
  weight[0] = 0;
  for (const u of users) for (let p = 0; p < u.windows.pretrainEnd; p++) weight[u.items[p]!]! += 1;
  const cumulative = new Float64Array(items);
  let total = 0;
  for (let i = 0; i < items; i++) cumulative[i] = total += weight[i]!;
  return (rng, seen) => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const x = rng() * total;
      let lo = 1;
      let hi = items - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! > x) hi = mid;
        else lo = mid + 1;
      }
      if (!seen.has(lo)) return lo;
    }
    return 0;
  };
}

/**
 * The ranker's rows with the features every variant shares. `seed` fixes the sampled negatives and the validation
 * users, keyed by the dataset's own user ids so the rows do not depend on the workspace.
 */
export function buildRankerTable(rows: LumRows, users: readonly EncodedUser[], vocab: LumVocab, seed: number): RankerTable {
  const itemById = new Map(rows.items.map((it) => [it.id, it]));
  const itemOf = (index: number) => itemById.get(vocab.itemIds[index - 1]!);
  const affinityField = defaultConditionField(rows.items);
  const affinityValues = (index: number): string[] => (affinityField ? valuesOf(itemOf(index)?.attrs[affinityField]) : []);
  const itemTokens = vocab.attrTokens.slice(0, MAX_ITEM_TOKENS);
  const tokenIndex = new Map(itemTokens.map((t, i) => [t, i]));
  const tokensOf = (index: number): number[] =>
    Object.entries(itemOf(index)?.attrs ?? {})
      .flatMap(([k, v]) => valuesOf(v).map((x) => tokenIndex.get(`${k}=${x}`) ?? -1))
      .filter((i) => i >= 0);
  const uc = userColumns(rows);
  const userById = new Map(rows.users.map((u) => [u.id, u]));
  const baseNames = [...uc.names, ...itemTokens.map((t) => `item.${t}`), 'item.popularity', 'item.meanRating', ...HISTORY_NAMES];
  const width = baseNames.length;
  let rated = 0;
  let ratingSum = 0;
  for (const u of users)
    for (let p = 0; p < u.windows.pretrainEnd; p++)
      if (u.ratings[p] !== null && u.ratings[p] !== undefined) {
        ratingSum += u.ratings[p]!;
        rated++;
      }
  const globalMean = rated ? ratingSum / rated : 0;
  const sample = negativeSampler(users, vocab.itemIds.length + 1);

  const base: number[] = [];
  const cols = { users: [] as number[], items: [] as number[], labels: [] as number[], part: [] as number[], groups: [] as number[] };
  const slot: number[] = [];
  const history: number[] = [];
  const ranked: EncodedUser[] = [];
  users.forEach((u, userIndex) => {
    const w = u.windows;
    if (w.n < 3 || w.pretrainEnd < 1) return;
    const s = ranked.length;
    ranked.push(u);
    const seen = new Set(u.items);
    const userRow = uc.row(userById.get(u.userId)?.features ?? {});
    const valid = (hashString(`${seed}:valid:${u.extId}`) % 1000) / 1000 < VALID_SHARE;
    for (const [from, to, h, part] of [
      [w.pretrainEnd, w.rankEnd, 0, valid ? PART.valid : PART.train],
      [w.rankEnd, w.n, 1, PART.test],
    ] as const) {
      const summary = summarize(u, from, affinityValues, globalMean);
      const rng = keyedRng(seed, `lum-negatives:${u.extId}:${h}`);
      const push = (item: number, label: number): void => {
        const tokens = new Array<number>(itemTokens.length).fill(0);
        for (const t of tokensOf(item)) tokens[t] = 1;
        base.push(
          ...userRow,
          ...tokens,
          vocab.itemStats[2 * item]!,
          vocab.itemStats[2 * item + 1]!,
          ...historyColumns(summary, affinityValues(item)),
        );
        cols.users.push(userIndex + 1);
        cols.items.push(item);
        cols.labels.push(label);
        cols.part.push(part);
        cols.groups.push(u.userId);
        slot.push(s);
        history.push(h);
      };
      for (let p = from; p < to; p++) {
        push(u.items[p]!, isClick(u.ratings[p] ?? null));
        const negative = sample(rng, seen);
        if (negative > 0) push(negative, 0);
      }
    }
  });
  if (base.length !== cols.labels.length * width) throw new Error('internal: ranker feature rows of uneven width');
  return {
    rows: cols.labels.length,
    base: Float32Array.from(base),
    baseNames,
    users: Int32Array.from(cols.users),
    items: Int32Array.from(cols.items),
    labels: Float32Array.from(cols.labels),
    part: Uint8Array.from(cols.part),
    groups: Int32Array.from(cols.groups),
    slot: Int32Array.from(slot),
    history: Uint8Array.from(history),
    ranked,
  };
}

/**
 * Interest vectors from one group query per (ranked user, history): [2, ranked users, queries, d] flat, and every
 * item's embedding [items, d]. `querySlots(item)` names the queries whose condition the item carries.
 */
export interface Knowledge {
  vectors: Float32Array;
  queries: number;
  width: number;
  items: Float32Array;
  querySlots: (itemIndex: number) => number[];
}

/**
 * LUM's features of each row. full: the interest vector of the candidate's own condition (the mean over its values;
 * the mean of all when it has none), the mean of all interest vectors, the similarity of every interest vector
 * and of the matched one to the candidate, and the candidate's LUM embedding. direct: the two vectors alone.
 */
export function lumFeatures(
  t: RankerTable,
  k: Knowledge,
  variant: Exclude<RankVariant, 'without'>,
): { values: Float32Array; names: string[] } {
  const { queries: Q, width: d } = k;
  const users = t.ranked.length;
  const names = [
    ...Array.from({ length: d }, (_, i) => `lum.matched.${i}`),
    ...Array.from({ length: d }, (_, i) => `lum.mean.${i}`),
    ...(variant === 'full'
      ? [...Array.from({ length: Q }, (_, q) => `lum.sim.${q}`), 'lum.sim.matched', ...Array.from({ length: d }, (_, i) => `lum.item.${i}`)]
      : []),
  ];
  const out = new Float32Array(t.rows * names.length);
  const matched = new Float32Array(d);
  const mean = new Float32Array(d);
  for (let r = 0; r < t.rows; r++) {
    const base = (t.history[r]! * users + t.slot[r]!) * Q * d;
    const vec = (q: number): Float32Array => k.vectors.subarray(base + q * d, base + (q + 1) * d);
    const slots = k.querySlots(t.items[r]!);
    mean.fill(0);
    for (let q = 0; q < Q; q++) for (let i = 0; i < d; i++) mean[i]! += vec(q)[i]! / Q;
    if (slots.length === 0) matched.set(mean);
    else {
      matched.fill(0);
      for (const q of slots) for (let i = 0; i < d; i++) matched[i]! += vec(q)[i]! / slots.length;
    }
    const o = r * names.length;
    out.set(matched, o);
    out.set(mean, o + d);
    if (variant === 'full') {
      const e = k.items.subarray(t.items[r]! * d, (t.items[r]! + 1) * d);
      for (let q = 0; q < Q; q++) out[o + 2 * d + q] = dot(vec(q), e);
      out[o + 2 * d + Q] = dot(matched, e);
      out.set(e, o + 2 * d + Q + 1);
    }
  }
  return { values: out, names };
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

/** Columns side by side: [rows, a] and [rows, b] → [rows, a + b]. */
export function joinColumns(rows: number, a: Float32Array, b: Float32Array): Float32Array {
  const wa = a.length / rows;
  const wb = b.length / rows;
  const out = new Float32Array(rows * (wa + wb));
  for (let r = 0; r < rows; r++) {
    out.set(a.subarray(r * wa, (r + 1) * wa), r * (wa + wb));
    out.set(b.subarray(r * wb, (r + 1) * wb), r * (wa + wb) + wa);
  }
  return out;
}

/** Standardises every column in place with the mean and deviation of the training rows (constant columns become 0). */
export function standardizeColumns(values: Float32Array, rows: number, part: Uint8Array): void {
  const w = values.length / rows;
  for (let c = 0; c < w; c++) {
    let n = 0;
    let sum = 0;
    let sq = 0;
    for (let r = 0; r < rows; r++) {
      if (part[r] !== PART.train) continue;
      const x = values[r * w + c]!;
      n++;
      sum += x;
      sq += x * x;
    }
    const mean = n ? sum / n : 0;
    const sd = Math.sqrt(Math.max(0, n ? sq / n - mean * mean : 0));
    for (let r = 0; r < rows; r++) values[r * w + c] = sd > 1e-6 ? (values[r * w + c]! - mean) / sd : 0;
  }
}

export const variantLabel = (v: RankVariant): string =>
  v === 'full' ? 'with LUM features' : v === 'direct' ? 'with interest vectors only (direct features)' : 'without LUM features';
