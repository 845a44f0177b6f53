/**
 * Which samples iteration t uses. A sampler is a function so tests can inject any fixed sequence (sfw.md A4).
 */
import { badInput } from '../errors';
import { mulberry32, randomInt } from '../random';

/** Fills `out` (length B) with the sample indices of iteration t; called once per iteration with t = 0, 1, 2, … */
export type Sampler = (t: number, out: Int32Array) => void;

export type SamplerSpec = { kind: 'cyclic' } | { kind: 'random'; seed: number };

/**
 * Iteration t takes samples (tB + k) mod n, k < B. The stream runs on across epochs instead of restarting, so when
 * B ∤ n the samples left over by one epoch open the next and every sample is visited equally often (sfw.md A7).
 */
export function cyclicSampler(n: number): Sampler {
  return (t, out) => {
    const start = (t * out.length) % n;
    for (let k = 0; k < out.length; k++) out[k] = (start + k) % n;
  };
}

/** Uniform draws with replacement, within and across batches, from mulberry32(seed). */
export function randomSampler(n: number, seed: number): Sampler {
  const rng = mulberry32(seed);
  return (_t, out) => {
    for (let k = 0; k < out.length; k++) out[k] = randomInt(rng, n);
  };
}

export function makeSampler(spec: SamplerSpec | Sampler | undefined, n: number): Sampler {
  if (typeof spec === 'function') return spec;
  if (spec === undefined || spec.kind === 'cyclic') return cyclicSampler(n);
  return randomSampler(n, spec.seed);
}

/** Parses `cyclic` or `random:SEED` (SEED an integer in [0, 2³²)). */
export function parseSamplerSpec(text: string): SamplerSpec {
  if (text === 'cyclic') return { kind: 'cyclic' };
  const m = /^random:(\d+)$/.exec(text);
  if (m) {
    const seed = Number(m[1]);
    if (seed <= 0xffffffff) return { kind: 'random', seed };
  }
  throw badInput(`sampler must be "cyclic" or "random:SEED" with SEED an integer from 0 to 4294967295, got "${text}"`);
}
