/**
 * RQ-VAE (docs/algorithms.md §3.1, §6.1 TF.js specifics, §6.2 item 9): stopGradient is the identity with no
 * gradient, so the codebook loss ‖sg[r] − e‖² moves only the codebook and the commitment ‖r − sg[e]‖² only the
 * encoder; the straight-through output equals the quantized vector; and a trained RQ-VAE's latent residual falls
 * level by level, with PLUM's progressive masking and contrastive loss on.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../main/model/backend';
import { stopGradient, trainRqVae } from '../../../main/itemids/rq-vae';
import { mulberry32, randomNormal } from '../../../main/random';

before(async () => {
  await initBackend({ prefer: 'cpu' });
});

const sumAbs = (t: tf.Tensor): number => tf.tidy(() => tf.sum(tf.abs(t)).dataSync()[0]!);

test('stopGradient: identity forward, zero gradient; the two VQ terms each move only their own side', () => {
  const r = tf.variable(
    tf.tensor2d([
      [0.5, -1],
      [2, 0.25],
    ]),
  );
  const e = tf.variable(
    tf.tensor2d([
      [0.1, 0.2],
      [0.3, -0.4],
    ]),
  );
  assert.deepEqual(Array.from(stopGradient(r).dataSync()), Array.from(r.dataSync()));
  const codebookLoss = tf.variableGrads(() => tf.sum(tf.square(tf.sub(stopGradient(r), e))) as tf.Scalar, [r, e]);
  assert.equal(sumAbs(codebookLoss.grads[r.name]!), 0, 'the codebook loss sends nothing to the encoder side');
  assert.ok(sumAbs(codebookLoss.grads[e.name]!) > 0);
  const commitment = tf.variableGrads(() => tf.sum(tf.square(tf.sub(r, stopGradient(e)))) as tf.Scalar, [r, e]);
  assert.equal(sumAbs(commitment.grads[e.name]!), 0, 'the commitment loss leaves the codebook alone');
  assert.ok(sumAbs(commitment.grads[r.name]!) > 0);
  // Straight-through: z + sg(ẑ − z) is ẑ forward, and passes the gradient to z unchanged.
  const z = tf.variable(tf.tensor2d([[1, 2]]));
  const q = tf.tensor2d([[1.5, 1.5]]);
  const st = (): tf.Tensor => tf.add(z, stopGradient(tf.sub(q, z)));
  assert.deepEqual(Array.from(st().dataSync()), [1.5, 1.5]);
  const g = tf.variableGrads(() => tf.sum(tf.mul(st(), tf.tensor2d([[3, -2]]))) as tf.Scalar, [z]);
  assert.deepEqual(Array.from(g.grads[z.name]!.dataSync()), [3, -2]);
});

test('a trained RQ-VAE: every level lowers the latent residual, codes are used, PLUM options run', () => {
  const n = 240;
  const d = 12;
  const rng = mulberry32(3);
  const centres = Array.from({ length: 8 }, () => Array.from({ length: d }, () => 2 * randomNormal(rng)));
  const x = Float32Array.from({ length: n * d }, (_, k) => centres[Math.floor(k / d) % 8]![k % d]! + 0.2 * randomNormal(rng));
  const pairs = Array.from({ length: 100 }, (_, k) => [k % n, (k + 8) % n] as const);
  const r = trainRqVae(x, n, d, {
    sizes: [8, 8, 8],
    seed: 1,
    latent: 8,
    hidden: [32],
    steps: 150,
    batch: 64,
    progressiveMasking: true,
    pairs,
  });
  const levels = [r.inputNorm, ...r.residuals];
  for (let l = 1; l < levels.length; l++) assert.ok(levels[l]! < levels[l - 1]!, `level ${l}: ${levels[l]} ≥ ${levels[l - 1]}`);
  assert.ok(r.codesUsed[0]! >= 6, `level-1 codes used: ${r.codesUsed[0]}`);
  assert.equal(r.codes.length, n * 3);
  assert.ok(r.losses.at(-1)! < r.losses[0]!, `loss ${r.losses[0]} → ${r.losses.at(-1)}`);
  // Items of one centre share their first code far more often than items of different centres.
  let same = 0;
  let cross = 0;
  for (let i = 0; i < n - 8; i++) {
    if (r.codes[i * 3] === r.codes[(i + 8) * 3]) same++;
    if (r.codes[i * 3] === r.codes[(i + 1) * 3]) cross++;
  }
  assert.ok(same > 2 * cross, `same centre ${same}, different ${cross}`);
});
