/** Tiny GLM shapes and hand-made batches for the model tests (blank infilling itself is tested on its own). */
import * as tf from '@tensorflow/tfjs-core';
import { mulberry32, randomInt, type Rng } from '../../../main/random';
import { collate, SPECIAL, type Batch, type ModelConfig, type PackedExample } from '../../../main/model/types';

export const TINY: ModelConfig = { vocabSize: 23, layers: 2, width: 16, heads: 2, ffn: 32, maxLength: 14, dropout: 0 };

const FIRST = SPECIAL.eop + 1;

/**
 * A packed example as blank infilling makes one: Part A of `partA` tokens with `spans` masks, then for each
 * span `[sop] tokens…` whose labels are `tokens… [eop]`, inter = the mask's position, intra = 1, 2, ….
 */
export function example(rng: Rng, vocab: number, partA: number, spanLengths: number[]): PackedExample {
  const tokens: number[] = [];
  const inter: number[] = [];
  const intra: number[] = [];
  const labels: number[] = [];
  const lossMask: number[] = [];
  for (let i = 0; i < partA; i++) {
    tokens.push(i % 3 === 1 ? SPECIAL.mask : FIRST + randomInt(rng, vocab - FIRST));
    inter.push(i);
    intra.push(0);
    labels.push(SPECIAL.pad);
    lossMask.push(0);
  }
  for (const len of spanLengths) {
    const at = randomInt(rng, partA);
    const span = Array.from({ length: len }, () => FIRST + randomInt(rng, vocab - FIRST));
    [SPECIAL.sop, ...span].forEach((t, k) => {
      tokens.push(t);
      inter.push(at);
      intra.push(k + 1);
      labels.push(k < len ? span[k]! : SPECIAL.eop);
      lossMask.push(1);
    });
  }
  return { tokens, inter, intra, sep: partA, labels, lossMask, family: 'mask' };
}

/** `rows` random examples of varied lengths (so collate pads some), all within `config.maxLength`. */
export function randomBatch(seed: number, rows: number, config: ModelConfig): Batch {
  const rng = mulberry32(seed);
  const examples = Array.from({ length: rows }, () => {
    const partA = 3 + randomInt(rng, 4);
    const spans = Array.from({ length: 1 + randomInt(rng, 2) }, () => 1 + randomInt(rng, 2));
    return example(rng, config.vocabSize, partA, spans);
  });
  for (const e of examples) if (e.tokens.length > config.maxLength) throw new Error('test batch longer than maxLength');
  return collate(examples);
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Host copy of a tensor's values. */
export const values = (t: tf.Tensor): Float32Array => (t.dataSync() as Float32Array).slice();
