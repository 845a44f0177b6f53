/** What every native kernel receives, and the fallback to the wasm kernel it replaces for cases it does not cover. */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { NativeAddon } from './addon';

export interface NativeKernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: BackendWasm;
  attrs: tf.NamedAttrMap;
}

export type NativeKernel = (args: NativeKernelArgs, addon: NativeAddon, fallback: tf.KernelFunc) => tf.TensorInfo | tf.TensorInfo[];

export function input(args: NativeKernelArgs, name: string): tf.TensorInfo {
  const t = args.inputs[name];
  if (!t) throw new Error(`native kernel: input ${name} is required`);
  return t;
}

/** Hands the call to the wasm kernel this one replaced. */
export function delegate(args: NativeKernelArgs, fallback: tf.KernelFunc): tf.TensorInfo | tf.TensorInfo[] {
  return fallback(args as unknown as Parameters<tf.KernelFunc>[0]);
}
