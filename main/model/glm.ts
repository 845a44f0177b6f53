/**
 * The GLM transformer of docs/algorithms.md §1.2 and issue #5, in TensorFlow.js core ops: word + inter-position
 * + intra-position embeddings, pre-LayerNorm blocks with fused QKV, tanh-GELU feed-forward, a final LayerNorm and
 * an output layer tied to the word table. Logits are computed only at loss (Part B) positions.
 */
import * as tf from '@tensorflow/tfjs-core';
import { mulberry32, randomNormal } from '../random';
import { attention, attentionMask } from './attention';
import { crossEntropy, dropoutMask, gelu, layerNorm, linear, linearTransposed, mixSeed } from './layers';
import type { Batch, LoraConfig, ModelConfig } from './types';

export const PROJECTIONS = ['qkv', 'attnOut', 'ffnUp', 'ffnDown'] as const;
export type Projection = (typeof PROJECTIONS)[number];

export interface ForwardOptions {
  training: boolean;
  /** Dropout seed; a training step derives it from (run seed, step) so a resumed run draws the same masks. */
  seed?: number;
}

/** A LoRA adapter on one projection: y += scale · (x·Aᵀ)·Bᵀ with A [r, in], B [out, r]. */
export interface Adapter {
  a: tf.Variable;
  b: tf.Variable;
  scale: number;
}

interface ParamSpec {
  name: string;
  shape: number[];
  init: 'normal' | 'zeros' | 'ones';
}

/** Every parameter's stable name, shape and initialiser, in a fixed order. */
export function parameterSpecs(c: ModelConfig): ParamSpec[] {
  const { width: d, ffn, vocabSize: V, maxLength } = c;
  const specs: ParamSpec[] = [
    { name: 'embed.word', shape: [V, d], init: 'normal' },
    { name: 'embed.inter', shape: [maxLength + 1, d], init: 'normal' },
    { name: 'embed.intra', shape: [maxLength + 1, d], init: 'normal' },
  ];
  const io: Record<Projection, [number, number]> = { qkv: [d, 3 * d], attnOut: [d, d], ffnUp: [d, ffn], ffnDown: [ffn, d] };
  for (let l = 0; l < c.layers; l++) {
    const p = `layer${l}`;
    const ln = (n: string): ParamSpec[] => [
      { name: `${p}.${n}.gamma`, shape: [d], init: 'ones' },
      { name: `${p}.${n}.beta`, shape: [d], init: 'zeros' },
    ];
    const lin = (n: Projection): ParamSpec[] => [
      { name: `${p}.${n}.w`, shape: io[n], init: 'normal' },
      { name: `${p}.${n}.b`, shape: [io[n][1]], init: 'zeros' },
    ];
    specs.push(...ln('ln1'), ...lin('qkv'), ...lin('attnOut'), ...ln('ln2'), ...lin('ffnUp'), ...lin('ffnDown'));
  }
  specs.push({ name: 'final.ln.gamma', shape: [d], init: 'ones' }, { name: 'final.ln.beta', shape: [d], init: 'zeros' });
  return specs;
}

function initValues(spec: ParamSpec, seed: number): Float32Array {
  const n = spec.shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  if (spec.init === 'ones') v.fill(1);
  if (spec.init === 'normal') {
    const rng = mulberry32(seed);
    for (let i = 0; i < n; i++) v[i] = 0.02 * randomNormal(rng);
  }
  return v;
}

/** Flat indices (r·T + i) of the positions whose lossMask is 1, their labels, and the row each belongs to. */
export function lossPositions(batch: Batch): { positions: Int32Array; labels: Int32Array; rows: Int32Array; counts: Int32Array } {
  const idx: number[] = [];
  const counts = new Int32Array(batch.size);
  for (let p = 0; p < batch.lossMask.length; p++) {
    if (batch.lossMask[p]! === 0) continue;
    idx.push(p);
    counts[Math.floor(p / batch.length)]! += 1;
  }
  const positions = Int32Array.from(idx);
  return { positions, labels: positions.map((p) => batch.labels[p]!), rows: positions.map((p) => Math.floor(p / batch.length)), counts };
}

export const shapesOf = (tensors: ReadonlyMap<string, tf.Tensor>): Map<string, number[]> =>
  new Map([...tensors].map(([n, t]) => [n, t.shape]));

/**
 * What differs between the model's parameter shapes and a set of named shapes (a checkpoint, merged weights):
 * missing names, unexpected names and shape differences, each listed; null when they match exactly.
 */
export function shapeMismatch(
  model: ReadonlyMap<string, readonly number[]>,
  given: ReadonlyMap<string, readonly number[]>,
  what: string,
): string | null {
  const missing = [...model.keys()].filter((n) => !given.has(n));
  const unexpected = [...given.keys()].filter((n) => !model.has(n));
  const differ = [...model]
    .filter(([n, s]) => given.has(n) && given.get(n)!.join() !== s.join())
    .map(([n, s]) => `${n} is [${given.get(n)!.join(', ')}] in ${what} but [${s.join(', ')}] in the model`);
  const parts = [
    missing.length ? `missing from ${what}: ${missing.join(', ')}` : '',
    unexpected.length ? `not in the model: ${unexpected.join(', ')}` : '',
    differ.length ? `shape mismatch: ${differ.join('; ')}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join('. ') : null;
}

export class Glm {
  readonly config: ModelConfig;
  /** All variables by stable name (base parameters, then LoRA A/B once added), in a fixed order. */
  readonly params = new Map<string, tf.Variable>();
  /** LoRA adapters by projection name (e.g. "layer0.qkv"); empty without LoRA. */
  readonly adapters = new Map<string, Adapter>();
  lora: LoraConfig | null = null;

  constructor(config: ModelConfig, seed: number) {
    if (config.width % config.heads !== 0) throw new Error(`width ${config.width} is not divisible by heads ${config.heads}`);
    this.config = { ...config };
    parameterSpecs(config).forEach((spec, i) => {
      // tf variable names are global to the engine, so the stable names live in this map only. The tidy
      // disposes the initial tensor; variables outlive it.
      this.params.set(
        spec.name,
        tf.tidy(() => tf.variable(tf.tensor(initValues(spec, mixSeed(seed, i)), spec.shape), true)),
      );
    });
  }

  /** The variables the optimizer updates: all of them, or only LoRA A and B when the base is frozen. */
  trainable(): Map<string, tf.Variable> {
    return new Map([...this.params].filter(([, v]) => v.trainable));
  }

  param(name: string): tf.Variable {
    const v = this.params.get(name);
    if (!v) throw new Error(`no parameter ${name}`);
    return v;
  }

  /** A vector parameter (bias, LayerNorm gain or shift). */
  vector(name: string): tf.Tensor1D {
    const v = this.param(name);
    if (v.rank !== 1) throw new Error(`${name} is not a vector`);
    return v as unknown as tf.Tensor1D;
  }

  /** A matrix parameter (weight, table, LoRA factor). */
  matrix(name: string): tf.Tensor2D {
    const v = this.param(name);
    if (v.rank !== 2) throw new Error(`${name} is not a matrix`);
    return v as unknown as tf.Tensor2D;
  }

  /** Final hidden states [B, T, d] (after the last LayerNorm). */
  forward(batch: Batch, opts: ForwardOptions): tf.Tensor3D {
    return tf.tidy(() => tf.reshape(this.hidden(batch, opts), [batch.size, batch.length, this.config.width]));
  }

  /** Logits [P, V] at flat positions (r·T + i) of hidden states [B, T, d] or [B·T, d]; tied to the word table. */
  logits(hidden: tf.Tensor, positions: Int32Array): tf.Tensor2D {
    return tf.tidy(() => {
      const rows = tf.gather(tf.reshape(hidden, [-1, this.config.width]), tf.tensor1d(positions, 'int32')) as tf.Tensor2D;
      return linearTransposed(rows, this.matrix('embed.word'));
    });
  }

  /** Mean cross-entropy over Part B (lossMask = 1) positions, and its mean per row (0 for a row without any). */
  loss(batch: Batch, opts: ForwardOptions): { loss: tf.Scalar; perRow: tf.Tensor1D } {
    const at = lossPositions(batch);
    if (at.positions.length === 0) throw new Error('the batch has no positions with lossMask 1');
    return tf.tidy(() => {
      const h = this.hidden(batch, opts);
      const rows = tf.gather(h, tf.tensor1d(at.positions, 'int32')) as tf.Tensor2D;
      const lg = linearTransposed(rows, this.matrix('embed.word'));
      const ce = crossEntropy(lg, at.labels);
      const loss = tf.mul(tf.sum(ce), 1 / at.positions.length) as tf.Scalar;
      const inv = Float32Array.from(at.counts, (c) => (c > 0 ? 1 / c : 0));
      const perRow = tf.mul(tf.unsortedSegmentSum(ce, tf.tensor1d(at.rows, 'int32'), batch.size), tf.tensor1d(inv)) as tf.Tensor1D;
      return { loss, perRow };
    });
  }

  /** Assigns weights by name; every parameter must be given, with its exact shape, or nothing is assigned. */
  setWeights(weights: ReadonlyMap<string, tf.Tensor>, what = 'the weights'): void {
    const problem = shapeMismatch(shapesOf(this.params), new Map([...weights].map(([n, t]) => [n, t.shape])), what);
    if (problem) throw new Error(`${what} do not match the model: ${problem}`);
    for (const [name, t] of weights) this.param(name).assign(t);
  }

  /** Releases every variable (base and adapters). */
  dispose(): void {
    for (const v of this.params.values()) v.dispose();
    this.params.clear();
    this.adapters.clear();
  }

  /** x·W + b, plus the LoRA path where this projection has an adapter (also used by cached decoding). */
  project(x: tf.Tensor2D, name: string): tf.Tensor2D {
    const y = linear(x, this.matrix(`${name}.w`), this.vector(`${name}.b`));
    const ad = this.adapters.get(name);
    if (!ad) return y;
    // Scale the rank-r intermediate, the smallest tensor on the path.
    const xa = tf.mul(linearTransposed(x, ad.a as unknown as tf.Tensor2D), ad.scale) as tf.Tensor2D;
    return tf.add(y, linearTransposed(xa, ad.b as unknown as tf.Tensor2D));
  }

  /** Word + inter-position + intra-position embeddings of flat token rows [N, d]. */
  embed(tokens: Int32Array, inter: Int32Array, intra: Int32Array): tf.Tensor2D {
    return tf.add(
      tf.add(
        tf.gather(this.param('embed.word'), tf.tensor1d(tokens, 'int32')),
        tf.gather(this.param('embed.inter'), tf.tensor1d(inter, 'int32')),
      ),
      tf.gather(this.param('embed.intra'), tf.tensor1d(intra, 'int32')),
    ) as tf.Tensor2D;
  }

  /** [B·T, d] final hidden states; callers wrap it in a tidy. */
  private hidden(batch: Batch, opts: ForwardOptions): tf.Tensor2D {
    const { size: B, length: T } = batch;
    const { heads: H, dropout: rate } = this.config;
    const drop = opts.training && rate > 0;
    let site = 0;
    const dropSeed = (): number => mixSeed(opts.seed ?? 0, site++);
    const dropout = (x: tf.Tensor2D): tf.Tensor2D => (drop ? (tf.mul(x, dropoutMask(x.shape, rate, dropSeed())) as tf.Tensor2D) : x);

    let x = dropout(this.embed(batch.tokens, batch.inter, batch.intra));
    const mask = attentionMask(batch);
    for (let l = 0; l < this.config.layers; l++) {
      const p = `layer${l}`;
      const h = layerNorm(x, this.vector(`${p}.ln1.gamma`), this.vector(`${p}.ln1.beta`));
      const probsMask = drop ? dropoutMask([B, H, T, T], rate, dropSeed()) : null;
      const ctx = attention(this.project(h, `${p}.qkv`), mask, { batch: B, length: T, heads: H }, probsMask);
      x = tf.add(x, dropout(this.project(ctx, `${p}.attnOut`)));
      const h2 = layerNorm(x, this.vector(`${p}.ln2.gamma`), this.vector(`${p}.ln2.beta`));
      x = tf.add(x, dropout(this.project(gelu(this.project(h2, `${p}.ffnUp`)), `${p}.ffnDown`)));
    }
    return layerNorm(x, this.vector('final.ln.gamma'), this.vector('final.ln.beta'));
  }
}

/** A GLM with every parameter drawn from `seed` (normal(0, 0.02) tables and weights, zero biases, unit LayerNorm gains). */
export function createGlm(config: ModelConfig, seed: number): Glm {
  return new Glm(config, seed);
}
