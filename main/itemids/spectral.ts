/**
 * OpenP5's collaborative indexing (pure; docs/algorithms.md §2.4): items that co-occur in training sequences are
 * clustered by recursive spectral clustering — the top eigenvectors of the normalized affinity D^-½ A D^-½,
 * rows normalized, k-means — into `clusters` groups, and every group larger than `leafSize` is split again.
 * An item's code is its path of cluster indices and then its index within its leaf.
 */
import { kmeans } from './kmeans';
import { csrFromMaps, csrOperator, normalizeRows, randomizedSvd } from './linalg';

export interface SpectralOptions {
  /** Clusters per split (OpenP5: 20). */
  clusters: number;
  /** Largest group left unsplit (OpenP5: 200). */
  leafSize: number;
  seed: number;
}

/** The spectral embedding of a group of items under the affinity `a` (symmetric, per-row maps over item ids). */
function spectralEmbedding(group: readonly number[], a: readonly ReadonlyMap<number, number>[], k: number, seed: number): Float64Array {
  const local = new Map(group.map((item, i) => [item, i]));
  const rows = group.map((item) => {
    const m = new Map<number, number>();
    for (const [j, v] of a[item]!) {
      const lj = local.get(j);
      if (lj !== undefined) m.set(lj, v);
    }
    return m;
  });
  const deg = rows.map((m) => [...m.values()].reduce((s, v) => s + v, 0));
  // (I + D^-½ A D^-½)/2 has eigenvalues in [0, 1]: its top singular vectors are the top eigenvectors wanted.
  const shifted = rows.map((m, i) => {
    const out = new Map<number, number>([[i, 0.5]]);
    for (const [j, v] of m) if (deg[i]! > 0 && deg[j]! > 0) out.set(j, (out.get(j) ?? 0) + (0.5 * v) / Math.sqrt(deg[i]! * deg[j]!));
    return out;
  });
  const svd = randomizedSvd(csrOperator(csrFromMaps(shifted, group.length)), k, { seed, iterations: 6 });
  const e = svd.embedding;
  normalizeRows(e, group.length, svd.k);
  return e.length === group.length * k
    ? e
    : Float64Array.from({ length: group.length * k }, (_, i) => e[Math.floor(i / k) * svd.k + (i % k)] ?? 0);
}

/** Hierarchical codes (variable length) for items 0..n−1 from their co-occurrence affinity. */
export function spectralCodes(a: readonly ReadonlyMap<number, number>[], opts: SpectralOptions): number[][] {
  const n = a.length;
  const codes: number[][] = Array.from({ length: n }, () => []);
  const split = (group: number[], depth: number): void => {
    if (group.length <= opts.leafSize) {
      group.forEach((item, i) => codes[item]!.push(i));
      return;
    }
    const k = Math.min(opts.clusters, group.length);
    const e = spectralEmbedding(group, a, k, opts.seed + depth * 104729 + group[0]!);
    const km = kmeans(e, group.length, k, k, { seed: opts.seed + depth });
    const parts = Array.from({ length: km.k }, () => [] as number[]);
    group.forEach((item, i) => parts[km.assign[i]!]!.push(item));
    const nonEmpty = parts.filter((p) => p.length > 0);
    // A split that separates nothing (all items in one cluster) would recurse forever: number the group as a leaf.
    if (nonEmpty.length <= 1) {
      group.forEach((item, i) => codes[item]!.push(i));
      return;
    }
    nonEmpty.forEach((part, c) => {
      for (const item of part) codes[item]!.push(c);
      split(part, depth + 1);
    });
  };
  split(
    Array.from({ length: n }, (_, i) => i),
    0,
  );
  return codes;
}
