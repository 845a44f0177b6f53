/**
 * GLM self-attention (docs/algorithms.md §1.2): Part A bidirectional, Part B causal, as one custom-gradient
 * block from the fused QKV projection to the merged heads, so the head split, the scaled scores, the masked
 * softmax, the attention dropout and their backward run without a per-op tape.
 */
import * as tf from '@tensorflow/tfjs-core';
import { FUSED, hasFused, runFused1 } from './fused';
import { withGradient } from './layers';
import type { Batch } from './types';

export const MASKED = -1e9;

/** Additive mask [B, 1, T, T]: 0 where query i may see key j (j < sep[r] or j ≤ i), −1e9 elsewhere. Built once per batch. */
export function attentionMask(batch: Batch): tf.Tensor4D {
  const { size: B, length: T } = batch;
  const m = new Float32Array(B * T * T);
  for (let r = 0; r < B; r++) {
    const sep = batch.sep[r]!;
    for (let i = 0; i < T; i++) {
      const row = (r * T + i) * T;
      for (let j = Math.max(sep, i + 1); j < T; j++) m[row + j] = MASKED;
    }
  }
  return tf.tensor4d(m, [B, 1, T, T]);
}

export interface AttentionShape {
  batch: number;
  length: number;
  heads: number;
}

/**
 * qkv [B·T, 3d] (q, k, v side by side, heads contiguous within each) → context [B·T, d].
 * `dropMask` [B, H, T, T] multiplies the attention probabilities (inverted dropout) when training.
 */
export function attention(qkv: tf.Tensor2D, mask: tf.Tensor4D, shape: AttentionShape, dropMask: tf.Tensor | null): tf.Tensor2D {
  const { batch: B, length: T, heads: H } = shape;
  const d = qkv.shape[1] / 3;
  const hd = d / H;
  const scale = 1 / Math.sqrt(hd);
  // [B·T, d] ⇄ [B, H, T, hd]. tfjs-wasm transposes rank 4 quickly but rank 5 about 10× slower, so q, k and v
  // are split first and moved one by one rather than with one [B, T, 3, H, hd] transpose.
  const toHeads = (t: tf.Tensor): tf.Tensor4D => tf.transpose(tf.reshape(t, [B, T, H, hd]), [0, 2, 1, 3]);
  const fromHeads = (t: tf.Tensor): tf.Tensor2D => tf.reshape(tf.transpose(t, [0, 2, 1, 3]), [B * T, d]);
  const f = withGradient(([x]: [tf.Tensor2D], save) => {
    const [q0, k, v] = tf.split(x, 3, 1).map(toHeads) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
    const q = tf.mul(q0, scale);
    const scores = tf.matMul(q, k, false, true);
    const probs = hasFused(FUSED.maskedSoftmax) ? runFused1(FUSED.maskedSoftmax, { x: scores, mask }) : tf.softmax(tf.add(scores, mask));
    const used = dropMask ? tf.mul(probs, dropMask) : probs;
    // The backward may only use saved tensors (the forward's tidy disposes the rest), the dropout mask included.
    save(dropMask ? [q, k, v, probs, used, dropMask] : [q, k, v, probs, used]);
    return {
      value: fromHeads(tf.matMul(used, v)),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [qs, ks, vs, p, pu, dm] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D, tf.Tensor4D, tf.Tensor4D, tf.Tensor4D?];
        const dctx = toHeads(dy);
        const dv = tf.matMul(pu, dctx, true, false);
        let dp = tf.matMul(dctx, vs, false, true);
        if (dm) dp = tf.mul(dp, dm);
        // softmax backward: p ⊙ (dp − Σ_j dp·p)
        const ds = hasFused(FUSED.softmaxGrad)
          ? runFused1(FUSED.softmaxGrad, { p, dp })
          : tf.mul(p, tf.sub(dp, tf.sum(tf.mul(dp, p), -1, true)));
        const dq = tf.mul(tf.matMul(ds, ks), scale);
        const dk = tf.matMul(ds, qs, true, false);
        return [tf.concat([fromHeads(dq), fromHeads(dk), fromHeads(dv)], 1)];
      },
    };
  });
  return f(qkv);
}
