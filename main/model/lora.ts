/**
 * LoRA (docs/algorithms.md §5): h = W0·x + (α/r)·B·A·x on the chosen projections of every layer, A Kaiming-
 * uniform (a = √5, as loralib), B zero so the adapted model starts exactly at the base, and the base frozen.
 */
import * as tf from '@tensorflow/tfjs-core';
import { mulberry32 } from '../random';
import type { Glm } from './glm';
import { mixSeed } from './layers';
import type { LoraConfig } from './types';

/** Variable names of one adapter: `<projection>.lora.a` / `.lora.b`, e.g. `layer0.qkv.lora.a`. */
export const loraNames = (projection: string): { a: string; b: string } => ({ a: `${projection}.lora.a`, b: `${projection}.lora.b` });

/**
 * Adds adapters to `model` in place and freezes every base parameter, so `model.trainable()` holds only the
 * A and B matrices. Call after loading the base weights and before creating the optimizer.
 */
export function addLora(model: Glm, config: LoraConfig, seed: number): void {
  if (model.lora) throw new Error('the model already has LoRA adapters');
  if (!Number.isInteger(config.rank) || config.rank < 1) throw new Error(`LoRA rank must be a positive integer, got ${config.rank}`);
  if (config.targets.length === 0) throw new Error('LoRA needs at least one target projection');
  for (const v of model.params.values()) v.trainable = false;
  const scale = config.alpha / config.rank;
  let k = 0;
  for (let l = 0; l < model.config.layers; l++) {
    for (const target of config.targets) {
      const projection = `layer${l}.${target}`;
      const [fanIn, fanOut] = model.param(`${projection}.w`).shape as [number, number];
      // Kaiming-uniform with a = √5 on A [r, in]: bound = gain·√(3/fan_in), gain = √(2/(1+5)) → 1/√fan_in.
      const bound = 1 / Math.sqrt(fanIn);
      const rng = mulberry32(mixSeed(seed, k++));
      const aValues = Float32Array.from({ length: config.rank * fanIn }, () => (2 * rng() - 1) * bound);
      // tidy: the initial tensors go, the variables stay.
      const a = tf.tidy(() => tf.variable(tf.tensor2d(aValues, [config.rank, fanIn]), true));
      const b = tf.tidy(() => tf.variable(tf.zeros([fanOut, config.rank]), true));
      const names = loraNames(projection);
      model.params.set(names.a, a);
      model.params.set(names.b, b);
      model.adapters.set(projection, { a, b, scale });
    }
  }
  model.lora = { ...config, targets: [...config.targets] };
}

/**
 * The plain weights of the adapted model: every base parameter by name, with W = W0 + (α/r)·(B·A)ᵀ on adapted
 * projections (W is stored [in, out]). Load them into a model without LoRA to serve or export. The caller owns
 * (and disposes) the returned tensors.
 */
export function mergeLora(model: Glm): Map<string, tf.Tensor> {
  const merged = new Map<string, tf.Tensor>();
  for (const [name, v] of model.params) {
    if (name.includes('.lora.')) continue;
    const projection = name.endsWith('.w') ? name.slice(0, -2) : '';
    const ad = model.adapters.get(projection);
    merged.set(name, ad ? tf.tidy(() => tf.add(v, tf.mul(tf.matMul(ad.a, ad.b, true, true), ad.scale))) : tf.clone(v));
  }
  return merged;
}
