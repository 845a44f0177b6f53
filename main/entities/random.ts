/** Small seeded randomness for sampling (pure): FNV-1a to mix a key into a seed, mulberry32 as the generator. */
import { mulberry32 } from '../optim/random';

export { mulberry32 };

export function hashString(s: string, h = 0x811c9dc5): number {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The generator for one key (a user, a record) under one seed. */
export const keyedRng = (seed: number, key: string): (() => number) =>
  mulberry32(hashString(key, (0x811c9dc5 ^ Math.imul(seed, 0x9e3779b1)) >>> 0));

/** Picks k distinct indices of 0..n-1 (partial Fisher-Yates), in the order drawn. */
export function pickIndices(n: number, k: number, rng: () => number): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  const take = Math.min(k, n);
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(rng() * (n - i));
    const t = idx[i]!;
    idx[i] = idx[j]!;
    idx[j] = t;
  }
  return idx.slice(0, take);
}
