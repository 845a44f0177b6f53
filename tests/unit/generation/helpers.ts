/** Scorers without a model, for the decoder tests: seeded random log-probabilities and hand-set tables. */
import type { Scorer } from '../../../main/generation/scorer';
import { mulberry32, randomNormal } from '../../../main/random';

/** Log-softmax of `logits`, in float64 and then rounded once. */
export function logSoftmax(logits: ArrayLike<number>): Float32Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]!);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i]! - max);
  const lse = max + Math.log(sum);
  return Float32Array.from(logits, (x) => x - lse);
}

/** FNV-1a over (seed, prefix): each prefix gets its own stream, the same every time it is asked for. */
function prefixSeed(seed: number, prefix: readonly number[]): number {
  let h = 0x811c9dc5 ^ seed;
  for (const t of [prefix.length, ...prefix]) {
    h = Math.imul(h ^ (t & 0xffff), 0x01000193);
    h = Math.imul(h ^ (t >>> 16), 0x01000193);
  }
  return h >>> 0;
}

/** Random logits (normal × scale) per prefix, a pure function of (seed, prefix), as a consistent model would be. */
export function randomScorer(seed: number, vocab: number, scale = 3): Scorer & { calls: number } {
  const s = {
    calls: 0,
    next(prefixes: readonly (readonly number[])[]): Float32Array[] {
      s.calls++;
      return prefixes.map((p) => {
        const rng = mulberry32(prefixSeed(seed, p));
        return logSoftmax(Array.from({ length: vocab }, () => scale * randomNormal(rng)));
      });
    },
  };
  return s;
}

/**
 * Hand-set next-token probabilities by prefix (key: the prefix's tokens joined by ","; "" for the start). The
 * rest of each row's mass is spread evenly over the other tokens, so every row is a true distribution.
 */
export function tableScorer(vocab: number, table: Record<string, Record<number, number>>): Scorer {
  return {
    next: (prefixes) =>
      prefixes.map((p) => {
        const given = table[p.join(',')] ?? {};
        const set = Object.entries(given).map(([t, q]) => [Number(t), q] as const);
        const rest = Math.max(1e-12, 1 - set.reduce((a, [, q]) => a + q, 0)) / (vocab - set.length);
        const probs = new Float64Array(vocab).fill(rest);
        for (const [t, q] of set) probs[t] = q;
        return Float32Array.from(probs, Math.log);
      }),
  };
}

/** The sum of the scorer's log-probabilities along `tokens` (then `end`, when given), one prefix at a time. */
export function sequenceLogProb(scorer: Scorer, tokens: readonly number[], end?: number): number {
  const path = end === undefined ? tokens : [...tokens, end];
  const rows = scorer.next(path.map((_, i) => path.slice(0, i)));
  return path.reduce((acc, t, i) => acc + rows[i]![t]!, 0);
}
