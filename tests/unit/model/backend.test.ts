import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, RUNGS } from '../../../main/model/backend';

const installed = (name: string): boolean => {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
};

test('the ladder skips what cannot load, with reasons, and lands on the first rung that runs', async (t) => {
  if (installed('@tensorflow/tfjs-node') || installed('@tensorflow/tfjs-node-gpu')) {
    t.skip('tfjs-node is installed here; this test describes a machine without it');
    return;
  }
  const choice = await initBackend({ env: {} });
  assert.equal(choice.rung, 'wasm');
  assert.equal(choice.backend, 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
  assert.deepEqual(
    choice.skipped.map((s) => s.rung),
    ['tfjs-node-gpu', 'tfjs-node', 'native'],
  );
  assert.match(choice.skipped[0]!.reason, /tfjs-node-gpu/);
  assert.equal(choice.skipped[2]!.reason, 'native kernels not built (issue #9)');
  assert.equal(tf.env().getBool('WASM_HAS_SIMD_SUPPORT'), true);
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
    initBackend({ prefer: 'native' }),
    /back end "native" was asked for but cannot run here: native kernels not built \(issue #9\)/,
  );
  await assert.rejects(
    initBackend({ env: { STUDIO_BACKEND: 'webgl' } }),
    new RegExp(`unknown back end "webgl"; choose one of ${RUNGS.join(', ')}`),
  );
});
