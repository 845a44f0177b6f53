/**
 * LUM's token layout (pure). A user's behaviour reads c1 i1 c2 i2 … (the condition of each behaviour before its
 * item); several users' windows are packed into one row, each with its own positions and attention confined to
 * itself, so a packed row computes exactly what the users' separate rows would. Group query appends conditions
 * after one history; each sees the history and itself, never another query. Batches for training are a pure
 * function of (seed, step), so a resumed run sees exactly the batches it would have seen.
 */
import { keyedRng } from '../random';
import type { EncodedUser } from './data';

export const KIND = { pad: 0, cond: 1, item: 2, query: 3 } as const;

/** Row-major [rows, length] token arrays. */
export interface LumBatch {
  rows: number;
  length: number;
  kind: Uint8Array;
  /** Condition id at condition and query tokens, item index at item tokens, 0 at padding. */
  ids: Int32Array;
  /** Position within the token's own sequence (restarts in every packed segment); queries sit where the next condition would. */
  pos: Int32Array;
  /** Segment within the row (-1 at padding). */
  seg: Int32Array;
  /** At condition tokens: the item index that follows (what InfoNCE predicts there); 0 elsewhere. */
  target: Int32Array;
}

/** Some (condition, item) pairs of one user, in order. */
export interface Segment {
  conds: ArrayLike<number>;
  items: ArrayLike<number>;
}

const emptyBatch = (rows: number, length: number): LumBatch => ({
  rows,
  length,
  kind: new Uint8Array(rows * length),
  ids: new Int32Array(rows * length),
  pos: new Int32Array(rows * length),
  seg: new Int32Array(rows * length).fill(-1),
  target: new Int32Array(rows * length),
});

const pairsOf = (s: Segment): number => s.items.length;

/** Lays each row's segments back to back (condition then item per pair), padding at the row's end. */
export function packRows(rows: readonly (readonly Segment[])[], length?: number): LumBatch {
  const T = length ?? Math.max(1, ...rows.map((r) => 2 * r.reduce((a, s) => a + pairsOf(s), 0)));
  const b = emptyBatch(rows.length, T);
  rows.forEach((segments, r) => {
    let t = r * T;
    segments.forEach((s, k) => {
      if (s.conds.length !== s.items.length)
        throw new Error(`segment ${k} of row ${r}: ${s.conds.length} conditions for ${s.items.length} items`);
      if (t + 2 * pairsOf(s) > (r + 1) * T) throw new Error(`row ${r} holds more than ${T} tokens`);
      for (let p = 0; p < pairsOf(s); p++) {
        b.kind[t] = KIND.cond;
        b.ids[t] = s.conds[p]!;
        b.pos[t] = 2 * p;
        b.seg[t] = k;
        b.target[t] = s.items[p]!;
        t++;
        b.kind[t] = KIND.item;
        b.ids[t] = s.items[p]!;
        b.pos[t] = 2 * p + 1;
        b.seg[t] = k;
        t++;
      }
    });
  });
  return b;
}

/**
 * One row per user: the history, then that row's query conditions. Every query takes the position the next
 * condition would have, so each query's output is what a single query appended after the history gives.
 */
export function queryRows(histories: readonly Segment[], queries: readonly (readonly number[])[]): LumBatch {
  if (histories.length !== queries.length) throw new Error(`${histories.length} histories for ${queries.length} query lists`);
  const T = Math.max(1, ...histories.map((h, r) => 2 * pairsOf(h) + queries[r]!.length));
  const b = packRows(
    histories.map((h) => [h]),
    T,
  );
  histories.forEach((h, r) => {
    const at = 2 * pairsOf(h);
    queries[r]!.forEach((c, q) => {
      const t = r * T + at + q;
      b.kind[t] = KIND.query;
      b.ids[t] = c;
      b.pos[t] = at;
      b.seg[t] = 0;
    });
  });
  return b;
}

export const MASKED = -1e9;

/**
 * Additive attention mask [rows, 1, T, T]: 0 where token i may read token j, −1e9 elsewhere. Within a segment
 * history tokens are causal (j ≤ i); a query reads the history before it and itself; nothing crosses segments;
 * padding reads only itself (its output is never used).
 */
export function lumMask(b: LumBatch): Float32Array {
  const T = b.length;
  const m = new Float32Array(b.rows * T * T).fill(MASKED);
  for (let r = 0; r < b.rows; r++) {
    for (let i = 0; i < T; i++) {
      const ti = r * T + i;
      const row = ti * T;
      m[row + i] = 0;
      const s = b.seg[ti]!;
      if (s < 0) continue;
      const query = b.kind[ti] === KIND.query;
      for (let j = 0; j < i; j++) {
        const tj = r * T + j;
        if (b.seg[tj] === s && b.kind[tj] !== KIND.query) m[row + j] = 0;
        else if (!query && b.seg[tj] === s) throw new Error(`token ${i} of row ${r} follows a query in its segment`);
      }
    }
  }
  return m;
}

/** Flat indices of the tokens of one kind, in order. */
export function positionsOf(b: LumBatch, kind: number): Int32Array {
  const out: number[] = [];
  for (let t = 0; t < b.kind.length; t++) if (b.kind[t] === kind) out.push(t);
  return Int32Array.from(out);
}

/** Non-padding tokens. */
export function tokenCount(b: LumBatch): number {
  let n = 0;
  for (let t = 0; t < b.kind.length; t++) if (b.kind[t] !== KIND.pad) n++;
  return n;
}

/** Windows shorter than this are not worth a row's tail. */
const MIN_PAIRS = 2;

export interface BatchOptions {
  rows: number;
  /** Tokens per row. */
  length: number;
}

/**
 * The training batch of `step`: rows filled with windows of users' pretraining behaviour, users drawn in
 * proportion to their pretraining length (every behaviour equally likely to be trained on), each window at a
 * random place, the last window of a row cut to the space left.
 */
export function drawBatch(users: readonly EncodedUser[], opts: BatchOptions, seed: number, step: number): LumBatch {
  const pool = users.filter((u) => u.windows.pretrainEnd >= 1);
  if (pool.length === 0) throw new Error('no user has behaviour to pretrain on');
  const cumulative: number[] = [];
  let total = 0;
  for (const u of pool) cumulative.push((total += u.windows.pretrainEnd));
  const rng = keyedRng(seed, `lum-batch:${step}`);
  const pick = (): EncodedUser => {
    const x = rng() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return pool[lo]!;
  };
  const maxPairs = Math.floor(opts.length / 2);
  const rows: Segment[][] = [];
  for (let r = 0; r < opts.rows; r++) {
    const row: Segment[] = [];
    let used = 0;
    while (used < maxPairs) {
      const u = pick();
      const n = u.windows.pretrainEnd;
      const w = Math.min(n, maxPairs - used);
      if (used > 0 && w < MIN_PAIRS) break;
      const start = Math.floor(rng() * (n - w + 1));
      row.push({ conds: u.conds.subarray(start, start + w), items: u.items.subarray(start, start + w) });
      used += w;
    }
    rows.push(row);
  }
  return packRows(rows, opts.length);
}

/** A user's behaviour [from, to) as a segment, cut to its newest `maxPairs` pairs. */
export function historyOf(u: EncodedUser, to: number, maxPairs: number): Segment {
  const from = Math.max(0, to - maxPairs);
  return { conds: u.conds.subarray(from, to), items: u.items.subarray(from, to) };
}
