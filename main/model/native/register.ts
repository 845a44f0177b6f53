/**
 * The 'native' back end: the wasm back end's memory and kernels, with the kernels a training step spends its
 * time in replaced by the native addon's (threaded over every core, BLAS-backed). Tensors live on the wasm
 * heap and the native kernels read and write it in place, so no data is copied between the two.
 */
import * as tf from '@tensorflow/tfjs-core';
import { loadNativeAddon, type NativeAddon, type NativeInfo } from './addon';
import type { NativeKernel, NativeKernelArgs } from './kernel-args';
import { ELEMENTWISE_KERNELS } from './elementwise';
import { gather, unsortedSegmentSum } from './embedding';
import { FUSED_KERNELS } from './fused-kernels';
import { batchMatMul, fusedMatMul } from './matmul';
import { concat, identity, slice, splitV } from './movers';
import { transpose } from './transpose';

export const NATIVE_BACKEND = 'native';

const KERNELS: Record<string, NativeKernel> = {
  [tf.BatchMatMul]: batchMatMul,
  [tf._FusedMatMul]: fusedMatMul,
  [tf.Transpose]: transpose,
  [tf.Identity]: identity,
  [tf.Slice]: slice,
  [tf.SplitV]: splitV,
  [tf.Concat]: concat,
  [tf.GatherV2]: gather,
  [tf.UnsortedSegmentSum]: unsortedSegmentSum,
  ...ELEMENTWISE_KERNELS,
  ...FUSED_KERNELS,
};

function unsupported(name: string): tf.KernelFunc {
  return () => {
    throw new Error(`native back end: no fallback kernel for ${name}`);
  };
}

/**
 * Registers the 'native' back end over the already-registered 'wasm' one (its factory and kernels; the wasm
 * paths and the project's wasm kernels must be set up first). Idempotent. Throws if the addon cannot load.
 */
export function registerNativeBackend(): NativeInfo {
  const addon: NativeAddon = loadNativeAddon();
  if (tf.findBackendFactory(NATIVE_BACKEND) == null) {
    const wasmFactory = tf.findBackendFactory('wasm');
    if (!wasmFactory) throw new Error('the wasm back end is not registered');
    tf.registerBackend(NATIVE_BACKEND, wasmFactory, 0);
    for (const k of tf.getKernelsForBackend('wasm')) {
      const ours = KERNELS[k.kernelName];
      const fallback = k.kernelFunc;
      tf.registerKernel({
        ...k,
        backendName: NATIVE_BACKEND,
        kernelFunc: ours ? (args) => ours(args as unknown as NativeKernelArgs, addon, fallback) : fallback,
      });
    }
    for (const [name, ours] of Object.entries(KERNELS)) {
      if (tf.getKernel(name, NATIVE_BACKEND)) continue;
      tf.registerKernel({
        kernelName: name,
        backendName: NATIVE_BACKEND,
        kernelFunc: (args) => ours(args as unknown as NativeKernelArgs, addon, unsupported(name)),
      });
    }
  }
  return addon.info();
}
