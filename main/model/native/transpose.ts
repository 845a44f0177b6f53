/** Transpose of any 4-byte tensor (float32, int32) as contiguous row copies where the permutation allows. */
import * as tf from '@tensorflow/tfjs-core';
import { floatView, output } from './heap';
import { delegate, input, type NativeKernel } from './kernel-args';

export const transpose: NativeKernel = (args, addon, fallback) => {
  const x = input(args, 'x');
  const perm = (args.attrs.perm as number[]).map((p) => (p < 0 ? p + x.shape.length : p));
  if (x.dtype !== 'float32' && x.dtype !== 'int32') return delegate(args, fallback);
  const out = output(
    args.backend,
    perm.map((p) => x.shape[p]!),
    x.dtype,
  );
  if (tf.util.sizeFromShape(x.shape) > 0) {
    addon.transpose(floatView(args.backend, x), floatView(args.backend, out), Int32Array.from(x.shape), Int32Array.from(perm));
  }
  return out;
};
