import type { Histogram } from '../../preload/api';

/**
 * Counts per value for small integer-like domains (ratings, short lengths) and log-spaced bins for
 * long-tailed counts (interactions per user), so plots stay readable at 1M rows. Pure.
 */
export function histogram(values: readonly number[], maxBins = 40): Histogram {
  if (values.length === 0) return [];
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const distinct = new Map<number, number>();
  for (const v of values) {
    distinct.set(v, (distinct.get(v) ?? 0) + 1);
    if (distinct.size > maxBins) break;
  }
  if (distinct.size <= maxBins) {
    return [...distinct.entries()].sort((a, b) => a[0] - b[0]).map(([x, count]) => ({ x, count }));
  }
  // Bin lower edges; x is the lower edge of each bin.
  const edges: number[] = [];
  if (min > 0 && max / min > 50) {
    const ratio = Math.pow(max / min, 1 / maxBins);
    for (let e = min; e <= max; e *= ratio) edges.push(e);
  } else {
    const width = (max - min) / maxBins;
    for (let k = 0; k < maxBins; k++) edges.push(min + k * width);
  }
  const counts = new Array<number>(edges.length).fill(0);
  for (const v of values) {
    let lo = 0;
    let hi = edges.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((edges[mid] as number) <= v) lo = mid;
      else hi = mid - 1;
    }
    counts[lo] = (counts[lo] as number) + 1;
  }
  return edges.map((x, k) => ({ x: Math.round(x * 100) / 100, count: counts[k] as number }));
}
