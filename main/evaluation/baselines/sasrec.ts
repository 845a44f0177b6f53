/**
 * SASRec (Kang & McAuley 2018, "Self-Attentive Sequential Recommendation") as a sequential baseline, in
 * TensorFlow.js core ops. Item embeddings (scaled by √d) plus learned positional embeddings, then L blocks of
 * x + Dropout(g(LayerNorm(x))) for g = causal self-attention (no output projection, as in the paper) and
 * g = point-wise ReLU feed-forward, a final LayerNorm. Trained with binary cross-entropy on the next item at
 * every position against one negative per position (an item the user never had), Adam (β₂ = 0.98, as the
 * authors' code). An item's score is the dot product of the last position's output with its embedding; the one
 * table serves input and output.
 *
 * Internally item j is id j + 1 and id 0 is padding. Windows are left-padded, so the newest item always sits in
 * the last slot. Padding is masked out as an attention key, so no real position ever reads a padded one and the
 * scores depend on the history alone. As in the authors' code, each user contributes one training window: the
 * last maxLength + 1 items of the sequence.
 */
import * as tf from '@tensorflow/tfjs-core';
import { attention, MASKED } from '../../model/attention';
import { registerGradients } from '../../model/gradients';
import { dropoutMask, layerNorm, linear, mixSeed, mm, withGradient } from '../../model/layers';
import { AdamW } from '../../model/optimizer';
import { mulberry32, randomInt, randomNormal, type Rng } from '../../random';

export interface SasrecOptions {
  /** Embedding and hidden width d (the paper: 50). */
  dim: number;
  /** Self-attention blocks L (the paper: 2). */
  blocks: number;
  heads: number;
  /** Window length n: the newest items the model reads. */
  maxLength: number;
  dropout: number;
  epochs: number;
  /** Users per step. */
  batchSize: number;
  lr: number;
  seed: number;
}

/**
 * The paper's setting for ML-1M (§4.2: d = 50, 2 blocks, dropout 0.2, lr 0.001, batch 128) except the window:
 * the paper reads 200 items on ML-1M and 50 on its sparser sets; 50 keeps a step cheap on a CPU.
 */
export const SASREC_DEFAULTS: SasrecOptions = {
  dim: 50,
  blocks: 2,
  heads: 1,
  maxLength: 50,
  dropout: 0.2,
  epochs: 200,
  batchSize: 128,
  lr: 1e-3,
  seed: 1,
};

/**
 * Called after each epoch with its 1-based number, the mean loss per trained position and the model so far (to
 * score a validation split, say); 'stop' ends training.
 */
export type SasrecEpochCallback = (epoch: number, loss: number, model: SasrecModel) => void | 'stop';

export interface SasrecModel {
  readonly items: number;
  readonly options: Readonly<SasrecOptions>;
  /** Epochs run (fewer than options.epochs when the callback stopped training). */
  readonly epochsTrained: number;
  /** Every variable by stable name ('item' [items + 1, d] with row 0 for padding, 'position' [maxLength, d], …). */
  readonly params: ReadonlyMap<string, tf.Variable>;
  /** A score for every item (index = 0-based item id) after `history` (oldest first; only the newest maxLength count). */
  score(history: readonly number[]): Float32Array;
  /** Final hidden states of the left-padded window of `history`, [maxLength, dim] row-major; the newest item is the last row. */
  states(history: readonly number[]): Float32Array;
  dispose(): void;
}

const ADAM = { beta1: 0.9, beta2: 0.98, eps: 1e-8, weightDecay: 0, clipNorm: 0 } as const;

interface Spec {
  name: string;
  shape: [number] | [number, number];
  init: 'xavier' | 'zeros' | 'ones';
}

function parameterSpecs(items: number, o: SasrecOptions): Spec[] {
  const d = o.dim;
  const specs: Spec[] = [
    { name: 'item', shape: [items + 1, d], init: 'xavier' },
    { name: 'position', shape: [o.maxLength, d], init: 'xavier' },
  ];
  for (let l = 0; l < o.blocks; l++) {
    const p = `block${l}`;
    specs.push(
      { name: `${p}.ln1.gamma`, shape: [d], init: 'ones' },
      { name: `${p}.ln1.beta`, shape: [d], init: 'zeros' },
      { name: `${p}.qkv.w`, shape: [d, 3 * d], init: 'xavier' },
      { name: `${p}.qkv.b`, shape: [3 * d], init: 'zeros' },
      { name: `${p}.ln2.gamma`, shape: [d], init: 'ones' },
      { name: `${p}.ln2.beta`, shape: [d], init: 'zeros' },
      { name: `${p}.ffn1.w`, shape: [d, d], init: 'xavier' },
      { name: `${p}.ffn1.b`, shape: [d], init: 'zeros' },
      { name: `${p}.ffn2.w`, shape: [d, d], init: 'xavier' },
      { name: `${p}.ffn2.b`, shape: [d], init: 'zeros' },
    );
  }
  specs.push({ name: 'final.gamma', shape: [d], init: 'ones' }, { name: 'final.beta', shape: [d], init: 'zeros' });
  return specs;
}

/** Xavier-normal as the authors' code; the fused q/k/v matrix counts as three d×d ones, and padding row 0 stays zero. */
function initialValues(spec: Spec, rng: Rng): Float32Array {
  const n = spec.shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  if (spec.init === 'ones') v.fill(1);
  if (spec.init !== 'xavier') return v;
  const [rows, cols] = spec.shape as [number, number];
  const fanOut = spec.name.endsWith('qkv.w') ? cols / 3 : cols;
  const std = Math.sqrt(2 / (rows + fanOut));
  for (let i = 0; i < n; i++) v[i] = std * randomNormal(rng);
  if (spec.name === 'item') v.fill(0, 0, cols);
  return v;
}

/** ReLU with its backward (tfjs-core's Node build registers no gradients). */
function relu(x: tf.Tensor2D): tf.Tensor2D {
  const f = withGradient(([xi]: [tf.Tensor2D], save) => {
    const y = tf.relu(xi);
    save([y]);
    return { value: y, gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.mul(dy, tf.step(saved[0]!))] };
  });
  return f(x);
}

/** Mean over positions of −log σ(pos) − log(1 − σ(neg)) = softplus(−pos) + softplus(neg), which never takes log 0. */
function binaryCrossEntropy(pos: tf.Tensor1D, neg: tf.Tensor1D): tf.Scalar {
  const scale = 1 / pos.shape[0];
  const f = withGradient(([p, q]: [tf.Tensor1D, tf.Tensor1D], save) => {
    save([p, q]);
    return {
      value: tf.mul(tf.sum(tf.add(tf.softplus(tf.neg(p)), tf.softplus(q))), scale) as tf.Scalar,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const g = tf.mul(dy, scale);
        return [tf.mul(tf.sub(tf.sigmoid(saved[0]!), 1), g), tf.mul(tf.sigmoid(saved[1]!), g)];
      },
    };
  });
  return f(pos, neg);
}

/** Rows of internal ids [B·T], left-padded with 0. */
interface Windows {
  size: number;
  ids: Int32Array;
}

/** Additive mask [B, 1, T, T]: query i sees key j ≤ i when j holds an item; a padded query sees only itself. */
function windowMask(w: Windows, T: number): tf.Tensor4D {
  const m = new Float32Array(w.size * T * T).fill(MASKED);
  for (let r = 0; r < w.size; r++) {
    for (let i = 0; i < T; i++) {
      const row = (r * T + i) * T;
      m[row + i] = 0;
      for (let j = 0; j < i; j++) if (w.ids[r * T + j] !== 0) m[row + j] = 0;
    }
  }
  return tf.tensor4d(m, [w.size, 1, T, T]);
}

class Sasrec implements SasrecModel {
  readonly params = new Map<string, tf.Variable>();
  epochsTrained = 0;

  constructor(
    readonly items: number,
    readonly options: Readonly<SasrecOptions>,
  ) {
    const rng = mulberry32(mixSeed(options.seed, 0x5a5));
    for (const spec of parameterSpecs(items, options)) {
      // The tidy disposes the initial tensor; the variable outlives it.
      this.params.set(
        spec.name,
        tf.tidy(() => tf.variable(tf.tensor(initialValues(spec, rng), spec.shape), true)),
      );
    }
  }

  private matrix(name: string): tf.Tensor2D {
    return this.params.get(name) as unknown as tf.Tensor2D;
  }

  private vector(name: string): tf.Tensor1D {
    return this.params.get(name) as unknown as tf.Tensor1D;
  }

  /** Final hidden states [B·T, d]; callers wrap it in a tidy. `seed` set = training (dropout on). */
  encode(w: Windows, seed: number | null): tf.Tensor2D {
    const { dim: d, heads: H, maxLength: T, dropout: rate } = this.options;
    const B = w.size;
    const drop = seed !== null && rate > 0;
    let site = 0;
    const dropout = (x: tf.Tensor2D): tf.Tensor2D => (drop ? tf.mul(x, dropoutMask(x.shape, rate, mixSeed(seed ?? 0, site++))) : x);
    const slots = Int32Array.from({ length: B * T }, (_, k) => k % T);
    let x = tf.add(
      tf.mul(tf.gather(this.matrix('item'), tf.tensor1d(w.ids, 'int32')), Math.sqrt(d)),
      tf.gather(this.matrix('position'), tf.tensor1d(slots, 'int32')),
    ) as tf.Tensor2D;
    x = dropout(x);
    const mask = windowMask(w, T);
    for (let l = 0; l < this.options.blocks; l++) {
      const p = `block${l}`;
      const h = layerNorm(x, this.vector(`${p}.ln1.gamma`), this.vector(`${p}.ln1.beta`));
      const qkv = linear(h, this.matrix(`${p}.qkv.w`), this.vector(`${p}.qkv.b`));
      const probsMask = drop ? dropoutMask([B, H, T, T], rate, mixSeed(seed ?? 0, site++)) : null;
      x = tf.add(x, dropout(attention(qkv, mask, { batch: B, length: T, heads: H }, probsMask)));
      const h2 = layerNorm(x, this.vector(`${p}.ln2.gamma`), this.vector(`${p}.ln2.beta`));
      const inner = dropout(relu(linear(h2, this.matrix(`${p}.ffn1.w`), this.vector(`${p}.ffn1.b`))));
      x = tf.add(x, dropout(linear(inner, this.matrix(`${p}.ffn2.w`), this.vector(`${p}.ffn2.b`))));
    }
    return layerNorm(x, this.vector('final.gamma'), this.vector('final.beta'));
  }

  /** BCE at every position that has a next item (positives/negatives are internal ids, 0 where there is none). */
  loss(w: Windows, positives: Int32Array, negatives: Int32Array, seed: number): tf.Scalar {
    const at: number[] = [];
    for (let k = 0; k < positives.length; k++) if (positives[k] !== 0) at.push(k);
    const h = tf.gather(this.encode(w, seed), tf.tensor1d(at, 'int32'));
    const table = this.matrix('item');
    const targets = (ids: Int32Array): Int32Array => Int32Array.from(at, (k) => ids[k]!);
    const logit = (ids: Int32Array): tf.Tensor1D => tf.sum(tf.mul(h, tf.gather(table, targets(ids))), -1) as tf.Tensor1D;
    return binaryCrossEntropy(logit(positives), logit(negatives));
  }

  /** One left-padded window of the newest maxLength items, ids checked. */
  window(history: readonly number[]): Windows {
    const T = this.options.maxLength;
    const ids = new Int32Array(T);
    const recent = history.slice(-T);
    recent.forEach((j, k) => {
      if (!(Number.isInteger(j) && j >= 0 && j < this.items)) throw new RangeError(`item ${j} is outside 0..${this.items - 1}`);
      ids[T - recent.length + k] = j + 1;
    });
    return { size: 1, ids };
  }

  states(history: readonly number[]): Float32Array {
    const out = tf.tidy(() => this.encode(this.window(history), null));
    const values = (out.dataSync() as Float32Array).slice();
    out.dispose();
    return values;
  }

  score(history: readonly number[]): Float32Array {
    const { dim: d, maxLength: T } = this.options;
    const out = tf.tidy(() => mm(tf.slice(this.encode(this.window(history), null), [T - 1, 0], [1, d]), this.matrix('item'), false, true));
    const values = (out.dataSync() as Float32Array).slice(1);
    out.dispose();
    return values;
  }

  dispose(): void {
    for (const v of this.params.values()) v.dispose();
    this.params.clear();
  }
}

function checkOptions(o: SasrecOptions): void {
  const positive = ['dim', 'blocks', 'heads', 'maxLength', 'epochs', 'batchSize'] as const;
  for (const k of positive) if (!(Number.isInteger(o[k]) && o[k] > 0)) throw new RangeError(`${k} is a positive integer, got ${o[k]}`);
  if (o.dim % o.heads !== 0) throw new RangeError(`dim ${o.dim} is not divisible by heads ${o.heads}`);
  if (!(o.dropout >= 0 && o.dropout < 1)) throw new RangeError(`dropout is in [0, 1), got ${o.dropout}`);
  if (!(o.lr > 0)) throw new RangeError(`lr is positive, got ${o.lr}`);
  if (!Number.isInteger(o.seed)) throw new RangeError(`seed is an integer, got ${o.seed}`);
}

/** A user's training window: inputs, next items and one negative per position, as internal ids. */
function fillRow(
  seq: readonly number[],
  seen: Set<number>,
  items: number,
  T: number,
  rng: Rng,
  out: { ids: Int32Array; pos: Int32Array; neg: Int32Array },
  row: number,
): void {
  const n = Math.min(T, seq.length - 1);
  const start = seq.length - 1 - n;
  for (let k = 0; k < n; k++) {
    const slot = row * T + T - n + k;
    const next = seq[start + k + 1]!;
    out.ids[slot] = seq[start + k]! + 1;
    out.pos[slot] = next + 1;
    // A user who had every item has no true negative; any other item then stands in.
    const avoid = seen.size < items ? seen : new Set([next]);
    let j: number;
    do j = randomInt(rng, items);
    while (avoid.has(j));
    out.neg[slot] = j + 1;
  }
}

/**
 * Trains SASRec on `sequences` (per user, 0-based item ids, oldest first: the training part only) over a
 * catalogue of `items`. Deterministic for a seed and back end: parameters, user order, negatives and dropout
 * masks all come from `opts.seed`. One host read per step (its loss).
 */
export function trainSasrec(
  sequences: readonly (readonly number[])[],
  items: number,
  opts: SasrecOptions,
  onEpoch?: SasrecEpochCallback,
): SasrecModel {
  checkOptions(opts);
  if (!(Number.isInteger(items) && items >= 2)) throw new RangeError(`SASRec needs a catalogue of at least 2 items, got ${items}`);
  for (const seq of sequences)
    for (const j of seq) if (!(Number.isInteger(j) && j >= 0 && j < items)) throw new RangeError(`item ${j} is outside 0..${items - 1}`);
  const trainable = sequences.filter((s) => s.length >= 2);
  if (trainable.length === 0) throw new RangeError('SASRec needs at least one sequence of two or more items');
  registerGradients();

  const o = { ...opts };
  const T = o.maxLength;
  const model = new Sasrec(items, o);
  const optimizer = new AdamW(model.params, { ...ADAM, lr: o.lr, warmupSteps: 0, totalSteps: Number.POSITIVE_INFINITY });
  const seen = trainable.map((s) => new Set(s));
  const rng = mulberry32(mixSeed(o.seed, 0x5e9));
  const order = Array.from(trainable, (_, k) => k);
  const vars = [...model.params.values()];
  let step = 0;
  try {
    for (let epoch = 1; epoch <= o.epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const k = randomInt(rng, i + 1);
        [order[i], order[k]] = [order[k]!, order[i]!];
      }
      let total = 0;
      let count = 0;
      for (let from = 0; from < order.length; from += o.batchSize) {
        const users = order.slice(from, from + o.batchSize);
        const B = users.length;
        const rows = { ids: new Int32Array(B * T), pos: new Int32Array(B * T), neg: new Int32Array(B * T) };
        users.forEach((u, r) => fillRow(trainable[u]!, seen[u]!, items, T, rng, rows, r));
        const positions = rows.pos.reduce((a, x) => a + (x !== 0 ? 1 : 0), 0);
        const { value, grads } = tf.variableGrads(
          () => model.loss({ size: B, ids: rows.ids }, rows.pos, rows.neg, mixSeed(o.seed, step)),
          vars,
        );
        const byName = new Map([...model.params].map(([name, v]) => [name, grads[v.name]!] as const));
        const { gradNorm } = optimizer.apply(byName, step);
        total += value.dataSync()[0]! * positions;
        count += positions;
        tf.dispose([value, gradNorm, ...Object.values(grads)]);
        step++;
      }
      model.epochsTrained = epoch;
      if (onEpoch?.(epoch, total / count, model) === 'stop') break;
    }
  } catch (e) {
    model.dispose();
    throw e;
  } finally {
    optimizer.dispose();
  }
  return model;
}
