/**
 * The fused training kernels (native back end) against the composite tfjs ops they replace, run on the
 * reference cpu back end: values and gradients of layer norm, GELU, cross-entropy and attention, the AdamW
 * update, and dropout masks (bit for bit).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { attention, attentionMask } from '../../../../main/model/attention';
import { crossEntropy, dropoutMask, gelu, layerNorm } from '../../../../main/model/layers';
import { AdamW } from '../../../../main/model/optimizer';
import { mulberry32, randomInt, randomNormal, type Rng } from '../../../../main/random';
import { randomBatch, TINY } from '../helpers';
import { assertClose, on, SKIP, type HostTensor } from './support';

const normals = (rng: Rng, n: number, scale = 1): number[] => Array.from({ length: n }, () => scale * randomNormal(rng));

/**
 * Relative error ≤ 1e-5 against max(|expected|, the tensor's mean |expected|): a backward that cancels terms
 * (layer norm's dx, softmax's ds) leaves some entries near zero where only an absolute bound is meaningful.
 */
function assertAllClose(got: HostTensor[], ref: HostTensor[], what: string, tol = 1e-5): void {
  assert.equal(got.length, ref.length);
  ref.forEach((r, k) => {
    const mean = r.values.reduce((a, v) => a + Math.abs(v), 0) / Math.max(1, r.values.length);
    assertClose(got[k]!, r, (i) => Math.max(Math.abs(r.values[i]!), mean), tol, `${what} output ${k}`);
  });
}

/** y and the gradients of Σ y·w with respect to every input. */
function valueAndGrads(f: (...xs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[], w: number[]): tf.Tensor[] {
  const y = f(...inputs);
  const weights = tf.tensor(w, y.shape);
  const grads = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(...xs), weights)))(inputs);
  return [y, ...grads];
}

test('layer norm: values and the gradients of x, γ and β', { skip: SKIP }, async () => {
  const rng = mulberry32(21);
  for (const [n, d] of [
    [37, 29],
    [5, 256],
    [300, 64],
  ] as const) {
    const x = normals(rng, n * d, 3).map((v, i) => v + (i % d)); // row means far from 0
    const g = normals(rng, d).map((v) => 1 + 0.3 * v);
    const b = normals(rng, d);
    const w = normals(rng, n * d);
    const f = () =>
      valueAndGrads(
        (xi, gi, bi) => layerNorm(xi as tf.Tensor2D, gi as tf.Tensor1D, bi as tf.Tensor1D),
        [tf.tensor2d(x, [n, d]), tf.tensor1d(g), tf.tensor1d(b)],
        w,
      );
    assertAllClose(await on('native', f), await on('cpu', f), `layerNorm ${n}×${d}`);
  }
});

test('GELU: values and gradient, far into both tails', { skip: SKIP }, async () => {
  const rng = mulberry32(22);
  const n = 4099;
  const x = normals(rng, n, 4);
  x.push(-30, -12, 0, 12, 30);
  const w = normals(rng, x.length);
  const f = () => valueAndGrads((xi) => gelu(xi), [tf.tensor1d(x)], w);
  assertAllClose(await on('native', f), await on('cpu', f), 'gelu');
});

test('cross-entropy: per-row losses and the logits gradient, on spread-out logits', { skip: SKIP }, async () => {
  const rng = mulberry32(23);
  for (const [n, v, spread] of [
    [13, 57, 1],
    [64, 1000, 8],
    [3, 4001, 30],
  ] as const) {
    const logits = normals(rng, n * v, spread);
    const labels = Int32Array.from({ length: n }, () => randomInt(rng, v));
    const w = normals(rng, n);
    const f = () => valueAndGrads((z) => crossEntropy(z as tf.Tensor2D, labels), [tf.tensor2d(logits, [n, v])], w);
    assertAllClose(await on('native', f), await on('cpu', f), `crossEntropy ${n}×${v}`);
  }
});

test('attention: masked softmax and its backward, with and without dropout', { skip: SKIP }, async () => {
  const rng = mulberry32(24);
  const batch = randomBatch(5, 4, TINY);
  const { size: B, length: T } = batch;
  const H = 2;
  const d = 16;
  const qkv = normals(rng, B * T * 3 * d);
  const w = normals(rng, B * T * d);
  for (const dropped of [false, true]) {
    const f = () =>
      valueAndGrads(
        (x) =>
          attention(
            x as tf.Tensor2D,
            attentionMask(batch),
            { batch: B, length: T, heads: H },
            dropped ? dropoutMask([B, H, T, T], 0.2, 9) : null,
          ),
        [tf.tensor2d(qkv, [B * T, 3 * d])],
        w,
      );
    assertAllClose(await on('native', f), await on('cpu', f), `attention dropout=${dropped}`);
  }
});

test('AdamW: three clipped, decayed updates leave the same parameters, and the same gradient norms', { skip: SKIP }, async () => {
  const rng = mulberry32(25);
  const shapes = [[33, 17], [17], [5, 300]];
  const init = shapes.map((s) =>
    normals(
      rng,
      s.reduce((a, b) => a * b, 1),
    ),
  );
  const grads = [0, 1, 2].map(() =>
    shapes.map((s) =>
      normals(
        rng,
        s.reduce((a, b) => a * b, 1),
        3,
      ),
    ),
  );
  const f = () => {
    const params = new Map(shapes.map((s, i) => [`p${i}`, tf.variable(tf.tensor(init[i]!, s))] as const));
    const opt = new AdamW(params, { lr: 1e-2, warmupSteps: 1, totalSteps: 10, weightDecay: 0.1, clipNorm: 1 });
    const norms: tf.Tensor[] = [];
    grads.forEach((gs, step) => {
      const { gradNorm } = opt.apply(new Map(gs.map((g, i) => [`p${i}`, tf.tensor(g, shapes[i]!)] as const)), step);
      norms.push(gradNorm);
    });
    // Parameters after three steps carry the moments too; the norms check the clipping input.
    const out = [...[...params.values()].map((p) => tf.clone(p)), ...norms];
    opt.dispose();
    params.forEach((p) => p.dispose());
    return out;
  };
  assertAllClose(await on('native', f), await on('cpu', f), 'adamw');
});

test('dropout masks are bit-identical to the host generator for every shape and rate', { skip: SKIP }, async () => {
  const rng = mulberry32(26);
  for (let trial = 0; trial < 12; trial++) {
    const shape = Array.from({ length: 1 + randomInt(rng, 3) }, () => 1 + randomInt(rng, 40));
    const rate = [0, 0.1, 0.5, 0.999][trial % 4]!;
    const seed = randomInt(rng, 2 ** 31) * 2 + (trial % 2);
    const f = () => dropoutMask(shape, rate, seed);
    assert.deepEqual(await on('native', f), await on('cpu', f), `shape [${shape}] rate ${rate} seed ${seed}`);
  }
});
