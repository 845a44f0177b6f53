/**
 * Fused training kernels: one kernel where the composite tfjs ops take several passes over memory (layer norm,
 * GELU, masked softmax, cross-entropy, AdamW). Only the 'native' back end registers them; the model asks
 * `hasFused` and otherwise runs the composite ops, which stay the reference the fused ones are tested against.
 */
import * as tf from '@tensorflow/tfjs-core';

export const FUSED = {
  /** {x [N, d], gamma, beta}, {eps} → [y, mean [N], rstd [N]] */
  layerNorm: 'StudioLayerNorm',
  /** {dy, x, gamma, mean, rstd} → [dx, dgamma, dbeta] */
  layerNormGrad: 'StudioLayerNormGrad',
  /** {x} → x·σ(2u), the tanh GELU */
  gelu: 'StudioGelu',
  /** {dy, x} → dx */
  geluGrad: 'StudioGeluGrad',
  /** {x [B, H, R, C], mask [B, 1, R, C]} → softmax(x + mask) over the last axis */
  maskedSoftmax: 'StudioMaskedSoftmax',
  /** {p, dp} → p ⊙ (dp − Σ dp·p) over the last axis */
  softmaxGrad: 'StudioSoftmaxGrad',
  /** {logits [N, V], labels [N] int32} → [loss [N], probs [N, V]] */
  crossEntropy: 'StudioCrossEntropy',
  /** {probs, labels, dy [N]} → dlogits */
  crossEntropyGrad: 'StudioCrossEntropyGrad',
  /** {p, g, m, v}, {coef, lr, beta1, beta2, eps, bc1, bc2, decay} → [p', m', v'] */
  adamw: 'StudioAdamW',
  /** {g0, g1, …} → √Σ g² as a scalar */
  globalNorm: 'StudioGlobalNorm',
  /** {}, {shape, rate, seed} → the inverted-dropout multipliers of layers.ts's dropoutMask, bit for bit */
  dropoutMask: 'StudioDropoutMask',
} as const;

export type FusedName = (typeof FUSED)[keyof typeof FUSED];

/** Whether the active back end runs this fused kernel. */
export function hasFused(name: FusedName): boolean {
  return tf.getKernel(name, tf.getBackend()) != null;
}

export function runFused(name: FusedName, inputs: Record<string, tf.Tensor>, attrs: tf.NamedAttrMap = {}): tf.Tensor[] {
  const out = tf.engine().runKernel(name, inputs as unknown as tf.NamedTensorMap, attrs);
  return Array.isArray(out) ? out : [out];
}

export function runFused1(name: FusedName, inputs: Record<string, tf.Tensor>, attrs: tf.NamedAttrMap = {}): tf.Tensor {
  const [t] = runFused(name, inputs, attrs);
  if (!t) throw new Error(`${name} returned no tensor`);
  return t;
}
