/**
 * RQ-VAE (docs/algorithms.md §3.1, TIGER; PLUM's SID-v2 options of §3.4) in TensorFlow.js: an MLP encoder
 * z = E(x), residual quantization of z with one codebook per level (k-means initialised on the first encoded
 * batch), a decoder x̂ = D(ẑ), and the loss ‖x − x̂‖² + Σ_l (‖sg[r_l] − e_l‖² + β‖r_l − sg[e_l]‖²), β = 0.25,
 * gradients reaching the encoder through the straight-through estimator ẑ_st = z + sg(ẑ − z). TF.js has no
 * stopGradient (tensorflow/tfjs#7438), so `stopGradient` is an identity with a zero gradient (tf.customGrad).
 * PLUM's options: progressive masking (each batch keeps only the first r levels, r drawn uniformly) and a
 * co-occurrence contrastive loss (InfoNCE between the quantized latents of items seen near each other in a
 * sequence, in-batch negatives). Codes that fall out of use are re-seeded from random residuals.
 */
import * as tf from '@tensorflow/tfjs-core';
import { mulberry32, randomInt } from '../random';
import { crossEntropy, linear, linearTransposed, withGradient } from '../model/layers';
import { kmeans } from './kmeans';

export const stopGradient: (x: tf.Tensor) => tf.Tensor = withGradient(([x]: [tf.Tensor]) => ({
  value: tf.clone(x),
  gradFunc: (dy: tf.Tensor) => [tf.zerosLike(dy)],
}));

export interface RqVaeOptions {
  sizes: readonly number[];
  seed: number;
  /** Latent width (TIGER: 32). */
  latent?: number;
  hidden?: readonly number[];
  beta?: number;
  steps?: number;
  batch?: number;
  learningRate?: number;
  progressiveMasking?: boolean;
  /** Pairs (i, j) of items that co-occur; with them, an InfoNCE term (weight `contrastiveWeight`) joins the loss. */
  pairs?: readonly (readonly [number, number])[];
  contrastiveWeight?: number;
  temperature?: number;
  onStep?: (step: number, total: number, loss: number) => void;
}

export interface RqVaeResult {
  codes: Int32Array;
  /** Mean squared latent residual after each level, over every item. */
  residuals: number[];
  codesUsed: number[];
  /** Mean squared norm of the latents: the residual before level 1. */
  inputNorm: number;
  /** Reconstruction error ‖x − D(ẑ)‖² averaged over items, at the end. */
  reconstruction: number;
  losses: number[];
}

interface Dense {
  w: tf.Variable;
  b: tf.Variable;
}

function dense(rng: () => number, input: number, output: number): Dense {
  // He-uniform, as the ReLU layers want.
  const bound = Math.sqrt(6 / input);
  const w = Float32Array.from({ length: input * output }, () => (2 * rng() - 1) * bound);
  return { w: tf.variable(tf.tensor2d(w, [input, output])), b: tf.variable(tf.zeros([output])) };
}

const apply = (layers: Dense[], x: tf.Tensor2D): tf.Tensor2D =>
  layers.reduce((h, l, i) => {
    const y = linear(h, l.w as unknown as tf.Tensor2D, l.b as unknown as tf.Tensor1D);
    return i < layers.length - 1 ? tf.relu(y) : y;
  }, x);

/** Rows scaled to unit length, with the gradient (dy − y·⟨y, dy⟩)/‖x‖. */
const l2Normalize = withGradient(([x]: [tf.Tensor2D], save) => {
  const norm = tf.add(tf.sqrt(tf.sum(tf.square(x), 1, true)), 1e-6);
  const y = tf.div(x, norm) as tf.Tensor2D;
  save([y, norm]);
  return {
    value: y,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [ys, ns] = saved as [tf.Tensor, tf.Tensor];
      return [tf.div(tf.sub(dy, tf.mul(ys, tf.sum(tf.mul(ys, dy), 1, true))), ns)];
    },
  };
});

/** Index of the nearest row of `codebook` [K, d] for each row of `r` [n, d]. */
function nearestCodes(r: tf.Tensor2D, codebook: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const d = tf.sub(
      tf.add(tf.sum(tf.square(r), 1, true), tf.reshape(tf.sum(tf.square(codebook), 1), [1, -1])),
      tf.mul(tf.matMul(r, codebook, false, true), 2),
    );
    return tf.argMin(d, 1) as tf.Tensor1D;
  });
}

/** The networks and codebooks one training holds, and the options its loss reads. */
interface RqVaeNets {
  encoder: Dense[];
  decoder: Dense[];
  codebooks: tf.Variable[];
  data: tf.Tensor2D;
  beta: number;
  contrastiveWeight: number;
  temperature: number;
}

/** k-means initialisation of each level's codebook on the encoded training items (avoids codebook collapse). */
function initCodebooks(
  encoder: Dense[],
  data: tf.Tensor2D,
  fit: readonly number[],
  latent: number,
  opts: RqVaeOptions,
  rng: () => number,
): tf.Variable[] {
  const codebooks: tf.Variable[] = [];
  const z = tf.tidy(() => apply(encoder, tf.gather(data, tf.tensor1d(Int32Array.from(fit), 'int32')) as tf.Tensor2D));
  let r = Float32Array.from(z.dataSync());
  z.dispose();
  for (let l = 0; l < opts.sizes.length; l++) {
    const km = kmeans(r, fit.length, latent, opts.sizes[l]!, { seed: opts.seed + 31 * l, iterations: 20 });
    const book = new Float32Array(opts.sizes[l]! * latent);
    book.set(Float32Array.from(km.centroids));
    // Fewer points than codes: the spare codes start at random points' residuals.
    for (let q = km.k; q < opts.sizes[l]!; q++) {
      const at = randomInt(rng, fit.length) * latent;
      book.set(r.subarray(at, at + latent), q * latent);
    }
    codebooks.push(tf.variable(tf.tensor2d(book, [opts.sizes[l]!, latent])));
    const next = new Float32Array(r.length);
    for (let i = 0; i < fit.length; i++)
      for (let j = 0; j < latent; j++) next[i * latent + j] = r[i * latent + j]! - km.centroids[km.assign[i]! * latent + j]!;
    r = next;
  }
  return codebooks;
}

/**
 * Codes are chosen outside the gradient tape (nearest-code search has no gradient): the same forward pass as the
 * taped one, so the taped pass finds the same residuals. One kept tensor per level.
 */
function chooseCodes(nets: RqVaeNets, rows: Int32Array, keep: number): tf.Tensor1D[] {
  return tf.tidy(() => {
    let residual = apply(nets.encoder, tf.gather(nets.data, tf.tensor1d(rows, 'int32')) as tf.Tensor2D);
    return nets.codebooks.slice(0, keep).map((book) => {
      const c = nearestCodes(residual, book as unknown as tf.Tensor2D);
      residual = tf.sub(residual, tf.gather(book, c)) as tf.Tensor2D;
      return tf.keep(c);
    });
  });
}

/** The batch's loss: reconstruction, the levels' codebook and commitment terms, and InfoNCE over the pairs. */
function rqVaeLoss(
  nets: RqVaeNets,
  rows: Int32Array,
  idx: readonly tf.Tensor1D[],
  pairBatch: readonly (readonly [number, number])[],
): tf.Scalar {
  const { encoder, decoder, codebooks, data, beta } = nets;
  const xb = tf.gather(data, tf.tensor1d(rows, 'int32')) as tf.Tensor2D;
  const z = apply(encoder, xb);
  let residual: tf.Tensor2D = z;
  let quantized: tf.Tensor2D | null = null;
  let vq: tf.Scalar = tf.scalar(0);
  for (let l = 0; l < idx.length; l++) {
    const e = tf.gather(codebooks[l]!, idx[l]!) as tf.Tensor2D;
    const codebookLoss = tf.mean(tf.sum(tf.square(tf.sub(stopGradient(residual), e)), 1));
    const commitment = tf.mean(tf.sum(tf.square(tf.sub(residual, stopGradient(e))), 1));
    vq = tf.add(vq, tf.add(codebookLoss, tf.mul(commitment, beta))) as tf.Scalar;
    quantized = quantized ? (tf.add(quantized, e) as tf.Tensor2D) : e;
    residual = tf.sub(residual, stopGradient(e)) as tf.Tensor2D;
  }
  const straight = tf.add(z, stopGradient(tf.sub(quantized!, z))) as tf.Tensor2D;
  const recon = tf.mean(tf.sum(tf.square(tf.sub(apply(decoder, straight), xb)), 1));
  let loss = tf.add(recon, vq) as tf.Scalar;
  if (pairBatch.length > 0) {
    // InfoNCE: item i's latent against its co-occurring j, the other pairs' j as in-batch negatives.
    const enc = (ids: number[]): tf.Tensor2D => l2Normalize(apply(encoder, tf.gather(data, tf.tensor1d(ids, 'int32')) as tf.Tensor2D));
    const logits = tf.mul(
      linearTransposed(enc(pairBatch.map((p) => p[0])), enc(pairBatch.map((p) => p[1]))),
      1 / nets.temperature,
    ) as tf.Tensor2D;
    const nce = tf.mean(
      crossEntropy(
        logits,
        Int32Array.from(pairBatch, (_, k) => k),
      ),
    );
    loss = tf.add(loss, tf.mul(nce, nets.contrastiveWeight)) as tf.Scalar;
  }
  return loss;
}

/** Trains an RQ-VAE on x (n × d) — only on `fitRows` when given — and returns every row's codes. */
export function trainRqVae(x: Float32Array, n: number, d: number, opts: RqVaeOptions, fitRows?: readonly number[]): RqVaeResult {
  const rng = mulberry32(opts.seed);
  const latent = opts.latent ?? 32;
  const hidden = opts.hidden ?? [256, 128];
  const steps = opts.steps ?? 1500;
  const batch = Math.min(opts.batch ?? 256, n);
  const L = opts.sizes.length;
  const fit = fitRows && fitRows.length > 0 ? fitRows : Array.from({ length: n }, (_, i) => i);
  const dims = [d, ...hidden, latent];
  const encoder = dims.slice(1).map((o, i) => dense(rng, dims[i]!, o));
  const back = [...dims].reverse();
  const decoder = back.slice(1).map((o, i) => dense(rng, back[i]!, o));
  const data = tf.tensor2d(x, [n, d]);
  const codebooks = initCodebooks(encoder, data, fit, latent, opts, rng);
  const nets: RqVaeNets = {
    encoder,
    decoder,
    codebooks,
    data,
    beta: opts.beta ?? 0.25,
    contrastiveWeight: opts.contrastiveWeight ?? 0.1,
    temperature: opts.temperature ?? 0.1,
  };

  const vars = [...encoder.flatMap((l) => [l.w, l.b]), ...decoder.flatMap((l) => [l.w, l.b]), ...codebooks];
  const optimizer = tf.train.adam(opts.learningRate ?? 1e-3);
  const pairs = opts.pairs ?? [];
  const losses: number[] = [];
  const usage = codebooks.map((c) => new Int32Array(c.shape[0]!));

  for (let step = 0; step < steps; step++) {
    const rows = Int32Array.from({ length: batch }, () => fit[randomInt(rng, fit.length)]!);
    const keep = opts.progressiveMasking ? 1 + randomInt(rng, L) : L;
    const pairBatch =
      pairs.length > 0 ? Array.from({ length: Math.min(batch, pairs.length) }, () => pairs[randomInt(rng, pairs.length)]!) : [];
    const idx = chooseCodes(nets, rows, keep);
    const { value, grads } = tf.variableGrads(() => rqVaeLoss(nets, rows, idx, pairBatch), vars);
    idx.forEach((t, l) => {
      for (const c of t.dataSync()) usage[l]![c]!++;
      t.dispose();
    });
    optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
    tf.dispose(Object.values(grads));
    const lossValue = value.dataSync()[0]!;
    losses.push(lossValue);
    value.dispose();
    if ((step + 1) % 100 === 0) {
      reseedDeadCodes(codebooks, usage, encoder, data, fit, rng);
      usage.forEach((u) => u.fill(0));
    }
    opts.onStep?.(step + 1, steps, lossValue);
  }
  optimizer.dispose();
  const result = encodeAll(encoder, decoder, codebooks, data, n, L);
  tf.dispose([data, ...vars]);
  return { ...result, losses };
}

/** Any code unused in the last 100 steps takes the residual of a random training item at its level. */
function reseedDeadCodes(
  codebooks: tf.Variable[],
  usage: Int32Array[],
  encoder: Dense[],
  data: tf.Tensor2D,
  fit: readonly number[],
  rng: () => number,
): void {
  if (usage.every((u) => u.every((c) => c > 0))) return;
  tf.tidy(() => {
    const sample = Int32Array.from({ length: Math.min(256, fit.length) }, () => fit[randomInt(rng, fit.length)]!);
    let r = apply(encoder, tf.gather(data, tf.tensor1d(sample, 'int32')) as tf.Tensor2D);
    codebooks.forEach((book, l) => {
      const idx = nearestCodes(r, book as unknown as tf.Tensor2D);
      const dead = [...usage[l]!.keys()].filter((q) => usage[l]![q] === 0);
      if (dead.length > 0) {
        const rows = r.arraySync();
        const values = book.arraySync() as number[][];
        for (const q of dead) values[q] = rows[randomInt(rng, rows.length)]!;
        book.assign(tf.tensor2d(values));
      }
      r = tf.sub(r, tf.gather(book, idx)) as tf.Tensor2D;
    });
  });
}

function encodeAll(
  encoder: Dense[],
  decoder: Dense[],
  codebooks: tf.Variable[],
  data: tf.Tensor2D,
  n: number,
  L: number,
): Omit<RqVaeResult, 'losses'> {
  return tf.tidy(() => {
    const z = apply(encoder, data);
    const inputNorm = tf.mean(tf.sum(tf.square(z), 1)).dataSync()[0]!;
    let r: tf.Tensor2D = z;
    let q: tf.Tensor2D = tf.zerosLike(z);
    const codes = new Int32Array(n * L);
    const residuals: number[] = [];
    const codesUsed: number[] = [];
    codebooks.forEach((book, l) => {
      const idx = nearestCodes(r, book as unknown as tf.Tensor2D);
      const host = idx.dataSync();
      for (let i = 0; i < n; i++) codes[i * L + l] = host[i]!;
      codesUsed.push(new Set(host).size);
      const e = tf.gather(book, idx) as tf.Tensor2D;
      q = tf.add(q, e) as tf.Tensor2D;
      r = tf.sub(r, e) as tf.Tensor2D;
      residuals.push(tf.mean(tf.sum(tf.square(r), 1)).dataSync()[0]!);
    });
    const reconstruction = tf.mean(tf.sum(tf.square(tf.sub(apply(decoder, q), data)), 1)).dataSync()[0]!;
    return { codes, residuals, codesUsed, inputNorm, reconstruction };
  });
}
