/**
 * Item embeddings for identifiers (pure), as PLUM's SID-v2 combines them (docs/algorithms.md §3.4): a content
 * part from each item's own text (title words, categories, other fields; TF-IDF reduced by a truncated SVD) and
 * a collaborative part from co-occurrence in the training sequences (PPMI reduced by a truncated SVD). Cold items
 * — in no training sequence — get their collaborative part predicted from their content by a ridge map fitted on
 * the warm items, so every item lands in one space.
 */
import { csrFromMaps, csrOperator, normalizeRows, randomizedSvd, ridge } from './linalg';

export interface ContentItem {
  title: string | null;
  attrs: Record<string, unknown>;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;

const words = (s: string): string[] => (s.toLowerCase().match(WORD) ?? []).map((w) => w.replace(/['’]s$/u, ''));

/** The terms an item is described by: title words, and per field its values (long text as words, numbers with a coarse bucket). */
export function contentTerms(item: ContentItem): string[] {
  const terms: string[] = [];
  if (item.title) terms.push(...words(item.title).map((w) => `w:${w}`));
  const add = (field: string, v: unknown): void => {
    if (v === null || v === undefined) return;
    if (Array.isArray(v)) return v.forEach((x) => add(field, x));
    const s = String(v).trim();
    if (!s) return;
    const num = Number(s);
    if (Number.isFinite(num) && /^-?\d+(\.\d+)?$/.test(s)) {
      terms.push(`${field}=${s}`, `${field}~${Math.floor(num / 10) * 10}`);
    } else if (s.length > 40 || /\s/.test(s)) terms.push(...words(s).map((w) => `${field}:${w}`));
    else terms.push(`${field}=${s.toLowerCase()}`);
  };
  for (const [field, v] of Object.entries(item.attrs)) add(field, v);
  return terms;
}

export interface Embedding {
  /** n × dim, row-major. */
  values: Float64Array;
  dim: number;
}

/** TF-IDF (log tf, smoothed idf) rows of the items' terms, reduced to `dim` by a truncated SVD; rows unit length. */
export function contentEmbedding(items: readonly ContentItem[], dim: number, seed: number): Embedding {
  const vocab = new Map<string, number>();
  const counts = items.map((it) => {
    const m = new Map<number, number>();
    for (const t of contentTerms(it)) {
      let id = vocab.get(t);
      if (id === undefined) vocab.set(t, (id = vocab.size));
      m.set(id, (m.get(id) ?? 0) + 1);
    }
    return m;
  });
  const df = new Float64Array(vocab.size);
  for (const m of counts) for (const t of m.keys()) df[t]!++;
  const n = items.length;
  const rows = counts.map((m) => {
    const w = new Map<number, number>();
    let norm = 0;
    for (const [t, c] of m) {
      const v = (1 + Math.log(c)) * Math.log((1 + n) / (1 + df[t]!)) + 1e-9;
      w.set(t, v);
      norm += v * v;
    }
    for (const [t, v] of w) w.set(t, v / Math.sqrt(norm || 1));
    return w;
  });
  return reduce(rows, Math.max(1, vocab.size), dim, seed);
}

/**
 * Co-occurrence of items within `window` positions of each other in the training sequences, symmetric: weighted
 * 1/distance by default (nearer neighbours in a sequence say more about what follows what), or 1 per pair
 * (OpenP5's every pair within a user).
 */
export function coOccurrence(
  sequences: readonly (readonly number[])[],
  n: number,
  window: number,
  weighting: 'inverse' | 'flat' = 'inverse',
): Map<number, number>[] {
  const rows = Array.from({ length: n }, () => new Map<number, number>());
  for (const s of sequences) {
    for (let i = 0; i < s.length; i++) {
      for (let j = i + 1; j < Math.min(s.length, i + 1 + window); j++) {
        const a = s[i]!;
        const b = s[j]!;
        if (a === b) continue;
        const w = weighting === 'flat' ? 1 : 1 / (j - i);
        rows[a]!.set(b, (rows[a]!.get(b) ?? 0) + w);
        rows[b]!.set(a, (rows[b]!.get(a) ?? 0) + w);
      }
    }
  }
  return rows;
}

/** Positive pointwise mutual information of a symmetric co-occurrence matrix, context counts smoothed by ^0.75 (word2vec). */
export function ppmi(co: readonly Map<number, number>[]): Map<number, number>[] {
  const rowSum = co.map((m) => [...m.values()].reduce((a, b) => a + b, 0));
  const ctx = rowSum.map((s) => Math.pow(s, 0.75));
  const total = rowSum.reduce((a, b) => a + b, 0);
  const ctxTotal = ctx.reduce((a, b) => a + b, 0);
  return co.map((m, i) => {
    const out = new Map<number, number>();
    for (const [j, c] of m) {
      const v = Math.log(c / total / ((rowSum[i]! / total) * (ctx[j]! / ctxTotal)));
      if (v > 0) out.set(j, v);
    }
    return out;
  });
}

function reduce(rows: readonly Map<number, number>[], cols: number, dim: number, seed: number): Embedding {
  const n = rows.length;
  const k = Math.max(1, Math.min(dim, n, cols));
  const svd = randomizedSvd(csrOperator(csrFromMaps(rows, cols)), k, { seed });
  // U√Σ: the symmetric split of the singular values, as SVD word embeddings use.
  const values = new Float64Array(n * dim);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < svd.k; j++) {
      const s = svd.singular[j]!;
      values[i * dim + j] = s > 0 ? svd.embedding[i * svd.k + j]! / Math.sqrt(s) : 0;
    }
  normalizeRows(values, n, dim);
  return { values, dim };
}

/** PPMI of windowed co-occurrence reduced to `dim`; rows of items in no sequence are zero. */
export function collaborativeEmbedding(
  sequences: readonly (readonly number[])[],
  n: number,
  dim: number,
  seed: number,
  window = 20,
): Embedding {
  return reduce(ppmi(coOccurrence(sequences, n, window)), n, dim, seed);
}

export interface CombineOptions {
  /** Weight of the content part against the collaborative part (0..1). */
  contentWeight: number;
  /** Items seen in training sequences; the others take their collaborative part from their content. */
  warm: readonly boolean[];
}

/** [w·content ; (1−w)·collaborative], each part unit length first; cold items' collaborative part by ridge from content. */
export function combineEmbeddings(content: Embedding, collab: Embedding, opts: CombineOptions): Embedding {
  const n = opts.warm.length;
  const { dim: dc } = content;
  const { dim: dk } = collab;
  const collabValues = Float64Array.from(collab.values);
  const warmRows = opts.warm.flatMap((w, i) => (w ? [i] : []));
  if (warmRows.length > 0 && warmRows.length < n) {
    const x = new Float64Array(warmRows.length * dc);
    const y = new Float64Array(warmRows.length * dk);
    warmRows.forEach((r, k) => {
      x.set(content.values.subarray(r * dc, r * dc + dc), k * dc);
      y.set(collab.values.subarray(r * dk, r * dk + dk), k * dk);
    });
    const w = ridge(x, y, warmRows.length, dc, dk, 1);
    for (let i = 0; i < n; i++) {
      if (opts.warm[i]) continue;
      for (let c = 0; c < dk; c++) {
        let s = 0;
        for (let p = 0; p < dc; p++) s += content.values[i * dc + p]! * w[p * dk + c]!;
        collabValues[i * dk + c] = s;
      }
    }
    normalizeRows(collabValues, n, dk);
  }
  const d = dc + dk;
  const out = new Float64Array(n * d);
  const wc = Math.sqrt(opts.contentWeight);
  const wk = Math.sqrt(1 - opts.contentWeight);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dc; j++) out[i * d + j] = wc * content.values[i * dc + j]!;
    for (let j = 0; j < dk; j++) out[i * d + dc + j] = wk * collabValues[i * dk + j]!;
  }
  return { values: out, dim: d };
}
