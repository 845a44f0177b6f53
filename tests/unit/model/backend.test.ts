import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, RUNGS, type BackendChoice } from '../../../main/model/backend';
import { SKIP as NATIVE_SKIP } from './native/support';

const installed = (name: string): boolean => {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
};

/** The ladder's choice in a fresh process with extra environment (the addon is loaded once per process). */
function choiceIn(env: Record<string, string>): BackendChoice {
  const script = "import('./main/model/backend.ts').then(async (m) => console.log(JSON.stringify(await m.initBackend())))";
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, ...env, STUDIO_BACKEND: '' },
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as BackendChoice;
}

test('the ladder skips what cannot load, with reasons, and lands on the native rung', { skip: NATIVE_SKIP }, async (t) => {
  if (installed('@tensorflow/tfjs-node') || installed('@tensorflow/tfjs-node-gpu')) {
    t.skip('tfjs-node is installed here; this test describes a machine without it');
    return;
  }
  const choice = await initBackend({ env: {} });
  assert.equal(choice.rung, 'native');
  assert.equal(choice.backend, 'native');
  assert.equal(tf.getBackend(), 'native');
  assert.deepEqual(
    choice.skipped.map((s) => s.rung),
    ['tfjs-node-gpu', 'tfjs-node'],
  );
  assert.match(choice.skipped[0]!.reason, /tfjs-node-gpu/);
  // The record says which GEMM and how many threads: a system BLAS or the project's own SGEMM.
  assert.match(choice.detail ?? '', /^(openblas|accelerate|mkl|blas|own sgemm) .*, \d+ threads?$/);
  assert.equal(tf.env().getBool('WASM_HAS_SIMD_SUPPORT'), true);
});

test('without the native kernels the ladder falls to wasm and says why', () => {
  const choice = choiceIn({ STUDIO_NATIVE: 'off' });
  assert.equal(choice.rung, 'wasm');
  assert.equal(choice.backend, 'wasm');
  const native = choice.skipped.find((s) => s.rung === 'native');
  assert.equal(native?.reason, 'native kernels turned off (STUDIO_NATIVE=off)');
});

test('the own SGEMM stands in where the system has no BLAS, and the record says so', { skip: NATIVE_SKIP }, () => {
  const choice = choiceIn({ STUDIO_BLAS: 'own', STUDIO_THREADS: '1' });
  assert.equal(choice.rung, 'native');
  assert.match(choice.detail ?? '', /^own sgemm \((avx2-fma|scalar|neon)\), 1 thread$/);
});

test('an explicit back end is honoured, from the argument or STUDIO_BACKEND, or fails clearly', async () => {
  assert.deepEqual(await initBackend({ prefer: 'cpu' }), { backend: 'cpu', rung: 'cpu', skipped: [] });
  assert.equal(tf.getBackend(), 'cpu');
  assert.equal((await initBackend({ env: { STUDIO_BACKEND: 'wasm' } })).backend, 'wasm');
  assert.equal(
    (await initBackend({ prefer: 'cpu', env: { STUDIO_BACKEND: 'wasm' } })).backend,
    'cpu',
    'the argument wins over the environment',
  );
  await assert.rejects(
    initBackend({ prefer: 'tfjs-node' }),
    /back end "tfjs-node" was asked for but cannot run here: Cannot find package '@tensorflow\/tfjs-node'/,
  );
  await assert.rejects(
    initBackend({ env: { STUDIO_BACKEND: 'webgl' } }),
    new RegExp(`unknown back end "webgl"; choose one of ${RUNGS.join(', ')}`),
  );
});
