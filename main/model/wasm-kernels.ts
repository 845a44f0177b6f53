/**
 * Kernels the wasm back end lacks and training needs, registered by the project (DESIGN.md §Compute).
 *
 * `UnsortedSegmentSum` is the gradient of `gather`, i.e. of every embedding lookup. Without it the wasm
 * back end cannot train at all; the cpu back end's version loops once per segment over the whole input
 * (vocabulary × tokens × width), so this one is a true scatter-add: one pass over the rows, written straight
 * into the output's memory on the wasm heap.
 *
 * `OneHot` is present but wrong for float32: its C++ kernel writes int32 bit patterns whatever the dtype, so
 * `oneHot(…, 'float32')` comes back as denormal zeros (tfjs-backend-wasm 4.22). The cross-entropy backward
 * needs a float one-hot, so the kernel is replaced by one that honours the dtype.
 *
 * `GatherV2` along axis 0 (every embedding lookup) copies whole rows here; the back end's own kernel walks
 * element by element and is 10–15× slower on embedding shapes. Other gathers go to the original kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

type HeapArray = Float32Array | Int32Array;

function heapOf(backend: BackendWasm, info: tf.TensorInfo): HeapArray {
  const values = backend.typedArrayFromHeap(info);
  if (!(values instanceof Float32Array || values instanceof Int32Array))
    throw new Error(`wasm kernels: dtype ${info.dtype} is not supported`);
  return values;
}

/**
 * out[s, …] = Σ x[i, …] over i with segmentIds[i] = s, for 1-D segmentIds as tf.unsortedSegmentSum takes.
 * Negative ids are dropped and ids ≥ numSegments are an error, as in TensorFlow.
 */
export function unsortedSegmentSumWasm(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const x = args.inputs.x;
  const ids = args.inputs.segmentIds;
  const numSegments = args.attrs?.numSegments as number;
  if (!x || !ids) throw new Error('UnsortedSegmentSum: inputs x and segmentIds are required');
  if (ids.shape.length !== 1 || ids.shape[0] !== x.shape[0]) {
    throw new Error(`UnsortedSegmentSum: segmentIds of shape [${ids.shape}] must be 1-D with x's first dimension [${x.shape}]`);
  }
  const innerShape = x.shape.slice(1);
  const inner = tf.util.sizeFromShape(innerShape);
  const rows = ids.shape[0]!;
  // Allocate first: allocation may grow the heap, which detaches views taken before it.
  const out = backend.makeOutput([numSegments, ...innerShape], x.dtype);
  const o = heapOf(backend, out);
  const xs = heapOf(backend, x);
  const s = heapOf(backend, ids);
  o.fill(0);
  for (let i = 0; i < rows; i++) {
    const seg = s[i]!;
    if (seg < 0) continue;
    if (seg >= numSegments) throw new Error(`UnsortedSegmentSum: segment id ${seg} is not below numSegments ${numSegments}`);
    const dst = seg * inner;
    const src = i * inner;
    for (let j = 0; j < inner; j++) o[dst + j]! += xs[src + j]!;
  }
  return out;
}

/** out[…, k] = onValue where indices[…] = k, offValue elsewhere (indices outside [0, depth) give a row of offValue). */
export function oneHotWasm(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const indices = args.inputs.indices;
  if (!indices) throw new Error('OneHot: input indices is required');
  const { depth, onValue, offValue, dtype } = args.attrs as { depth: number; onValue: number; offValue: number; dtype: tf.DataType };
  const out = backend.makeOutput([...indices.shape, depth], dtype);
  const o = heapOf(backend, out);
  const ids = heapOf(backend, indices);
  o.fill(offValue);
  for (let i = 0; i < ids.length; i++) {
    const k = ids[i]!;
    if (k >= 0 && k < depth) o[i * depth + k] = onValue;
  }
  return out;
}

/** The back end's own kernels that ours replaced, for the cases ours hands back to them. */
const replaced = new Map<string, tf.KernelFunc>();

/** Row gather: out[i, …] = x[indices[i], …] for axis 0 and no batch dims; anything else goes to the original. */
export function gatherWasm(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const { x, indices } = args.inputs;
  if (!x || !indices) throw new Error('GatherV2: inputs x and indices are required');
  const axis = tf.util.parseAxisParam(args.attrs?.axis as number, x.shape)[0];
  const batchDims = (args.attrs?.batchDims as number | undefined) ?? 0;
  if (axis !== 0 || batchDims !== 0 || x.dtype === 'bool' || x.dtype === 'string') {
    const original = replaced.get(tf.GatherV2);
    if (!original) throw new Error('GatherV2: the back end has no kernel for this case');
    return original(args as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
  }
  const rows = x.shape[0]!;
  const innerShape = x.shape.slice(1);
  const inner = tf.util.sizeFromShape(innerShape);
  const out = backend.makeOutput([...indices.shape, ...innerShape], x.dtype);
  const o = heapOf(backend, out);
  const xs = heapOf(backend, x);
  const ids = heapOf(backend, indices);
  for (let i = 0; i < ids.length; i++) {
    const k = ids[i]!;
    if (!(k >= 0 && k < rows)) {
      backend.disposeData(out.dataId);
      throw new Error(`GatherV2: the index value ${k} is not in [0, ${rows - 1}]`);
    }
    o.set(xs.subarray(k * inner, (k + 1) * inner), i * inner);
  }
  return out;
}

/** Ours: the kernels to register; a kernel here replaces a broken one of the same name. */
const kernels: tf.KernelConfig[] = [
  { kernelName: tf.UnsortedSegmentSum, backendName: 'wasm', kernelFunc: unsortedSegmentSumWasm as tf.KernelFunc },
  { kernelName: tf.OneHot, backendName: 'wasm', kernelFunc: oneHotWasm as tf.KernelFunc },
  { kernelName: tf.GatherV2, backendName: 'wasm', kernelFunc: gatherWasm as tf.KernelFunc },
];

/**
 * Registers the kernels above for 'wasm', replacing the back end's own where it has one. A replaced kernel's
 * setup (run when the back end initialises) is kept, since ours may hand cases back to it. Idempotent.
 */
export function registerWasmKernels(): void {
  for (const k of kernels) {
    const present = tf.getKernel(k.kernelName, k.backendName);
    if (present?.kernelFunc === k.kernelFunc) continue;
    if (present) {
      replaced.set(k.kernelName, present.kernelFunc);
      tf.unregisterKernel(k.kernelName, k.backendName);
    }
    tf.registerKernel({ ...k, setupFunc: present?.setupFunc, disposeFunc: present?.disposeFunc });
  }
}
