/** Shared by the native-kernel tests: whether the addon is here, and running one function on two back ends. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../../main/model/backend';

const buildError = join(import.meta.dirname, '../../../../native/build-error.txt');
const built = existsSync(join(import.meta.dirname, '../../../../native/build/Release/studio_kernels.node'));

/**
 * Skip only where the install step recorded why it could not build the addon (no compiler, another platform);
 * a build that simply went missing fails the tests instead of hiding behind a skip, and so does any failed build
 * where STUDIO_REQUIRE_NATIVE=1 (CI sets it: there a compile error must turn the suite red).
 */
export const SKIP: string | false =
  !built && existsSync(buildError) && process.env.STUDIO_REQUIRE_NATIVE !== '1'
    ? `native kernels not built here: ${readFileSync(buildError, 'utf8').trim()}`
    : false;

export interface HostTensor {
  values: number[];
  shape: number[];
  dtype: string;
}

/** Runs `f` on a back end from host inputs; returns each output on the host. */
export async function on(backend: 'cpu' | 'native' | 'wasm', f: () => tf.Tensor | tf.Tensor[]): Promise<HostTensor[]> {
  await initBackend({ prefer: backend });
  assert.equal(tf.getBackend(), backend);
  const before = tf.memory().numTensors;
  const out = tf.tidy(f);
  const list = Array.isArray(out) ? out : [out];
  const host = list.map((t) => ({ values: Array.from(t.dataSync()), shape: t.shape, dtype: t.dtype }));
  tf.dispose(list);
  assert.equal(tf.memory().numTensors, before, `${backend}: tensors leaked`);
  return host;
}

/** |a − b| ≤ tol · scale[i] for every element, with a message naming the first offender. */
export function assertClose(actual: HostTensor, expected: HostTensor, scale: (i: number) => number, tol: number, what: string): void {
  assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  assert.equal(actual.dtype, expected.dtype, `${what}: dtype`);
  for (let i = 0; i < expected.values.length; i++) {
    const a = actual.values[i]!;
    const e = expected.values[i]!;
    const bound = tol * scale(i);
    if (!(Math.abs(a - e) <= bound)) assert.fail(`${what} [${i}]: ${a} vs ${e} (|Δ| ${Math.abs(a - e)} > ${bound})`);
  }
}

/** Relative error against max(|expected|, floor): the float32 rule of issue #9 (≤ 1e-5). */
export const relative =
  (expected: HostTensor, floor = 1e-6) =>
  (i: number) =>
    Math.max(Math.abs(expected.values[i]!), floor);
