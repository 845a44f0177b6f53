/** Views of tensors on the wasm heap, which the 'native' back end shares with the wasm one. */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** The tensor's elements as float32 (int32 data is reinterpreted, byte for byte, for kernels that only move data). */
export function floatView(backend: BackendWasm, info: tf.TensorInfo): Float32Array {
  const t = backend.typedArrayFromHeap(info);
  if (t instanceof Float32Array) return t;
  if (!(t instanceof Int32Array)) throw new Error(`native kernel: dtype ${info.dtype} is not supported`);
  return new Float32Array(t.buffer, t.byteOffset, t.length);
}

export function intView(backend: BackendWasm, info: tf.TensorInfo): Int32Array {
  const t = backend.typedArrayFromHeap(info);
  if (!(t instanceof Int32Array)) throw new Error(`native kernel: expected int32 data, got ${info.dtype}`);
  return t;
}

/** A fresh output tensor. Allocate every output before taking views: allocation may grow the heap and detach them. */
export function output(backend: BackendWasm, shape: number[], dtype: tf.DataType = 'float32'): tf.TensorInfo {
  return backend.makeOutput(shape, dtype);
}

/** Shares x's memory (refcounted), as the cpu back end's Identity does; the wasm back end copies. */
export function alias(backend: BackendWasm, x: tf.TensorInfo): tf.TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}
