/**
 * Add, Sub and Multiply of float32 tensors on every core, where each operand is the output's shape, a scalar, or
 * the output's trailing axes (a bias row repeated over the leading ones): then operand element i mod size lines
 * up with output element i. Other broadcasts and dtypes go to the wasm kernels.
 */
import * as tf from '@tensorflow/tfjs-core';
import { floatView, output } from './heap';
import { delegate, input, type NativeKernel } from './kernel-args';

const OPS = { [tf.Add]: 0, [tf.Sub]: 1, [tf.Multiply]: 2 } as const;

/** Whether `shape`, padded with leading 1s to the output's rank, is 1s followed by the output's trailing axes. */
function repeatsAlongLeadingAxes(shape: number[], out: number[]): boolean {
  const padded = [...new Array<number>(out.length - shape.length).fill(1), ...shape];
  let k = 0;
  while (k < padded.length && padded[k] === 1 && out[k] !== 1) k++;
  return padded.slice(k).every((d, i) => d === out[k + i]);
}

function binary(op: 0 | 1 | 2): NativeKernel {
  return (args, addon, fallback) => {
    const a = input(args, 'a');
    const b = input(args, 'b');
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return delegate(args, fallback);
    const shape = tf.broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const scalarOr = (t: tf.TensorInfo): boolean => tf.util.sizeFromShape(t.shape) === 1 || repeatsAlongLeadingAxes(t.shape, shape);
    if (tf.util.sizeFromShape(shape) === 0 || !scalarOr(a) || !scalarOr(b)) return delegate(args, fallback);
    const out = output(args.backend, shape);
    addon.binary(op, floatView(args.backend, a), floatView(args.backend, b), floatView(args.backend, out));
    return out;
  };
}

export const ELEMENTWISE_KERNELS: Record<string, NativeKernel> = Object.fromEntries(
  Object.entries(OPS).map(([name, op]) => [name, binary(op)]),
);
