/**
 * BatchMatMul and _FusedMatMul (bias, no activation) on the native GEMM. Transposed operands cost nothing
 * extra here: the GEMM packs them while it copies panels into cache-sized blocks.
 */
import * as tf from '@tensorflow/tfjs-core';
import { floatView, output } from './heap';
import { delegate, input, type NativeKernel, type NativeKernelArgs } from './kernel-args';
import type { NativeAddon } from './addon';

interface Plan {
  outShape: number[];
  batch: number;
  m: number;
  n: number;
  k: number;
  strideA: number;
  strideB: number;
}

/** The GEMM problem of a (broadcast) batched product, or null where one batch of a and one of b do not line up. */
function plan(a: tf.TensorInfo, b: tf.TensorInfo, transposeA: boolean, transposeB: boolean): Plan | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return null;
  const ra = a.shape.length;
  const rb = b.shape.length;
  const m = transposeA ? a.shape[ra - 1]! : a.shape[ra - 2]!;
  const ka = transposeA ? a.shape[ra - 2]! : a.shape[ra - 1]!;
  const kb = transposeB ? b.shape[rb - 1]! : b.shape[rb - 2]!;
  const n = transposeB ? b.shape[rb - 2]! : b.shape[rb - 1]!;
  if (ka !== kb) {
    throw new Error(
      `Error in matMul: inner shapes (${ka}) and (${kb}) of Tensors with shapes ${a.shape} and ${b.shape} and transposeA=${transposeA} and transposeB=${transposeB} must match.`,
    );
  }
  const outer = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const batch = tf.util.sizeFromShape(outer);
  const batchA = tf.util.sizeFromShape(a.shape.slice(0, -2));
  const batchB = tf.util.sizeFromShape(b.shape.slice(0, -2));
  // One flat batch index must address both operands: equal batches, or one side shared by all.
  if ((batchA !== batch && batchA !== 1) || (batchB !== batch && batchB !== 1)) return null;
  return {
    outShape: [...outer, m, n],
    batch,
    m,
    n,
    k: ka,
    strideA: batchA === 1 ? 0 : m * ka,
    strideB: batchB === 1 ? 0 : ka * n,
  };
}

function run(args: NativeKernelArgs, addon: NativeAddon, p: Plan, bias: tf.TensorInfo | null): tf.TensorInfo {
  const { backend } = args;
  const a = input(args, 'a');
  const b = input(args, 'b');
  const out = output(backend, p.outShape);
  const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
  addon.gemm(
    p.batch,
    p.m,
    p.n,
    p.k,
    transposeA,
    transposeB,
    floatView(backend, a),
    p.strideA,
    floatView(backend, b),
    p.strideB,
    floatView(backend, out),
    bias ? floatView(backend, bias) : null,
  );
  return out;
}

export const batchMatMul: NativeKernel = (args, addon, fallback) => {
  const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
  const p = plan(input(args, 'a'), input(args, 'b'), transposeA, transposeB);
  return p ? run(args, addon, p, null) : delegate(args, fallback);
};

export const fusedMatMul: NativeKernel = (args, addon, fallback) => {
  const { transposeA, transposeB, activation } = args.attrs as { transposeA: boolean; transposeB: boolean; activation?: string };
  const bias = args.inputs.bias ?? null;
  const p = plan(input(args, 'a'), input(args, 'b'), transposeA, transposeB);
  // Bias along the output's last axis only; activations stay with the wasm kernel (the GLM uses none here).
  const plainBias = bias === null || (bias.dtype === 'float32' && tf.util.sizeFromShape(bias.shape) === p?.n && bias.shape.length === 1);
  if (!p || !plainBias || (activation !== undefined && activation !== 'linear') || args.inputs.preluActivationWeights) {
    return delegate(args, fallback);
  }
  return run(args, addon, p, bias);
};
