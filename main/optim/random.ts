/**
 * A small seeded PRNG (mulberry32) so that random sampling, power-iteration starts and generated problems are
 * reproducible run to run and across machines; Math.random cannot be seeded.
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
