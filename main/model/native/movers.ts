/**
 * Kernels that only move data: Identity shares memory (the wasm back end copies), and Slice, SplitV and Concat
 * copy whole contiguous rows on every core (the wasm back end walks element by element on one).
 */
import * as tf from '@tensorflow/tfjs-core';
import { alias, floatView, output } from './heap';
import { delegate, input, type NativeKernel, type NativeKernelArgs } from './kernel-args';
import type { NativeAddon } from './addon';

const fourBytes = (t: tf.TensorInfo): boolean => t.dtype === 'float32' || t.dtype === 'int32';

export const identity: NativeKernel = (args, _addon, fallback) => {
  const x = input(args, 'x');
  return fourBytes(x) ? alias(args.backend, x) : delegate(args, fallback);
};

function sliceOf(args: NativeKernelArgs, addon: NativeAddon, x: tf.TensorInfo, begin: number[], size: number[]): tf.TensorInfo {
  const out = output(args.backend, size, x.dtype);
  if (tf.util.sizeFromShape(size) > 0) {
    addon.slice(
      floatView(args.backend, x),
      floatView(args.backend, out),
      Int32Array.from(x.shape),
      Int32Array.from(begin),
      Int32Array.from(size),
    );
  }
  return out;
}

export const slice: NativeKernel = (args, addon, fallback) => {
  const x = input(args, 'x');
  if (!fourBytes(x) || x.shape.length === 0) return delegate(args, fallback);
  const [begin = [], size = []] = tf.slice_util.parseSliceParams(x, args.attrs.begin as number[], args.attrs.size as number[]);
  tf.slice_util.assertParamsValid(x, begin, size);
  return sliceOf(args, addon, x, begin, size);
};

export const splitV: NativeKernel = (args, addon, fallback) => {
  const x = input(args, 'x');
  if (!fourBytes(x) || x.shape.length === 0) return delegate(args, fallback);
  const axis = tf.util.parseAxisParam(args.attrs.axis as number, x.shape)[0]!;
  const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, args.attrs.numOrSizeSplits as number | number[], axis);
  const begin = new Array<number>(x.shape.length).fill(0);
  return sizes.map((s) => {
    const size = [...x.shape];
    size[axis] = s;
    const part = sliceOf(args, addon, x, [...begin], size);
    begin[axis]! += s;
    return part;
  });
};

export const concat: NativeKernel = (args, addon, fallback) => {
  const xs = Object.keys(args.inputs).map((k) => args.inputs[k]!);
  const first = xs[0];
  if (!first || !xs.every((t) => t.dtype === first.dtype && fourBytes(t))) return delegate(args, fallback);
  const axis = tf.util.parseAxisParam(args.attrs.axis as number, first.shape)[0]!;
  const shapes = xs.map((t) => t.shape);
  tf.backend_util.assertParamsConsistent(shapes, axis);
  const outShape = tf.backend_util.computeOutShape(shapes, axis);
  const out = output(args.backend, outShape, first.dtype);
  // Concatenation along `axis` = side-by-side blocks of rows: outer rows × each input's inner run.
  const rows = tf.util.sizeFromShape(outShape.slice(0, axis));
  const width = tf.util.sizeFromShape(outShape.slice(axis));
  let column = 0;
  for (const t of xs) {
    const inner = tf.util.sizeFromShape(t.shape.slice(axis));
    if (inner > 0 && rows > 0)
      addon.copyRows(floatView(args.backend, t), 0, inner, floatView(args.backend, out), column, width, rows, inner);
    column += inner;
  }
  return out;
};
