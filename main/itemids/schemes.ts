/**
 * The identifier schemes (pure; issue #10, docs/algorithms.md §2.4 and §3): how each item of a catalog is
 * written for generation.
 * - `title`: its title (the studio's original behaviour); no codes.
 * - `atomic`: one new token per item.
 * - `sequential` (OpenP5): numbers 1001, 1002, … in order of first appearance walking the users' training
 *   sequences, then the items seen only outside training; written as base-100 digits, most significant first,
 *   so items consumed together share leading tokens as sub-words do.
 * - `collaborative` (OpenP5): recursive spectral clustering of training co-occurrence; cold items join through
 *   their nearest warm items by content.
 * - `semantic` (TIGER/PLUM): residual quantization of a content + collaborative embedding, then the collision
 *   digit, so every item has a unique code sequence.
 */
import type { ItemIdScheme } from '../../preload/api-itemids';
import { collaborativeEmbedding, combineEmbeddings, contentEmbedding, coOccurrence, type ContentItem, type Embedding } from './embeddings';
import { denseOperator, randomizedSvd } from './linalg';
import { appendCollisionDigit, rqKMeans } from './residual-quantize';
import { spectralCodes } from './spectral';

export type Scheme = ItemIdScheme;

export interface SchemeItem extends ContentItem {
  extId: string;
}

export interface SchemeInput {
  /** The catalog; codes are returned in this order. */
  items: readonly SchemeItem[];
  /** Each user's training sequence (item indices into `items`, time order), users in the dataset's order. */
  trainSequences: readonly (readonly number[])[];
}

export interface SemanticOptions {
  method: 'rqkmeans' | 'rqvae';
  levels: number;
  codebook: number;
  /** PLUM's multi-resolution codebooks: level l has codebook/2^l codes (at least 2). */
  multiResolution: boolean;
  contentWeight: number;
  /** Co-occurrence window of the collaborative embedding (positions apart). */
  window: number;
  /** GRID's option: each residual scaled to unit length before its level is fitted. */
  normalizeResiduals: boolean;
  /** Balanced codebooks: each code of a level holds about as many items as the others (fewer shared tuples). */
  balanced: boolean;
  seed: number;
}

export interface LevelStats {
  size: number;
  codesUsed: number;
  /** Mean squared residual after the level (semantic schemes); null where the scheme has none. */
  residual: number | null;
}

export interface SchemeResult {
  /** Codes per item (empty for `title`); variable length only for `collaborative`. */
  codes: number[][];
  levels: LevelStats[];
  /** Items in no training sequence: their codes come from content alone. */
  cold: boolean[];
  /** Items whose code tuple was shared before the collision digit (semantic), or whose title is shared (title). */
  collisions: number;
  /** Distinct identifiers: the number of items when every item is told apart. */
  uniqueItems: number;
  /** Mean squared norm of the quantizer's input (semantic), for the residual plot's first point. */
  inputNorm: number | null;
  /** A 2-D map of the items (first two principal directions of the combined embedding). */
  map: Float32Array;
}

export function levelSizes(o: Pick<SemanticOptions, 'levels' | 'codebook' | 'multiResolution'>): number[] {
  return Array.from({ length: o.levels }, (_, l) => (o.multiResolution ? Math.max(2, Math.floor(o.codebook / 2 ** l)) : o.codebook));
}

const warmOf = (input: SchemeInput): boolean[] => {
  const warm = new Array<boolean>(input.items.length).fill(false);
  for (const s of input.trainSequences) for (const i of s) warm[i] = true;
  return warm;
};

export const EMBEDDING_DIM = 32;

/** The content + collaborative embedding every scheme's map uses and the semantic scheme quantizes. */
export function itemEmbedding(input: SchemeInput, contentWeight: number, seed: number, window = 20): Embedding {
  const content = contentEmbedding(input.items, EMBEDDING_DIM, seed);
  const collab = collaborativeEmbedding(input.trainSequences, input.items.length, EMBEDDING_DIM, seed + 1, window);
  return combineEmbeddings(content, collab, { contentWeight, warm: warmOf(input) });
}

function map2d(e: Embedding, n: number, seed: number): Float32Array {
  const svd = randomizedSvd(denseOperator(e.values, n, e.dim), 2, { seed });
  return Float32Array.from({ length: n * 2 }, (_, i) => svd.embedding[Math.floor(i / 2) * svd.k + (i % 2)] ?? 0);
}

function levelStats(codes: readonly number[][]): LevelStats[] {
  const depth = Math.max(0, ...codes.map((c) => c.length));
  return Array.from({ length: depth }, (_, l) => {
    const used = new Set(codes.flatMap((c) => (c.length > l ? [c[l]!] : [])));
    return { size: Math.max(0, ...used) + 1, codesUsed: used.size, residual: null };
  });
}

function sequentialCodes(input: SchemeInput): number[][] {
  const n = input.items.length;
  const number = new Int32Array(n).fill(-1);
  let next = 1001;
  for (const s of input.trainSequences) for (const i of s) if (number[i] === -1) number[i] = next++;
  for (let i = 0; i < n; i++) if (number[i] === -1) number[i] = next++;
  const digits = Math.max(1, Math.ceil(Math.log(next) / Math.log(100)));
  return Array.from(number, (v) => {
    const out: number[] = [];
    for (let d = digits - 1; d >= 0; d--) out.push(Math.floor(v / 100 ** d) % 100);
    return out;
  });
}

function collaborativeCodes(input: SchemeInput, seed: number): number[][] {
  const n = input.items.length;
  const a = coOccurrence(input.trainSequences, n, Number.MAX_SAFE_INTEGER, 'flat');
  const warm = warmOf(input);
  const cold = warm.flatMap((w, i) => (w ? [] : [i]));
  if (cold.length > 0) {
    // Cold items have no co-occurrence: tie each to its ten nearest warm items by content.
    const content = contentEmbedding(input.items, EMBEDDING_DIM, seed);
    const d = content.dim;
    const warmIdx = warm.flatMap((w, i) => (w ? [i] : []));
    for (const c of cold) {
      const sims = warmIdx.map((w) => {
        let s = 0;
        for (let j = 0; j < d; j++) s += content.values[c * d + j]! * content.values[w * d + j]!;
        return [w, s] as const;
      });
      sims.sort((x, y) => y[1] - x[1]);
      for (const [w, s] of sims.slice(0, 10)) {
        const v = Math.max(s, 1e-3);
        a[c]!.set(w, v);
        a[w]!.set(c, v);
      }
    }
  }
  return spectralCodes(a, { clusters: 20, leafSize: 200, seed });
}

export interface BuildOptions {
  scheme: Scheme;
  semantic: SemanticOptions;
  /** Quantizes the combined embedding with an RQ-VAE (tensor code, supplied by the worker), for method 'rqvae'. */
  rqvae?: (
    e: Embedding,
    warm: readonly boolean[],
    o: SemanticOptions,
  ) => Promise<{ codes: Int32Array; levels: LevelStats[]; inputNorm: number }>;
  onPhase?: (phase: string) => void;
}

export async function buildScheme(input: SchemeInput, opts: BuildOptions): Promise<SchemeResult> {
  const n = input.items.length;
  if (n === 0) throw new RangeError('the dataset has no items');
  const warm = warmOf(input);
  const cold = warm.map((w) => !w);
  opts.onPhase?.('embedding the items (content and co-occurrence)');
  const embedding = itemEmbedding(input, opts.semantic.contentWeight, opts.semantic.seed, opts.semantic.window);
  const map = map2d(embedding, n, opts.semantic.seed);
  const base = { cold, map, inputNorm: null };
  switch (opts.scheme) {
    case 'title': {
      const titles = input.items.map((it) => it.title?.trim() || it.extId);
      const unique = new Set(titles).size;
      return { ...base, codes: titles.map(() => []), levels: [], collisions: n - unique, uniqueItems: unique };
    }
    case 'atomic': {
      const codes = input.items.map((_, i) => [i]);
      return { ...base, codes, levels: levelStats(codes), collisions: 0, uniqueItems: n };
    }
    case 'sequential': {
      const codes = sequentialCodes(input);
      return { ...base, codes, levels: levelStats(codes), collisions: 0, uniqueItems: n };
    }
    case 'collaborative': {
      opts.onPhase?.('spectral clustering of co-occurrence');
      const codes = collaborativeCodes(input, opts.semantic.seed);
      return { ...base, codes, levels: levelStats(codes), collisions: 0, uniqueItems: new Set(codes.map((c) => c.join(','))).size };
    }
    case 'semantic': {
      const s = opts.semantic;
      const L = s.levels;
      let raw: Int32Array;
      let levels: LevelStats[];
      let inputNorm: number;
      if (s.method === 'rqvae') {
        if (!opts.rqvae) throw new Error('the RQ-VAE needs the tensor back end (run the build in its worker)');
        opts.onPhase?.('training the RQ-VAE');
        ({ codes: raw, levels, inputNorm } = await opts.rqvae(embedding, warm, s));
      } else {
        opts.onPhase?.('residual k-means');
        const fit = warm.some(Boolean) ? warm.flatMap((w, i) => (w ? [i] : [])) : undefined;
        const rq = rqKMeans(
          embedding.values,
          n,
          embedding.dim,
          {
            sizes: levelSizes(s),
            seed: s.seed,
            normalizeResiduals: s.normalizeResiduals,
            ...(s.balanced ? { balance: { slack: 0.1 } } : {}),
          },
          fit,
        );
        raw = rq.codes;
        inputNorm = rq.inputNorm;
        levels = rq.levels.map((l) => ({ size: l.size, codesUsed: l.codesUsed, residual: l.residual }));
      }
      const dedup = appendCollisionDigit(raw, n, L);
      const codes = Array.from({ length: n }, (_, i) => Array.from(dedup.codes.subarray(i * (L + 1), (i + 1) * (L + 1))));
      const digitUsed = new Set(codes.map((c) => c[L]!)).size;
      return {
        ...base,
        codes,
        inputNorm,
        levels: [...levels, { size: dedup.largestGroup, codesUsed: digitUsed, residual: null }],
        collisions: dedup.collisions,
        uniqueItems: new Set(codes.map((c) => c.join(','))).size,
      };
    }
  }
}
