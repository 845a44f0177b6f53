/**
 * One training step: forward and backward over the trainable variables, clip, AdamW update, and exactly one
 * host read (loss, gradient norm and per-row losses come back together), so the device never waits on the
 * host mid-step.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Glm } from './glm';
import { mixSeed } from './layers';
import type { AdamW } from './optimizer';
import type { Batch } from './types';

export interface StepResult {
  loss: number;
  /** Mean loss of each batch row over its Part B positions (0 for a row without any). */
  perRow: Float32Array;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  lr: number;
}

/** The dropout seed of a step: a pure function of (run seed, step), so a resumed run draws the same masks. */
export const stepSeed = (seed: number, step: number): number => mixSeed(seed, step);

export function trainStep(model: Glm, batch: Batch, optimizer: AdamW, step: number, seed: number): StepResult {
  const trainable = model.trainable();
  let perRow: tf.Tensor1D | null = null;
  const { value, grads } = tf.variableGrads(() => {
    const out = model.loss(batch, { training: true, seed: stepSeed(seed, step) });
    perRow = tf.keep(out.perRow);
    return out.loss;
  }, [...trainable.values()]);
  const byName = new Map([...trainable].map(([name, v]) => [name, grads[v.name]!] as const));
  const { gradNorm, lr } = optimizer.apply(byName, step);
  const rows = perRow as tf.Tensor1D | null;
  if (!rows) throw new Error('internal: the loss did not report per-row values');
  const packed = tf.tidy(() => tf.concat([tf.reshape(value, [1]), tf.reshape(gradNorm, [1]), rows]));
  const host = packed.dataSync() as Float32Array;
  tf.dispose([value, gradNorm, rows, packed, ...Object.values(grads)]);
  return { loss: host[0]!, gradNorm: host[1]!, perRow: host.slice(2), lr };
}
