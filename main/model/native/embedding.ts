/**
 * The embedding lookup (GatherV2 along axis 0) and its gradient (UnsortedSegmentSum, a scatter-add of rows):
 * whole-row copies and sums on every core, never a one-hot or a dense gradient.
 */
import * as tf from '@tensorflow/tfjs-core';
import { floatView, intView, output } from './heap';
import { delegate, input, type NativeKernel } from './kernel-args';

export const gather: NativeKernel = (args, addon, fallback) => {
  const x = input(args, 'x');
  const indices = input(args, 'indices');
  const axis = tf.util.parseAxisParam(args.attrs.axis as number, x.shape)[0];
  const batchDims = (args.attrs.batchDims as number | undefined) ?? 0;
  if (
    axis !== 0 ||
    batchDims !== 0 ||
    indices.dtype !== 'int32' ||
    (x.dtype !== 'float32' && x.dtype !== 'int32') ||
    x.shape.length === 0
  ) {
    return delegate(args, fallback);
  }
  const rows = x.shape[0]!;
  const innerShape = x.shape.slice(1);
  const out = output(args.backend, [...indices.shape, ...innerShape], x.dtype);
  const bad = addon.gatherRows(
    floatView(args.backend, x),
    rows,
    tf.util.sizeFromShape(innerShape),
    intView(args.backend, indices),
    floatView(args.backend, out),
  );
  if (bad >= 0) {
    const value = intView(args.backend, indices)[bad];
    args.backend.disposeData(out.dataId);
    throw new Error(`GatherV2: the index value ${value} is not in [0, ${rows - 1}]`);
  }
  return out;
};

export const unsortedSegmentSum: NativeKernel = (args, addon, fallback) => {
  const x = input(args, 'x');
  const ids = input(args, 'segmentIds');
  const numSegments = args.attrs.numSegments as number;
  if (x.dtype !== 'float32' || ids.dtype !== 'int32' || ids.shape.length !== 1 || ids.shape[0] !== x.shape[0])
    return delegate(args, fallback);
  const innerShape = x.shape.slice(1);
  const out = output(args.backend, [numSegments, ...innerShape]);
  const bad = addon.scatterAddRows(
    floatView(args.backend, x),
    intView(args.backend, ids),
    tf.util.sizeFromShape(innerShape),
    numSegments,
    floatView(args.backend, out),
  );
  if (bad >= 0) {
    const value = intView(args.backend, ids)[bad];
    args.backend.disposeData(out.dataId);
    throw new Error(`UnsortedSegmentSum: segment id ${value} is not below numSegments ${numSegments}`);
  }
  return out;
};
