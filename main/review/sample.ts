/**
 * The pairs a review shows (pure, seeded): a stratified sample of the candidates, a blinded side order for each,
 * a share shown again with the sides swapped to measure self-consistency, and a shuffled presentation order.
 *
 * Every random choice draws from a generator keyed by the seed and by what it decides (a stratum, an example's
 * key), so the same seed gives the same review whatever order the candidates arrive in, and an example's side
 * order does not depend on which other examples were drawn.
 */
import { keyedRng, pickIndices } from '../random';
import { repeatCount } from '../../preload/api-review';
import type { Candidate, Order, SampledPair } from './types';

export interface SampleOptions {
  /** Share of the sampled pairs shown a second time with the sides swapped (default 0.1). */
  swapShare?: number;
}

/** Stars as the integer rating (4.0 and 4.2 share a bucket), or 'none' when the example has no rating. */
export const ratingBucket = (rating: number | null): string => (rating === null ? 'none' : String(Math.round(rating)));

/** The stratum of a candidate: template, seen/unseen and rating bucket. */
export const stratumOf = (c: Pick<Candidate, 'template' | 'seen' | 'rating'>): string =>
  JSON.stringify([c.template, c.seen, ratingBucket(c.rating)]);

/** The side order of one example: 50/50 from a generator keyed by (seed, key) alone. */
export const orderFor = (seed: number, key: string): Order => (keyedRng(seed, `order\u0000${key}`)() < 0.5 ? 'AB' : 'BA');

export { repeatCount };

/**
 * Splits `size` across strata in proportion to their sizes by largest remainder (Hamilton): each stratum gets
 * floor(size·Nₛ/N), and the seats left go to the largest fractional parts, ties broken by `tieBreak`. When size is
 * at least the number of strata, a stratum left with none takes one from the stratum most over its exact quota,
 * so every stratum is seen at least once.
 */
export function allocate(counts: readonly number[], size: number, tieBreak: readonly number[]): number[] {
  const total = counts.reduce((s, c) => s + c, 0);
  if (size >= total) return [...counts];
  const quota = counts.map((c) => (size * c) / total);
  const alloc = quota.map((q) => Math.floor(q));
  let left = size - alloc.reduce((s, a) => s + a, 0);
  const byRemainder = counts
    .map((_, i) => i)
    .sort((i, j) => quota[j]! - alloc[j]! - (quota[i]! - alloc[i]!) || tieBreak[i]! - tieBreak[j]!);
  for (const i of byRemainder) {
    if (left === 0) break;
    alloc[i]!++;
    left--;
  }
  if (size >= counts.length) {
    for (let i = 0; i < counts.length; i++) {
      if (alloc[i] !== 0) continue;
      let donor = -1;
      for (let j = 0; j < counts.length; j++) {
        if (alloc[j]! < 2) continue;
        const over = alloc[j]! - quota[j]!;
        const best = donor < 0 ? -Infinity : alloc[donor]! - quota[donor]!;
        if (over > best || (over === best && tieBreak[j]! > tieBreak[donor]!)) donor = j;
      }
      alloc[donor]!--;
      alloc[i] = 1;
    }
  }
  return alloc;
}

const byKey = (x: { key: string }, y: { key: string }): number => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0);

/**
 * A stratified, blinded and shuffled sample of `size` pairs (all candidates when size ≥ their number), followed
 * in the list by repeats with the opposite order; `position` is the order shown. Throws on a duplicate key, since
 * keys identify pairs in stored judgments.
 */
export function samplePairs(candidates: readonly Candidate[], size: number, seed: number, opts: SampleOptions = {}): SampledPair[] {
  const swapShare = opts.swapShare ?? 0.1;
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`sample size must be a non-negative integer, got ${size}`);
  if (!(swapShare >= 0 && swapShare <= 1)) throw new RangeError(`swapShare must be within [0, 1], got ${swapShare}`);

  const strata = new Map<string, Candidate[]>();
  const keys = new Set<string>();
  for (const c of candidates) {
    if (keys.has(c.key)) throw new RangeError(`duplicate candidate key ${JSON.stringify(c.key)}`);
    keys.add(c.key);
    const s = stratumOf(c);
    const list = strata.get(s);
    if (list) list.push(c);
    else strata.set(s, [c]);
  }
  // Sorted strata and members make the draw independent of the order the candidates were listed in.
  const names = [...strata.keys()].sort();
  const members = names.map((s) => strata.get(s)!.sort(byKey));
  const alloc = allocate(
    members.map((m) => m.length),
    size,
    names.map((s) => keyedRng(seed, `tie\u0000${s}`)()),
  );
  const drawn: Candidate[] = [];
  members.forEach((m, i) => {
    for (const k of pickIndices(m.length, alloc[i]!, keyedRng(seed, `stratum\u0000${names[i]}`))) drawn.push(m[k]!);
  });
  drawn.sort(byKey);

  const repeated = new Set(pickIndices(drawn.length, repeatCount(drawn.length, swapShare), keyedRng(seed, 'repeats')));
  interface Slot {
    c: Candidate;
    order: Order;
    original: number | null;
  }
  const slots: Slot[] = drawn.map((c) => ({ c, order: orderFor(seed, c.key), original: null }));
  drawn.forEach((c, i) => {
    if (repeated.has(i)) slots.push({ c, order: slots[i]!.order === 'AB' ? 'BA' : 'AB', original: i });
  });

  // A uniform shuffle of all slots; then wherever a repeat landed before its original the two trade places, which
  // keeps the shuffle uniform over the arrangements that show every original first.
  const shown = pickIndices(slots.length, slots.length, keyedRng(seed, 'shuffle'));
  const at = new Array<number>(slots.length);
  shown.forEach((slot, pos) => (at[slot] = pos));
  slots.forEach((s, i) => {
    if (s.original === null) return;
    const o = s.original;
    if (at[i]! < at[o]!) [at[i], at[o]] = [at[o]!, at[i]!];
  });
  const pairs = new Array<SampledPair>(slots.length);
  slots.forEach((s, i) => {
    const { key, template, seen, rating } = s.c;
    pairs[at[i]!] = {
      position: at[i]!,
      key,
      template,
      seen,
      rating,
      order: s.order,
      repeatOf: s.original === null ? null : at[s.original]!,
    };
  });
  return pairs;
}
