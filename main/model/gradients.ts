/**
 * Gradients of the kernels the GLM differentiates through outside its own custom-gradient blocks.
 *
 * tfjs-core's Node build (`dist/tf-core.node.js`) registers no gradients at all: the union package
 * `@tensorflow/tfjs` does that, and the studio depends on tfjs-core alone. Its ESM `register_all_gradients`
 * cannot be imported from Node either (extensionless specifiers), so the few gradients the model needs are
 * registered here, with tfjs-core's own semantics: the embedding sums and lookups, residual adds, dropout masks
 * and the loss mean; the RQ-VAE (main/itemids/rq-vae.ts) adds differences, squares, ReLU and means. Linear
 * layers, attention, layer norm, GELU and cross-entropy carry their own gradients (tf.customGrad in layers.ts
 * and attention.ts).
 * A gradient that is already registered (tfjs-node brings the union package) is left alone.
 */
import * as tf from '@tensorflow/tfjs-core';

type Saved = tf.Tensor[];

/** Sums dy over the axes along which `shape` was broadcast to dy's shape. */
function unbroadcast(dy: tf.Tensor, shape: number[]): tf.Tensor {
  const axes = tf.broadcast_util.getReductionAxes(shape, dy.shape);
  return tf.reshape(axes.length > 0 ? tf.sum(dy, axes) : dy, shape);
}

function pair(saved: Saved): [tf.Tensor, tf.Tensor] {
  const [a, b] = saved;
  if (!a || !b) throw new Error('gradient: the forward pass saved fewer tensors than expected');
  return [a, b];
}

const configs: tf.GradConfig[] = [
  {
    kernelName: tf.Add,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: Saved) => {
      const [a, b] = pair(saved);
      const g = dy as tf.Tensor;
      return { a: () => unbroadcast(g, a.shape), b: () => unbroadcast(g, b.shape) };
    },
  },
  {
    kernelName: tf.Multiply,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: Saved) => {
      const [a, b] = pair(saved);
      const g = dy as tf.Tensor;
      return {
        a: () => unbroadcast(tf.mul(g, tf.cast(b, 'float32')), a.shape),
        b: () => unbroadcast(tf.mul(g, tf.cast(a, 'float32')), b.shape),
      };
    },
  },
  {
    kernelName: tf.Sub,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: Saved) => {
      const [a, b] = pair(saved);
      const g = dy as tf.Tensor;
      return { a: () => unbroadcast(g, a.shape), b: () => unbroadcast(tf.neg(g), b.shape) };
    },
  },
  {
    kernelName: tf.Square,
    inputsToSave: ['x'],
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: Saved) => {
      const [x] = saved;
      if (!x) throw new Error('gradient of Square: input not saved');
      return { x: () => tf.mul(dy as tf.Tensor, tf.mul(x, 2)) };
    },
  },
  {
    kernelName: tf.Relu,
    inputsToSave: ['x'],
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: Saved) => {
      const [x] = saved;
      if (!x) throw new Error('gradient of Relu: input not saved');
      return { x: () => tf.mul(dy as tf.Tensor, tf.cast(tf.greater(x, 0), 'float32')) };
    },
  },
  {
    kernelName: tf.Mean,
    inputsToSave: ['x'],
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: Saved, attrs: tf.NamedAttrMap) => {
      const [x] = saved;
      if (!x) throw new Error('gradient of Mean: input not saved');
      const axes = tf.util.parseAxisParam(attrs.axis as number | number[], x.shape);
      const kept = x.shape.map((n, i) => (axes.includes(i) ? 1 : n));
      const count = axes.reduce((c, a) => c * x.shape[a]!, 1);
      return { x: () => tf.mul(tf.reshape(dy as tf.Tensor, kept), tf.fill(x.shape, 1 / count, 'float32')) };
    },
  },
  {
    kernelName: tf.Sum,
    inputsToSave: ['x'],
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: Saved, attrs: tf.NamedAttrMap) => {
      const [x] = saved;
      if (!x) throw new Error('gradient of Sum: input not saved');
      const axes = tf.util.parseAxisParam(attrs.axis as number | number[], x.shape);
      const kept = x.shape.map((n, i) => (axes.includes(i) ? 1 : n));
      return { x: () => tf.mul(tf.reshape(dy as tf.Tensor, kept), tf.ones(x.shape, 'float32')) };
    },
  },
  {
    // The embedding gradient: a scatter-add of dy's rows into a table of x's shape (never a one-hot product).
    kernelName: tf.GatherV2,
    inputsToSave: ['x', 'indices'],
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: Saved, attrs: tf.NamedAttrMap) => {
      const [x, indices] = pair(saved);
      const axis = tf.util.parseAxisParam(attrs.axis as number, x.shape)[0];
      if (axis !== 0 || (attrs.batchDims as number) !== 0)
        throw new Error('gradient of gather: only axis 0 without batch dims is supported');
      const inner = x.shape.slice(1);
      return {
        x: () =>
          tf.unsortedSegmentSum(tf.reshape(dy as tf.Tensor, [indices.size, ...inner]), tf.reshape(indices, [indices.size]), x.shape[0]!),
        indices: () => tf.zerosLike(indices),
      };
    },
  },
];

/** Registers each gradient above unless one is already registered for its kernel. Idempotent. */
export function registerGradients(): void {
  for (const config of configs) if (tf.getGradient(config.kernelName) == null) tf.registerGradient(config);
}
