/**
 * The large user model (docs/algorithms.md §4) in TensorFlow.js core ops, from the studio's building blocks.
 * Token encoders: e_t = proj_t(concat(features)) per token type, the concat-then-linear written as a sum of one
 * linear per feature block (the same map, and no Concat gradient needed); an item reads its id embedding, its title
 * words and categorical fields (mean-pooled tables) and its statistics; a condition reads its value's embedding.
 * User encoder: a causal pre-LayerNorm transformer over the alternating sequence, with the mask of batches.ts.
 * Loss: InfoNCE at condition positions against every distinct item of the batch (in-batch negatives).
 */
import * as tf from '@tensorflow/tfjs-core';
import { attention } from '../model/attention';
import { shapeMismatch, shapesOf } from '../model/glm';
import { crossEntropy, dropoutMask, gelu, layerNorm, linear, linearTransposed, mixSeed, withGradient } from '../model/layers';
import type { AdamW } from '../model/optimizer';
import type { ModelConfig } from '../model/types';
import { mulberry32, randomNormal } from '../random';
import { KIND, lumMask, positionsOf, type LumBatch } from './batches';
import { ATTR_SLOTS, STAT_COLUMNS, TITLE_SLOTS, type ItemFeatures } from './data';

/** Everything that fixes the parameter shapes; saved in each checkpoint's meta so a query rebuilds the model. */
export interface LumShape {
  /** Rows of each table, padding / null row included. */
  items: number;
  conditions: number;
  titleWords: number;
  attrTokens: number;
  layers: number;
  width: number;
  heads: number;
  ffn: number;
  contextLength: number;
  dropout: number;
  temperature: number;
}

interface ParamSpec {
  name: string;
  shape: number[];
  init: 'table' | 'weight' | 'block' | 'zeros' | 'ones';
}

/** The token tables (what "non-embedding parameters" leaves out). */
export const TABLES = ['item.id', 'item.title', 'item.attr', 'cond.table', 'pos'] as const;

export function lumParameterSpecs(s: LumShape): ParamSpec[] {
  const d = s.width;
  const specs: ParamSpec[] = [
    { name: 'item.id', shape: [s.items, d], init: 'table' },
    { name: 'item.title', shape: [s.titleWords, d], init: 'table' },
    { name: 'item.attr', shape: [s.attrTokens, d], init: 'table' },
    { name: 'item.proj.id.w', shape: [d, d], init: 'weight' },
    { name: 'item.proj.title.w', shape: [d, d], init: 'weight' },
    { name: 'item.proj.attr.w', shape: [d, d], init: 'weight' },
    { name: 'item.proj.stats.w', shape: [STAT_COLUMNS, d], init: 'block' },
    { name: 'item.proj.b', shape: [d], init: 'zeros' },
    { name: 'cond.table', shape: [s.conditions, d], init: 'table' },
    { name: 'cond.proj.w', shape: [d, d], init: 'weight' },
    { name: 'cond.proj.b', shape: [d], init: 'zeros' },
    { name: 'pos', shape: [s.contextLength + 1, d], init: 'block' },
  ];
  const io: Record<string, [number, number]> = { qkv: [d, 3 * d], attnOut: [d, d], ffnUp: [d, s.ffn], ffnDown: [s.ffn, d] };
  for (let l = 0; l < s.layers; l++) {
    const p = `layer${l}`;
    for (const part of ['ln1', 'qkv', 'attnOut', 'ln2', 'ffnUp', 'ffnDown']) {
      if (part.startsWith('ln'))
        specs.push({ name: `${p}.${part}.gamma`, shape: [d], init: 'ones' }, { name: `${p}.${part}.beta`, shape: [d], init: 'zeros' });
      else
        specs.push(
          { name: `${p}.${part}.w`, shape: io[part]!, init: 'block' },
          { name: `${p}.${part}.b`, shape: [io[part]![1]], init: 'zeros' },
        );
    }
  }
  specs.push({ name: 'final.ln.gamma', shape: [d], init: 'ones' }, { name: 'final.ln.beta', shape: [d], init: 'zeros' });
  return specs;
}

/**
 * Tables at 0.1 and projections at 1/√fan-in, so item embeddings start at a scale where dot products with the
 * (layer-normed) outputs are of order one; transformer blocks at 0.02 like the GLM's.
 */
function initValues(spec: ParamSpec, seed: number): Float32Array {
  const n = spec.shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  if (spec.init === 'ones') return v.fill(1);
  if (spec.init === 'zeros') return v;
  const sd = spec.init === 'table' ? 0.1 : spec.init === 'weight' ? 1 / Math.sqrt(spec.shape[0]!) : 0.02;
  const rng = mulberry32(seed);
  for (let i = 0; i < n; i++) v[i] = sd * randomNormal(rng);
  return v;
}

/** a + b + …, as binary adds: the studio registers Add's gradient, not AddN's. */
const sum = (xs: tf.Tensor[]): tf.Tensor2D => xs.reduce((a, b) => tf.add(a, b)) as tf.Tensor2D;

/** Mean-pooled rows of `table` [V, d]: out[r] = Σ_k w[r,k]·table[ids[r,k]], ids and weights [n, k] on the host. */
export function embeddingBag(table: tf.Tensor2D, ids: Int32Array, weights: Float32Array, slots: number): tf.Tensor2D {
  const n = ids.length / slots;
  const [V, d] = table.shape;
  const f = withGradient(([t]: [tf.Tensor2D], save) => {
    const idx = tf.tensor1d(ids, 'int32');
    const w = tf.tensor3d(weights, [n, slots, 1]);
    save([idx, w]);
    return {
      value: tf.sum(tf.mul(tf.reshape(tf.gather(t, idx), [n, slots, d]), w), 1) as tf.Tensor2D,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [ix, ws] = saved as [tf.Tensor1D, tf.Tensor3D];
        const rows = tf.reshape(tf.mul(tf.reshape(dy, [n, 1, d]), ws), [n * slots, d]);
        return [tf.unsortedSegmentSum(rows, ix, V)];
      },
    };
  });
  return f(table);
}

export interface LumForwardOptions {
  training: boolean;
  seed?: number;
}

/** Distinct item indices of a batch (item tokens and condition targets) and each one's column. */
export function batchItems(b: LumBatch): { items: Int32Array; column: Map<number, number> } {
  const column = new Map<number, number>();
  for (let t = 0; t < b.kind.length; t++) {
    const id = b.kind[t] === KIND.item ? b.ids[t]! : b.kind[t] === KIND.cond ? b.target[t]! : 0;
    if (id > 0 && !column.has(id)) column.set(id, column.size);
  }
  return { items: Int32Array.from(column.keys()), column };
}

export class LumModel {
  readonly shape: LumShape;
  /** The checkpoint module's view of the architecture: vocabSize counts item rows, maxLength the context. */
  readonly config: ModelConfig;
  readonly lora = null;
  readonly params = new Map<string, tf.Variable>();

  constructor(shape: LumShape, seed: number) {
    if (shape.width % shape.heads !== 0) throw new Error(`width ${shape.width} is not divisible by heads ${shape.heads}`);
    this.shape = { ...shape };
    this.config = {
      vocabSize: shape.items,
      layers: shape.layers,
      width: shape.width,
      heads: shape.heads,
      ffn: shape.ffn,
      maxLength: shape.contextLength,
      dropout: shape.dropout,
    };
    lumParameterSpecs(shape).forEach((spec, i) => {
      this.params.set(
        spec.name,
        tf.tidy(() => tf.variable(tf.tensor(initValues(spec, mixSeed(seed, i)), spec.shape), true)),
      );
    });
  }

  param(name: string): tf.Variable {
    const v = this.params.get(name);
    if (!v) throw new Error(`no parameter ${name}`);
    return v;
  }

  private m(name: string): tf.Tensor2D {
    return this.param(name) as unknown as tf.Tensor2D;
  }

  private v(name: string): tf.Tensor1D {
    return this.param(name) as unknown as tf.Tensor1D;
  }

  trainable(): Map<string, tf.Variable> {
    return new Map(this.params);
  }

  /** Parameter count, and the count outside the token tables. */
  counts(): { params: number; nonEmbedding: number } {
    let params = 0;
    let tables = 0;
    for (const [name, v] of this.params) {
      params += v.size;
      if ((TABLES as readonly string[]).includes(name)) tables += v.size;
    }
    return { params, nonEmbedding: params - tables };
  }

  /** Item token embeddings e_i [n, d] for item indices `idx`. */
  itemEmbeddings(f: ItemFeatures, idx: Int32Array): tf.Tensor2D {
    return tf.tidy(() => {
      const pick = <A extends Int32Array | Float32Array>(src: A, slots: number): A => {
        const out = new (src.constructor as { new (n: number): A })(idx.length * slots);
        idx.forEach((i, r) => out.set(src.subarray(i * slots, (i + 1) * slots), r * slots));
        return out;
      };
      const id = tf.gather(this.m('item.id'), tf.tensor1d(idx, 'int32')) as tf.Tensor2D;
      const title = embeddingBag(this.m('item.title'), pick(f.titleIds, TITLE_SLOTS), pick(f.titleWeights, TITLE_SLOTS), TITLE_SLOTS);
      const attr = embeddingBag(this.m('item.attr'), pick(f.attrIds, ATTR_SLOTS), pick(f.attrWeights, ATTR_SLOTS), ATTR_SLOTS);
      const stats = tf.tensor2d(pick(f.stats, STAT_COLUMNS), [idx.length, STAT_COLUMNS]);
      return sum([
        linear(id, this.m('item.proj.id.w'), this.v('item.proj.b')),
        linear(title, this.m('item.proj.title.w'), null),
        linear(attr, this.m('item.proj.attr.w'), null),
        linear(stats, this.m('item.proj.stats.w'), null),
      ]);
    });
  }

  /** Every condition's token embedding [conditions, d] (row 0: the null condition). */
  conditionEmbeddings(): tf.Tensor2D {
    return tf.tidy(() => linear(this.m('cond.table'), this.m('cond.proj.w'), this.v('cond.proj.b')));
  }

  /**
   * Final hidden states [rows·T, d] for a batch whose item tokens index `itemRows` [U, d] through `column`.
   * Callers wrap it in a tidy.
   */
  hidden(b: LumBatch, itemRows: tf.Tensor2D, column: ReadonlyMap<number, number>, opts: LumForwardOptions): tf.Tensor2D {
    const { rows: R, length: T } = b;
    const n = R * T;
    if (b.pos.some((p) => p > this.shape.contextLength))
      throw new Error(`a position exceeds the context length ${this.shape.contextLength}`);
    const itemCol = new Int32Array(n);
    const condId = new Int32Array(n);
    const isItem = new Float32Array(n);
    const isCond = new Float32Array(n);
    for (let t = 0; t < n; t++) {
      if (b.kind[t] === KIND.item) {
        itemCol[t] = column.get(b.ids[t]!)!;
        isItem[t] = 1;
      } else if (b.kind[t] === KIND.cond || b.kind[t] === KIND.query) {
        condId[t] = b.ids[t]!;
        isCond[t] = 1;
      }
    }
    const rate = this.shape.dropout;
    const drop = opts.training && rate > 0;
    let site = 0;
    const dropout = (x: tf.Tensor2D): tf.Tensor2D =>
      drop ? (tf.mul(x, dropoutMask(x.shape, rate, mixSeed(opts.seed ?? 0, site++))) as tf.Tensor2D) : x;

    // The two token types' embeddings land on their own positions; a mask of 0/1 picks which one a token takes.
    let x = sum([
      tf.mul(tf.gather(itemRows, tf.tensor1d(itemCol, 'int32')), tf.tensor2d(isItem, [n, 1])),
      tf.mul(tf.gather(this.conditionEmbeddings(), tf.tensor1d(condId, 'int32')), tf.tensor2d(isCond, [n, 1])),
      tf.gather(this.param('pos'), tf.tensor1d(b.pos, 'int32')),
    ]);
    x = dropout(x);
    const mask = tf.tensor4d(lumMask(b), [R, 1, T, T]);
    for (let l = 0; l < this.shape.layers; l++) {
      const p = `layer${l}`;
      const h = layerNorm(x, this.v(`${p}.ln1.gamma`), this.v(`${p}.ln1.beta`));
      const qkv = linear(h, this.m(`${p}.qkv.w`), this.v(`${p}.qkv.b`));
      const ctx = attention(qkv, mask, { batch: R, length: T, heads: this.shape.heads }, null);
      x = tf.add(x, dropout(linear(ctx, this.m(`${p}.attnOut.w`), this.v(`${p}.attnOut.b`))));
      const h2 = layerNorm(x, this.v(`${p}.ln2.gamma`), this.v(`${p}.ln2.beta`));
      const up = gelu(linear(h2, this.m(`${p}.ffnUp.w`), this.v(`${p}.ffnUp.b`)));
      x = tf.add(x, dropout(linear(up, this.m(`${p}.ffnDown.w`), this.v(`${p}.ffnDown.b`))));
    }
    return layerNorm(x, this.v('final.ln.gamma'), this.v('final.ln.beta'));
  }

  /** Hidden states [rows·T, d] of a batch (its items encoded here); for tests and inspection. */
  forward(b: LumBatch, f: ItemFeatures, opts: LumForwardOptions = { training: false }): tf.Tensor2D {
    return tf.tidy(() => {
      const { items, column } = batchItems(b);
      return this.hidden(b, this.itemEmbeddings(f, items), column, opts);
    });
  }

  /**
   * InfoNCE at the condition positions: each output against every distinct item of the batch (its own next item
   * the positive, the others in-batch negatives), dot products over the temperature. Mean over positions, with the
   * in-batch top-1 accuracy beside it (not differentiated).
   */
  loss(b: LumBatch, f: ItemFeatures, opts: LumForwardOptions): { loss: tf.Scalar; accuracy: tf.Scalar; positions: number } {
    const at = positionsOf(b, KIND.cond);
    if (at.length === 0) throw new Error('the batch has no condition positions');
    const { items, column } = batchItems(b);
    const labels = at.map((t) => column.get(b.target[t]!)!);
    return tf.tidy(() => {
      const e = this.itemEmbeddings(f, items);
      const h = this.hidden(b, e, column, opts);
      const out = tf.gather(h, tf.tensor1d(at, 'int32')) as tf.Tensor2D;
      const { loss, logits } = infoNce(out, e, labels, this.shape.temperature);
      const accuracy = tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), tf.tensor1d(labels, 'int32')), 'float32')) as tf.Scalar;
      return { loss, accuracy, positions: at.length };
    });
  }

  /** Interest vectors [users, queries, d]: the outputs at the query tokens of a group-query batch. */
  queryVectors(b: LumBatch, f: ItemFeatures): tf.Tensor3D {
    const at = positionsOf(b, KIND.query);
    const perRow = at.length / b.rows;
    if (!Number.isInteger(perRow) || perRow === 0) throw new Error('every row of a query batch needs the same number of queries');
    return tf.tidy(() => {
      const h = this.forward(b, f, { training: false });
      return tf.reshape(tf.gather(h, tf.tensor1d(at, 'int32')), [b.rows, perRow, this.shape.width]) as tf.Tensor3D;
    });
  }

  /** Every item's embedding [items, d] (row 0: padding), encoded in chunks. */
  allItemEmbeddings(f: ItemFeatures, chunk = 4096): tf.Tensor2D {
    const parts: tf.Tensor2D[] = [];
    for (let s = 0; s < f.count; s += chunk) {
      const idx = Int32Array.from({ length: Math.min(chunk, f.count - s) }, (_, k) => s + k);
      parts.push(this.itemEmbeddings(f, idx));
    }
    const all = tf.concat(parts, 0) as tf.Tensor2D;
    tf.dispose(parts);
    return all;
  }

  setWeights(weights: ReadonlyMap<string, tf.Tensor>, what = 'the weights'): void {
    const problem = shapeMismatch(shapesOf(this.params), new Map([...weights].map(([n, t]) => [n, t.shape])), what);
    if (problem) throw new Error(`${what} do not match the model: ${problem}`);
    for (const [name, t] of weights) this.param(name).assign(t);
  }

  dispose(): void {
    for (const v of this.params.values()) v.dispose();
    this.params.clear();
  }
}

/**
 * InfoNCE (docs/algorithms.md §4): −log[exp(s₊) / (exp(s₊) + Σ_k exp(s_k))] per row, s = o·e/τ, with the row's
 * own item as the positive and every other column a negative. Returns the mean and the logits.
 */
export function infoNce(
  outputs: tf.Tensor2D,
  items: tf.Tensor2D,
  labels: Int32Array,
  temperature: number,
): { loss: tf.Scalar; logits: tf.Tensor2D } {
  const logits = tf.mul(linearTransposed(outputs, items), 1 / temperature) as tf.Tensor2D;
  const loss = tf.mul(tf.sum(crossEntropy(logits, labels)), 1 / labels.length) as tf.Scalar;
  return { loss, logits };
}

export interface LumStepResult {
  loss: number;
  accuracy: number;
  gradNorm: number;
  lr: number;
}

/** One training step: forward, backward, clip, AdamW, and one host read for loss, accuracy and norm together. */
export function lumStep(model: LumModel, b: LumBatch, f: ItemFeatures, optimizer: AdamW, step: number, seed: number): LumStepResult {
  const vars = model.trainable();
  let accuracy: tf.Scalar | null = null;
  const { value, grads } = tf.variableGrads(() => {
    const out = model.loss(b, f, { training: true, seed: mixSeed(seed, step) });
    accuracy = tf.keep(out.accuracy);
    return out.loss;
  }, [...vars.values()]);
  const byName = new Map([...vars].map(([name, v]) => [name, grads[v.name]!] as const));
  const { gradNorm, lr } = optimizer.apply(byName, step);
  const acc = accuracy as tf.Scalar | null;
  if (!acc) throw new Error('internal: the loss did not report its accuracy');
  const packed = tf.tidy(() => tf.stack([value, gradNorm, acc]));
  const host = packed.dataSync();
  tf.dispose([value, gradNorm, acc, packed, ...Object.values(grads)]);
  return { loss: host[0]!, gradNorm: host[1]!, accuracy: host[2]!, lr };
}
