/**
 * Cached decoding for the GLM (issue #10: many users decoded together, keys and values kept). Part A never
 * attends to Part B (docs/algorithms.md §1.2), so each prompt's Part A is encoded once and its keys and values
 * are kept per layer; each decoding step then runs only the new Part B token of every live hypothesis, attending
 * to its own prompt's Part A and to the Part B tokens before it. Rows are laid out as `groups × slots`: a group is
 * one prompt (a user), its slots the hypotheses of its beam; `reorder` moves the Part B cache after a beam step.
 * The result equals the full forward pass of the same prompt and prefix (tests/unit/model/kv-cache.test.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { attention, attentionMask, MASKED } from './attention';
import type { Glm } from './glm';
import { gelu, layerNorm } from './layers';
import type { Batch } from './types';

export interface PartAInput {
  tokens: readonly number[];
  inter: readonly number[];
  intra: readonly number[];
}

/** Part A's keys and values per layer [G, H, TA, hd], and the additive mask of its padding [G, 1, 1, TA]. */
export interface PartACache {
  groups: number;
  length: number;
  keys: tf.Tensor4D[];
  values: tf.Tensor4D[];
  padMask: tf.Tensor4D;
}

/** Part B so far, per row (groups × slots), per layer: [G·S, H, t, hd]; null before the first step. */
export interface PartBCache {
  slots: number;
  steps: number;
  keys: tf.Tensor4D[];
  values: tf.Tensor4D[];
}

const headsOf = (model: Glm): { H: number; hd: number; d: number } => {
  const { heads: H, width: d } = model.config;
  return { H, hd: d / H, d };
};

/** Encodes every prompt's Part A (padded to the longest) and keeps each layer's keys and values. */
export function encodePartA(model: Glm, prompts: readonly PartAInput[]): PartACache {
  const G = prompts.length;
  if (G === 0) throw new RangeError('no prompts to encode');
  const T = Math.max(...prompts.map((p) => p.tokens.length));
  const { H, hd } = headsOf(model);
  const batch: Batch = {
    size: G,
    length: T,
    tokens: new Int32Array(G * T),
    inter: new Int32Array(G * T),
    intra: new Int32Array(G * T),
    sep: Int32Array.from(prompts, (p) => p.tokens.length),
    labels: new Int32Array(G * T),
    lossMask: new Float32Array(G * T),
  };
  const pad = new Float32Array(G * T);
  prompts.forEach((p, g) => {
    batch.tokens.set(p.tokens, g * T);
    batch.inter.set(p.inter, g * T);
    batch.intra.set(p.intra, g * T);
    pad.fill(MASKED, g * T + p.tokens.length, (g + 1) * T);
  });
  return tf.tidy(() => {
    const toHeads = (t: tf.Tensor): tf.Tensor4D => tf.transpose(tf.reshape(t, [G, T, H, hd]), [0, 2, 1, 3]);
    const mask = attentionMask(batch);
    let x = model.embed(batch.tokens, batch.inter, batch.intra);
    const keys: tf.Tensor4D[] = [];
    const values: tf.Tensor4D[] = [];
    for (let l = 0; l < model.config.layers; l++) {
      const p = `layer${l}`;
      const h = layerNorm(x, model.vector(`${p}.ln1.gamma`), model.vector(`${p}.ln1.beta`));
      const qkv = model.project(h, `${p}.qkv`);
      const [, k, v] = tf.split(qkv, 3, 1);
      keys.push(tf.keep(toHeads(k!)));
      values.push(tf.keep(toHeads(v!)));
      // The last layer's Part A output is never read: decoding needs only its keys and values.
      if (l === model.config.layers - 1) break;
      const ctx = attention(qkv, mask, { batch: G, length: T, heads: H }, null);
      x = tf.add(x, model.project(ctx, `${p}.attnOut`));
      const h2 = layerNorm(x, model.vector(`${p}.ln2.gamma`), model.vector(`${p}.ln2.beta`));
      x = tf.add(x, model.project(gelu(model.project(h2, `${p}.ffnUp`)), `${p}.ffnDown`));
    }
    return { groups: G, length: T, keys, values, padMask: tf.keep(tf.tensor4d(pad, [G, 1, 1, T])) };
  });
}

export interface StepInput {
  /** Hypotheses per group in this step (1 at the first step, the beam width after). */
  slots: number;
  /** One entry per row (group-major: row = g·slots + s): the token fed, its inter and intra positions. */
  tokens: Int32Array;
  inter: Int32Array;
  intra: Int32Array;
}

/**
 * One decoding step: feeds each row's token, returns log-probabilities of the next token [rows, V] on the host
 * and the Part B cache grown by one position. `past` must already be ordered like this step's rows.
 */
export function decodeStep(
  model: Glm,
  a: PartACache,
  past: PartBCache | null,
  step: StepInput,
): { logProbs: Float32Array; cache: PartBCache } {
  const G = a.groups;
  const S = step.slots;
  const N = G * S;
  if (step.tokens.length !== N) throw new RangeError(`expected ${N} rows (${G} groups × ${S} slots), got ${step.tokens.length}`);
  if (past && past.slots !== S) throw new RangeError(`the Part B cache has ${past.slots} slots, the step ${S}: reorder it first`);
  const { H, hd, d } = headsOf(model);
  const TA = a.length;
  const scale = 1 / Math.sqrt(hd);
  const out = tf.tidy(() => {
    let x = model.embed(step.tokens, step.inter, step.intra);
    const keys: tf.Tensor4D[] = [];
    const values: tf.Tensor4D[] = [];
    for (let l = 0; l < model.config.layers; l++) {
      const p = `layer${l}`;
      const h = layerNorm(x, model.vector(`${p}.ln1.gamma`), model.vector(`${p}.ln1.beta`));
      const [q0, k, v] = tf.split(model.project(h, `${p}.qkv`), 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      const q = tf.mul(tf.reshape(q0, [N, H, 1, hd]), scale) as tf.Tensor4D;
      const kB = past
        ? (tf.concat([past.keys[l]!, tf.reshape(k, [N, H, 1, hd])], 2) as tf.Tensor4D)
        : (tf.reshape(k, [N, H, 1, hd]) as tf.Tensor4D);
      const vB = past
        ? (tf.concat([past.values[l]!, tf.reshape(v, [N, H, 1, hd])], 2) as tf.Tensor4D)
        : (tf.reshape(v, [N, H, 1, hd]) as tf.Tensor4D);
      keys.push(tf.keep(kB));
      values.push(tf.keep(vB));
      const tB = kB.shape[2];
      // Part A: the group's queries [G, H, S, hd] against its keys [G, H, TA, hd] (no copy of Part A per row).
      const qA = tf.transpose(tf.reshape(q, [G, S, H, hd]), [0, 2, 1, 3]);
      const sA = tf.add(tf.transpose(tf.matMul(qA, a.keys[l]!, false, true), [0, 2, 1, 3]), a.padMask); // [G, S, H, TA]
      // Part B: each row's query against its own keys so far.
      const sB = tf.reshape(tf.matMul(tf.reshape(q, [N * H, 1, hd]), tf.reshape(kB, [N * H, tB, hd]), false, true), [G, S, H, tB]);
      const probs = tf.softmax(tf.concat([sA, sB], 3));
      const [pA, pB] = tf.split(probs, [TA, tB], 3);
      const cA = tf.transpose(tf.matMul(tf.transpose(pA!, [0, 2, 1, 3]), a.values[l]!), [0, 2, 1, 3]); // [G, S, H, hd]
      const cB = tf.reshape(tf.matMul(tf.reshape(pB!, [N * H, 1, tB]), tf.reshape(vB, [N * H, tB, hd])), [G, S, H, hd]);
      const ctx = tf.reshape(tf.add(cA, cB), [N, d]) as tf.Tensor2D;
      x = tf.add(x, model.project(ctx, `${p}.attnOut`));
      const h2 = layerNorm(x, model.vector(`${p}.ln2.gamma`), model.vector(`${p}.ln2.beta`));
      x = tf.add(x, model.project(gelu(model.project(h2, `${p}.ffnUp`)), `${p}.ffnDown`));
    }
    const hidden = layerNorm(x, model.vector('final.ln.gamma'), model.vector('final.ln.beta'));
    const logits = tf.matMul(hidden, model.matrix('embed.word'), false, true);
    return { logProbs: tf.logSoftmax(logits), keys, values };
  });
  const logProbs = out.logProbs.dataSync() as Float32Array;
  out.logProbs.dispose();
  if (past) disposeCache(past);
  return { logProbs, cache: { slots: S, steps: (past?.steps ?? 0) + 1, keys: out.keys, values: out.values } };
}

/**
 * The Part B cache for the next step's rows: row r of the next step continues row `parents[r]` of this one
 * (global row indices, group-major). Disposes the old cache.
 */
export function reorder(cache: PartBCache, parents: Int32Array, slots: number): PartBCache {
  const idx = tf.tensor1d(parents, 'int32');
  const next: PartBCache = {
    slots,
    steps: cache.steps,
    keys: cache.keys.map((k) => tf.gather(k, idx) as tf.Tensor4D),
    values: cache.values.map((v) => tf.gather(v, idx) as tf.Tensor4D),
  };
  idx.dispose();
  disposeCache(cache);
  return next;
}

export function disposeCache(c: PartBCache | PartACache): void {
  tf.dispose([...c.keys, ...c.values]);
  if ('padMask' in c) c.padMask.dispose();
}
