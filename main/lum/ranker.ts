/**
 * A small DLRM-style click ranker (docs/algorithms.md §6.1, item 5): user and item id embeddings beside the dense
 * features (the first layer a sum of one linear per block, i.e. a linear over their concatenation), two GELU layers,
 * a logit, the logistic loss, AdamW. Trained on the training rows, the epoch chosen by AUC on the validation users,
 * scored on the test rows with those weights.
 */
import * as tf from '@tensorflow/tfjs-core';
import { gelu, linear, mixSeed, withGradient } from '../model/layers';
import { AdamW } from '../model/optimizer';
import { mulberry32, randomNormal } from '../random';
import { auc, gauc } from './metrics';
import { PART } from './ranker-data';

export interface RankerInput {
  rows: number;
  /** Standardised features [rows, width]. */
  dense: Float32Array;
  width: number;
  users: Int32Array;
  userCount: number;
  items: Int32Array;
  itemCount: number;
  labels: Float32Array;
  part: Uint8Array;
  groups: Int32Array;
}

export interface RankerOptions {
  seed: number;
  epochs: number;
  /** Epochs without a better validation AUC before training stops. */
  patience: number;
  batchSize: number;
  learningRate: number;
  weightDecay: number;
  hidden: [number, number];
  embedding: number;
}

export const RANKER_DEFAULTS: RankerOptions = {
  seed: 1,
  epochs: 12,
  patience: 3,
  batchSize: 256,
  learningRate: 2e-3,
  weightDecay: 0.01,
  hidden: [128, 64],
  embedding: 16,
};

export interface RankerResult {
  auc: number;
  gauc: number;
  validAuc: number;
  bestEpoch: number;
  epochs: number;
  curve: number[];
  trainRows: number;
  validRows: number;
  testRows: number;
  testUsers: number;
  positiveShare: number;
}

/** Mean logistic loss of logits z [n, 1] against 0/1 labels: softplus(z) − y·z, gradient (σ(z) − y)/n. */
export function logisticLoss(z: tf.Tensor2D, labels: Float32Array): tf.Scalar {
  const n = labels.length;
  const f = withGradient(([zi]: [tf.Tensor2D], save) => {
    const y = tf.tensor2d(labels, [n, 1]);
    save([zi, y]);
    // softplus(z) = max(z, 0) + log(1 + e^−|z|): never overflows.
    const softplus = tf.add(tf.relu(zi), tf.log1p(tf.exp(tf.neg(tf.abs(zi)))));
    return {
      value: tf.mean(tf.sub(softplus, tf.mul(y, zi))) as tf.Scalar,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [zs, ys] = saved as [tf.Tensor2D, tf.Tensor2D];
        return [tf.mul(tf.sub(tf.sigmoid(zs), ys), tf.div(dy, n))];
      },
    };
  });
  return f(z);
}

class Mlp {
  readonly params = new Map<string, tf.Variable>();

  constructor(input: RankerInput, o: RankerOptions) {
    const [h1, h2] = o.hidden;
    const e = o.embedding;
    const specs: [string, number[], number][] = [
      ['user', [input.userCount, e], 0.05],
      ['item', [input.itemCount, e], 0.05],
      ['l1.dense.w', [input.width, h1], 1 / Math.sqrt(input.width + 2 * e)],
      ['l1.user.w', [e, h1], 1 / Math.sqrt(input.width + 2 * e)],
      ['l1.item.w', [e, h1], 1 / Math.sqrt(input.width + 2 * e)],
      ['l1.b', [h1], 0],
      ['l2.w', [h1, h2], 1 / Math.sqrt(h1)],
      ['l2.b', [h2], 0],
      ['out.w', [h2, 1], 1 / Math.sqrt(h2)],
      ['out.b', [1], 0],
    ];
    specs.forEach(([name, shape, sd], i) => {
      const rng = mulberry32(mixSeed(o.seed, i));
      const n = shape.reduce((a, b) => a * b, 1);
      const values = Float32Array.from({ length: n }, () => sd * randomNormal(rng));
      this.params.set(
        name,
        tf.tidy(() => tf.variable(tf.tensor(values, shape), true)),
      );
    });
  }

  private m(name: string): tf.Tensor2D {
    return this.params.get(name)! as unknown as tf.Tensor2D;
  }

  private v(name: string): tf.Tensor1D {
    return this.params.get(name)! as unknown as tf.Tensor1D;
  }

  /** Logits [n, 1] of rows `idx`. */
  logits(input: RankerInput, idx: Int32Array): tf.Tensor2D {
    return tf.tidy(() => {
      const dense = new Float32Array(idx.length * input.width);
      idx.forEach((r, k) => dense.set(input.dense.subarray(r * input.width, (r + 1) * input.width), k * input.width));
      const users = tf.gather(
        this.m('user'),
        tf.tensor1d(
          idx.map((r) => input.users[r]!),
          'int32',
        ),
      ) as tf.Tensor2D;
      const items = tf.gather(
        this.m('item'),
        tf.tensor1d(
          idx.map((r) => input.items[r]!),
          'int32',
        ),
      ) as tf.Tensor2D;
      const first = tf.add(
        tf.add(
          linear(tf.tensor2d(dense, [idx.length, input.width]), this.m('l1.dense.w'), this.v('l1.b')),
          linear(users, this.m('l1.user.w'), null),
        ),
        linear(items, this.m('l1.item.w'), null),
      ) as tf.Tensor2D;
      const h = gelu(linear(gelu(first), this.m('l2.w'), this.v('l2.b')));
      return linear(h, this.m('out.w'), this.v('out.b'));
    });
  }

  scores(input: RankerInput, idx: Int32Array): Float32Array {
    const out = new Float32Array(idx.length);
    for (let s = 0; s < idx.length; s += 4096) {
      const z = this.logits(input, idx.subarray(s, s + 4096));
      out.set(z.dataSync() as Float32Array, s);
      z.dispose();
    }
    return out;
  }

  snapshot(): Map<string, Float32Array> {
    return new Map([...this.params].map(([n, v]) => [n, (v.dataSync() as Float32Array).slice()]));
  }

  restore(s: ReadonlyMap<string, Float32Array>): void {
    for (const [n, values] of s) this.params.get(n)!.assign(tf.tensor(values, this.params.get(n)!.shape));
  }

  dispose(): void {
    for (const v of this.params.values()) v.dispose();
  }
}

const rowsOf = (part: Uint8Array, which: number): Int32Array => {
  const out: number[] = [];
  part.forEach((p, r) => p === which && out.push(r));
  return Int32Array.from(out);
};

const pick = <T extends { [i: number]: number }>(src: T, idx: Int32Array): number[] => Array.from(idx, (r) => src[r]!);

/** Trains the ranker and scores the test rows with the weights of its best validation epoch. */
export function trainRanker(
  input: RankerInput,
  options: Partial<RankerOptions> = {},
  onEpoch?: (epoch: number, validAuc: number) => void,
): RankerResult {
  const o = { ...RANKER_DEFAULTS, ...options };
  const train = rowsOf(input.part, PART.train);
  const valid = rowsOf(input.part, PART.valid);
  const test = rowsOf(input.part, PART.test);
  if (train.length === 0 || test.length === 0)
    throw new Error('the ranker needs training and test rows: the dataset has too few interactions per user');
  const model = new Mlp(input, o);
  const perEpoch = Math.ceil(train.length / o.batchSize);
  const optimizer = new AdamW(model.params, {
    lr: o.learningRate,
    warmupSteps: 0,
    totalSteps: perEpoch * o.epochs,
    weightDecay: o.weightDecay,
    clipNorm: 1,
  });
  // With no validation users (a very small dataset) the epochs are judged on the training rows.
  const judge = valid.length > 0 ? valid : train;
  const judgeLabels = pick(input.labels, judge);
  let best = { auc: -Infinity, epoch: 0, weights: model.snapshot() };
  const curve: number[] = [];
  let step = 0;
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    const order = Array.from(train);
    const rng = mulberry32(mixSeed(o.seed, 1000 + epoch));
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (let s = 0; s < order.length; s += o.batchSize) {
      const idx = Int32Array.from(order.slice(s, s + o.batchSize));
      const labels = Float32Array.from(idx, (r) => input.labels[r]!);
      const { value, grads } = tf.variableGrads(() => logisticLoss(model.logits(input, idx), labels), [...model.params.values()]);
      const byName = new Map([...model.params].map(([n, v]) => [n, grads[v.name]!] as const));
      const { gradNorm } = optimizer.apply(byName, step++);
      tf.dispose([value, gradNorm, ...Object.values(grads)]);
    }
    const a = auc(model.scores(input, judge), judgeLabels);
    curve.push(a);
    onEpoch?.(epoch, a);
    if (a > best.auc) best = { auc: a, epoch, weights: model.snapshot() };
    else if (epoch - best.epoch >= o.patience) break;
  }
  model.restore(best.weights);
  const scores = model.scores(input, test);
  const labels = pick(input.labels, test);
  const result: RankerResult = {
    auc: auc(scores, labels),
    gauc: gauc(scores, labels, pick(input.groups, test)),
    validAuc: best.auc,
    bestEpoch: best.epoch,
    epochs: curve.length,
    curve,
    trainRows: train.length,
    validRows: valid.length,
    testRows: test.length,
    testUsers: new Set(pick(input.groups, test)).size,
    positiveShare: labels.reduce((a, b) => a + b, 0) / Math.max(1, labels.length),
  };
  optimizer.dispose();
  model.dispose();
  return result;
}
