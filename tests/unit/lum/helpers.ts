/** Small LUM shapes, synthetic item features and batches for the model tests. */
import * as tf from '@tensorflow/tfjs-core';
import { ATTR_SLOTS, STAT_COLUMNS, TITLE_SLOTS, type ItemFeatures } from '../../../main/lum/data';
import type { LumModel, LumShape } from '../../../main/lum/model';
import { mulberry32, randomInt, randomNormal } from '../../../main/random';

export const SHAPE: LumShape = {
  items: 13,
  conditions: 5,
  titleWords: 9,
  attrTokens: 7,
  layers: 2,
  width: 16,
  heads: 2,
  ffn: 32,
  contextLength: 40,
  dropout: 0,
  temperature: 1,
};

/** Every item with one to three title words, one or two attribute tokens and two statistics. */
export function randomFeatures(shape: LumShape, seed: number): ItemFeatures {
  const rng = mulberry32(seed);
  const n = shape.items;
  const f: ItemFeatures = {
    count: n,
    titleIds: new Int32Array(n * TITLE_SLOTS),
    titleWeights: new Float32Array(n * TITLE_SLOTS),
    attrIds: new Int32Array(n * ATTR_SLOTS),
    attrWeights: new Float32Array(n * ATTR_SLOTS),
    stats: Float32Array.from({ length: n * STAT_COLUMNS }, (_, i) => (i < STAT_COLUMNS ? 0 : randomNormal(rng))),
  };
  for (let i = 1; i < n; i++) {
    const words = 1 + randomInt(rng, 3);
    for (let k = 0; k < words; k++) {
      f.titleIds[i * TITLE_SLOTS + k] = 1 + randomInt(rng, shape.titleWords - 1);
      f.titleWeights[i * TITLE_SLOTS + k] = 1 / words;
    }
    const attrs = 1 + randomInt(rng, 2);
    for (let k = 0; k < attrs; k++) {
      f.attrIds[i * ATTR_SLOTS + k] = 1 + randomInt(rng, shape.attrTokens - 1);
      f.attrWeights[i * ATTR_SLOTS + k] = 1 / attrs;
    }
  }
  return f;
}

/** `pairs` random (condition, item) pairs. */
export function randomSegment(shape: LumShape, pairs: number, seed: number): { conds: Int32Array; items: Int32Array } {
  const rng = mulberry32(seed);
  return {
    conds: Int32Array.from({ length: pairs }, () => randomInt(rng, shape.conditions)),
    items: Int32Array.from({ length: pairs }, () => 1 + randomInt(rng, shape.items - 1)),
  };
}

/** Every parameter redrawn at a scale where the network is far from linear (so a leak would show). */
export function scramble(model: LumModel, seed: number): void {
  const rng = mulberry32(seed);
  for (const [name, v] of model.params) {
    const base = name.endsWith('.gamma') ? 1 : 0;
    v.assign(
      tf.tensor(
        Float32Array.from({ length: v.size }, () => base + 0.4 * randomNormal(rng)),
        v.shape,
      ),
    );
  }
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Rows [from, to) of a [n, d] host array. */
export const rowsOf = (x: Float32Array, d: number, from: number, to: number): Float32Array => x.slice(from * d, to * d);

/** A tiny LUM run configuration on the sample, on wasm (deterministic, no native build needed). */
export const TINY_CONFIG = {
  preset: 'tiny',
  width: 16,
  heads: 2,
  ffn: 32,
  contextLength: 32,
  batchSize: 4,
  checkpointEvery: 2,
  seed: 3,
  backend: 'wasm',
};
