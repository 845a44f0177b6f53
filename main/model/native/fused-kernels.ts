/** The native implementations of the fused training kernels named in ../fused.ts, plus Softmax. */
import * as tf from '@tensorflow/tfjs-core';
import { FUSED } from '../fused';
import { floatView, intView, output } from './heap';
import { delegate, input, type NativeKernel, type NativeKernelArgs } from './kernel-args';

const f32 = (args: NativeKernelArgs, name: string): tf.TensorInfo => {
  const t = input(args, name);
  if (t.dtype !== 'float32') throw new Error(`native kernel: ${name} must be float32, got ${t.dtype}`);
  return t;
};

/** [rows, cols] of a tensor whose last axis is the one reduced. */
function rowsCols(shape: number[]): [number, number] {
  const cols = shape[shape.length - 1] ?? 1;
  return [cols === 0 ? 0 : tf.util.sizeFromShape(shape) / cols, cols];
}

const layerNorm: NativeKernel = (args, addon) => {
  const { backend } = args;
  const x = f32(args, 'x');
  const [n, d] = rowsCols(x.shape);
  const y = output(backend, x.shape);
  const mean = output(backend, [n]);
  const rstd = output(backend, [n]);
  const v = (t: tf.TensorInfo): Float32Array => floatView(backend, t);
  addon.layerNorm(v(x), v(f32(args, 'gamma')), v(f32(args, 'beta')), n, d, args.attrs.eps as number, v(y), v(mean), v(rstd));
  return [y, mean, rstd];
};

const layerNormGrad: NativeKernel = (args, addon) => {
  const { backend } = args;
  const x = f32(args, 'x');
  const [n, d] = rowsCols(x.shape);
  const dx = output(backend, x.shape);
  const dgamma = output(backend, [d]);
  const dbeta = output(backend, [d]);
  const v = (t: tf.TensorInfo): Float32Array => floatView(backend, t);
  addon.layerNormGrad(
    v(f32(args, 'dy')),
    v(x),
    v(f32(args, 'gamma')),
    v(f32(args, 'mean')),
    v(f32(args, 'rstd')),
    n,
    d,
    v(dx),
    v(dgamma),
    v(dbeta),
  );
  return [dx, dgamma, dbeta];
};

const gelu: NativeKernel = (args, addon) => {
  const x = f32(args, 'x');
  const y = output(args.backend, x.shape);
  addon.gelu(floatView(args.backend, x), floatView(args.backend, y));
  return y;
};

const geluGrad: NativeKernel = (args, addon) => {
  const x = f32(args, 'x');
  const dx = output(args.backend, x.shape);
  addon.geluGrad(floatView(args.backend, f32(args, 'dy')), floatView(args.backend, x), floatView(args.backend, dx));
  return dx;
};

/** tf.softmax over the last axis (the only one tfjs's op allows). */
const softmax: NativeKernel = (args, addon, fallback) => {
  const x = input(args, 'logits');
  const dim = args.attrs.dim as number;
  if (x.dtype !== 'float32' || (dim !== -1 && dim !== x.shape.length - 1)) return delegate(args, fallback);
  const [rows, cols] = rowsCols(x.shape);
  const y = output(args.backend, x.shape);
  if (rows > 0) addon.softmax(floatView(args.backend, x), null, 1, 1, 1, rows, cols, floatView(args.backend, y));
  return y;
};

const maskedSoftmax: NativeKernel = (args, addon) => {
  const x = f32(args, 'x');
  const mask = f32(args, 'mask');
  const [B, H, R, C] = x.shape as [number, number, number, number];
  const [mb, mh, mr, mc] = mask.shape;
  if (x.shape.length !== 4 || mask.shape.length !== 4 || mb !== B || mh !== 1 || mr !== R || mc !== C) {
    throw new Error(`${FUSED.maskedSoftmax}: mask [${mask.shape}] must be [B, 1, R, C] for x [${x.shape}]`);
  }
  const y = output(args.backend, x.shape);
  addon.softmax(floatView(args.backend, x), floatView(args.backend, mask), R, H * R, 1, B * H * R, C, floatView(args.backend, y));
  return y;
};

const softmaxGrad: NativeKernel = (args, addon) => {
  const p = f32(args, 'p');
  const [rows, cols] = rowsCols(p.shape);
  const ds = output(args.backend, p.shape);
  addon.softmaxGrad(floatView(args.backend, p), floatView(args.backend, f32(args, 'dp')), rows, cols, floatView(args.backend, ds));
  return ds;
};

const crossEntropy: NativeKernel = (args, addon) => {
  const logits = f32(args, 'logits');
  const [n, v] = rowsCols(logits.shape);
  const loss = output(args.backend, [n]);
  const probs = output(args.backend, logits.shape);
  addon.crossEntropy(
    floatView(args.backend, logits),
    intView(args.backend, input(args, 'labels')),
    n,
    v,
    floatView(args.backend, loss),
    floatView(args.backend, probs),
  );
  return [loss, probs];
};

const crossEntropyGrad: NativeKernel = (args, addon) => {
  const probs = f32(args, 'probs');
  const [n, v] = rowsCols(probs.shape);
  const dz = output(args.backend, probs.shape);
  addon.crossEntropyGrad(
    floatView(args.backend, probs),
    intView(args.backend, input(args, 'labels')),
    floatView(args.backend, f32(args, 'dy')),
    n,
    v,
    floatView(args.backend, dz),
  );
  return dz;
};

interface AdamAttrs {
  coef: number;
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  bc1: number;
  bc2: number;
  decay: number;
}

const adamw: NativeKernel = (args, addon) => {
  const { backend } = args;
  const p = f32(args, 'p');
  const outs = [output(backend, p.shape), output(backend, p.shape), output(backend, p.shape)] as const;
  const a = args.attrs as unknown as AdamAttrs;
  const v = (t: tf.TensorInfo): Float32Array => floatView(backend, t);
  addon.adamw(
    v(p),
    v(f32(args, 'g')),
    v(f32(args, 'm')),
    v(f32(args, 'v')),
    a.coef,
    a.lr,
    a.beta1,
    a.beta2,
    a.eps,
    a.bc1,
    a.bc2,
    a.decay,
    v(outs[0]),
    v(outs[1]),
    v(outs[2]),
  );
  return [...outs];
};

const globalNorm: NativeKernel = (args, addon) => {
  let sum = 0;
  // Inputs in name order g0, g1, …: a fixed summation order whatever the object's key order.
  const names = Object.keys(args.inputs).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  for (const name of names) sum += addon.sumSquares(floatView(args.backend, f32(args, name)));
  const out = output(args.backend, []);
  floatView(args.backend, out)[0] = Math.sqrt(sum);
  return out;
};

const dropoutMask: NativeKernel = (args, addon) => {
  const { shape, rate, seed } = args.attrs as { shape: number[]; rate: number; seed: number };
  const out = output(args.backend, shape);
  addon.dropoutMask(seed >>> 0, rate, floatView(args.backend, out));
  return out;
};

export const FUSED_KERNELS: Record<string, NativeKernel> = {
  [FUSED.layerNorm]: layerNorm,
  [FUSED.layerNormGrad]: layerNormGrad,
  [FUSED.gelu]: gelu,
  [FUSED.geluGrad]: geluGrad,
  [FUSED.maskedSoftmax]: maskedSoftmax,
  [FUSED.softmaxGrad]: softmaxGrad,
  [FUSED.crossEntropy]: crossEntropy,
  [FUSED.crossEntropyGrad]: crossEntropyGrad,
  [FUSED.adamw]: adamw,
  [FUSED.globalNorm]: globalNorm,
  [FUSED.dropoutMask]: dropoutMask,
  [tf.Softmax]: softmax,
};
