/**
 * Seeded randomness, the studio's one module of it (pure): a small PRNG (mulberry32) so that random sampling,
 * power-iteration starts and generated problems are reproducible run to run and across machines (Math.random cannot
 * be seeded), FNV-1a to mix a key into a seed, and the draws built on them.
 */
export type Rng = () => number;

/** Uniform floats in [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform integer in [0, n). The bias of flooring is below n / 2³², negligible for sample counts. */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/** Standard normal by Box–Muller (one value per call; simplicity over speed). */
export function randomNormal(rng: Rng): number {
  const u = 1 - rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** FNV-1a of a string, from a starting hash (to mix a key into a seed). */
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
