/**
 * Residual quantization by k-means per level, RQ-KMeans (pure; docs/algorithms.md §3.1–3.2): r₀ = z, and at
 * level l the codebook is k-means of the residuals r_l, c_l = the nearest code, r_{l+1} = r_l − e_l[c_l]. With
 * `normalizeResiduals` (GRID's option) each residual is scaled to unit length before its level is fitted and
 * assigned, and the code's vector is scaled back by that length when subtracted.
 */
import { kmeans } from './kmeans';

export interface QuantizerLevel {
  /** Codes this level may use (its codebook size). */
  size: number;
  /** Distinct codes the items actually use. */
  codesUsed: number;
  /** Mean squared norm of the residual after this level: ‖r_{l+1}‖². */
  residual: number;
  /** size × d. */
  codebook: Float64Array;
}

export interface ResidualQuantization {
  /** n × levels, row-major. */
  codes: Int32Array;
  levels: QuantizerLevel[];
  /** Mean squared norm of the input: the residual before the first level. */
  inputNorm: number;
}

export interface RqOptions {
  /** Codebook size per level (multi-resolution codebooks give a shrinking list, PLUM's 2048/2^(l−1)). */
  sizes: readonly number[];
  seed: number;
  normalizeResiduals?: boolean;
  iterations?: number;
  /** Balanced codebooks (KMeansOptions.balance): every code holds about n/K items, which spreads items over code tuples. */
  balance?: { slack: number };
}

const meanSquaredNorm = (r: Float64Array, n: number, d: number): number => {
  let s = 0;
  for (let i = 0; i < n * d; i++) s += r[i]! * r[i]!;
  return s / n;
};

/** Quantizes z (n × d); codebooks are fitted on `fitRows` only (all rows when absent) and every row is assigned. */
export function rqKMeans(z: ArrayLike<number>, n: number, d: number, opts: RqOptions, fitRows?: readonly number[]): ResidualQuantization {
  const r = Float64Array.from({ length: n * d }, (_, i) => z[i]!);
  const codes = new Int32Array(n * opts.sizes.length);
  const inputNorm = meanSquaredNorm(r, n, d);
  const fit = fitRows ?? Array.from({ length: n }, (_, i) => i);
  const levels: QuantizerLevel[] = opts.sizes.map((size, l) => {
    const lengths = new Float64Array(n).fill(1);
    const view = Float64Array.from(r);
    if (opts.normalizeResiduals) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += view[i * d + j]! ** 2;
        lengths[i] = Math.sqrt(s);
        if (s > 0) for (let j = 0; j < d; j++) view[i * d + j]! /= lengths[i]!;
      }
    }
    const sample = new Float64Array(fit.length * d);
    fit.forEach((row, k) => sample.set(view.subarray(row * d, row * d + d), k * d));
    const km = kmeans(sample, fit.length, d, size, {
      seed: opts.seed + 7919 * l,
      ...(opts.iterations ? { iterations: opts.iterations } : {}),
      ...(opts.balance ? { balance: opts.balance } : {}),
    });
    const used = new Set<number>();
    // Fitted rows keep the (possibly balanced) assignment k-means made; the others take their nearest code.
    const fitted = new Map(fit.map((row, k) => [row, km.assign[k]!]));
    for (let i = 0; i < n; i++) {
      let best = fitted.get(i) ?? 0;
      let dist = fitted.has(i) ? 0 : Infinity;
      for (let q = 0; q < km.k && dist > 0; q++) {
        let s = 0;
        for (let j = 0; j < d; j++) {
          const t = view[i * d + j]! - km.centroids[q * d + j]!;
          s += t * t;
        }
        if (s < dist) {
          dist = s;
          best = q;
        }
      }
      codes[i * opts.sizes.length + l] = best;
      used.add(best);
      const scale = lengths[i]!;
      for (let j = 0; j < d; j++) r[i * d + j]! -= scale * km.centroids[best * d + j]!;
    }
    return { size, codesUsed: used.size, residual: meanSquaredNorm(r, n, d), codebook: km.centroids };
  });
  return { codes, levels, inputNorm };
}

/**
 * The collision digit (TIGER): items whose code tuples are equal get a last digit 0, 1, 2, … in item order, so
 * every item's tuple is unique; items without a twin get 0. Returns the codes with the digit appended and the
 * largest group (the digit's codebook size).
 */
export function appendCollisionDigit(
  codes: Int32Array,
  n: number,
  levels: number,
): { codes: Int32Array; collisions: number; largestGroup: number } {
  const out = new Int32Array(n * (levels + 1));
  const seen = new Map<string, number>();
  let collisions = 0;
  let largest = 1;
  for (let i = 0; i < n; i++) {
    const key = Array.from(codes.subarray(i * levels, i * levels + levels)).join(',');
    const k = seen.get(key) ?? 0;
    seen.set(key, k + 1);
    if (k > 0) collisions++;
    largest = Math.max(largest, k + 1);
    out.set(codes.subarray(i * levels, i * levels + levels), i * (levels + 1));
    out[i * (levels + 1) + levels] = k;
  }
  return { codes: out, collisions, largestGroup: largest };
}
