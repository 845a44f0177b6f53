/**
 * Seeded k-means (pure): k-means++ initialisation and Lloyd iterations on squared Euclidean distance, the
 * quantizer of RQ-KMeans (docs/algorithms.md §3.2) and of spectral clustering. An emptied cluster is re-seeded
 * with the point farthest from its centroid, so every code stays in use while there are enough distinct points.
 */
import { mulberry32, type Rng } from '../random';

export interface KMeansResult {
  /** k × d, row-major. */
  centroids: Float64Array;
  /** Cluster of each point. */
  assign: Int32Array;
  /** Mean squared distance of the points to their centroids. */
  inertia: number;
  k: number;
}

export interface KMeansOptions {
  seed: number;
  /** Most Lloyd iterations (default 50); stops earlier when no point changes cluster. */
  iterations?: number;
  /**
   * Balanced clusters: no cluster takes more than ⌈n/k⌉·(1 + slack) points. Points are placed in order of how
   * much they would lose by not getting their nearest centroid, each in the nearest one with room left.
   */
  balance?: { slack: number };
}

function dist2(x: ArrayLike<number>, xo: number, c: ArrayLike<number>, co: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const t = x[xo + j]! - c[co + j]!;
    s += t * t;
  }
  return s;
}

function nearest(x: ArrayLike<number>, i: number, c: Float64Array, k: number, d: number): { best: number; dist: number } {
  let best = 0;
  let dist = Infinity;
  for (let q = 0; q < k; q++) {
    const s = dist2(x, i * d, c, q * d, d);
    if (s < dist) {
      dist = s;
      best = q;
    }
  }
  return { best, dist };
}

function plusPlus(x: ArrayLike<number>, n: number, d: number, k: number, rng: Rng): Float64Array {
  const c = new Float64Array(k * d);
  const first = Math.floor(rng() * n);
  for (let j = 0; j < d; j++) c[j] = x[first * d + j]!;
  const closest = new Float64Array(n).fill(Infinity);
  for (let q = 1; q < k; q++) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      const s = dist2(x, i * d, c, (q - 1) * d, d);
      if (s < closest[i]!) closest[i] = s;
      total += closest[i]!;
    }
    let pick = n - 1;
    if (total > 0) {
      let u = rng() * total;
      for (let i = 0; i < n; i++)
        if ((u -= closest[i]!) <= 0) {
          pick = i;
          break;
        }
    } else pick = Math.floor(rng() * n);
    for (let j = 0; j < d; j++) c[q * d + j] = x[pick * d + j]!;
  }
  return c;
}

/** k-means of n points x (n × d). k is capped at n. */
export function kmeans(x: ArrayLike<number>, n: number, d: number, kWanted: number, opts: KMeansOptions): KMeansResult {
  if (n === 0) throw new RangeError('k-means needs at least one point');
  if (!Number.isInteger(kWanted) || kWanted < 1) throw new RangeError(`k must be a positive integer, got ${kWanted}`);
  const k = Math.min(kWanted, n);
  const rng = mulberry32(opts.seed);
  const c = plusPlus(x, n, d, k, rng);
  const assign = new Int32Array(n).fill(-1);
  const dist = new Float64Array(n);
  const counts = new Int32Array(k);
  for (let it = 0; it < (opts.iterations ?? 50); it++) {
    let changed = 0;
    const next = opts.balance ? balancedAssign(x, n, d, c, k, opts.balance.slack, dist) : null;
    for (let i = 0; i < n; i++) {
      let best: number;
      if (next) best = next[i]!;
      else {
        const r = nearest(x, i, c, k, d);
        best = r.best;
        dist[i] = r.dist;
      }
      if (assign[i] !== best) {
        assign[i] = best;
        changed++;
      }
    }
    if (changed === 0 && it > 0) break;
    c.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const q = assign[i]!;
      counts[q]!++;
      for (let j = 0; j < d; j++) c[q * d + j]! += x[i * d + j]!;
    }
    for (let q = 0; q < k; q++) {
      if (counts[q]! > 0) {
        for (let j = 0; j < d; j++) c[q * d + j]! /= counts[q]!;
        continue;
      }
      // Re-seed an empty cluster with the worst-served point, taking it from its cluster.
      let far = 0;
      for (let i = 1; i < n; i++) if (dist[i]! > dist[far]!) far = i;
      for (let j = 0; j < d; j++) c[q * d + j] = x[far * d + j]!;
      dist[far] = 0;
      assign[far] = q;
    }
  }
  let inertia = 0;
  const last = opts.balance ? balancedAssign(x, n, d, c, k, opts.balance.slack, dist) : null;
  for (let i = 0; i < n; i++) {
    if (last) {
      assign[i] = last[i]!;
      inertia += dist[i]!;
    } else {
      const { best, dist: s } = nearest(x, i, c, k, d);
      assign[i] = best;
      inertia += s;
    }
  }
  return { centroids: c, assign, inertia: inertia / n, k };
}

/** Capacity-constrained assignment (see KMeansOptions.balance); writes each point's squared distance into `dist`. */
export function balancedAssign(
  x: ArrayLike<number>,
  n: number,
  d: number,
  c: Float64Array,
  k: number,
  slack: number,
  dist: Float64Array,
): Int32Array {
  const cap = Math.max(1, Math.ceil((n / k) * (1 + slack)));
  const all = new Float64Array(n * k);
  const regret = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let b1 = Infinity;
    let b2 = Infinity;
    for (let q = 0; q < k; q++) {
      const s = dist2(x, i * d, c, q * d, d);
      all[i * k + q] = s;
      if (s < b1) {
        b2 = b1;
        b1 = s;
      } else if (s < b2) b2 = s;
    }
    regret[i] = (Number.isFinite(b2) ? b2 : b1) - b1;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => regret[b]! - regret[a]! || a - b);
  const load = new Int32Array(k);
  const out = new Int32Array(n);
  for (const i of order) {
    let best = -1;
    for (let q = 0; q < k; q++) if (load[q]! < cap && (best < 0 || all[i * k + q]! < all[i * k + best]!)) best = q;
    load[best]!++;
    out[i] = best;
    dist[i] = all[i * k + best]!;
  }
  return out;
}
