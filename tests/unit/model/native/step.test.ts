/**
 * A whole training step on the native back end against the reference cpu back end, determinism for a given
 * thread count, and the kernel tests again on the project's own SGEMM with an odd thread count.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../../main/model/backend';
import { createGlm } from '../../../../main/model/glm';
import { AdamW } from '../../../../main/model/optimizer';
import { trainStep } from '../../../../main/model/train-step';
import { randomBatch, TINY } from '../helpers';
import { SKIP } from './support';

const CONFIG = { ...TINY, dropout: 0.1 };

/** Loss and every gradient of one training-mode forward (dropout on), from the same initial weights. */
async function lossAndGrads(backend: 'cpu' | 'native'): Promise<{ loss: number; grads: Map<string, Float32Array> }> {
  await initBackend({ prefer: backend });
  const model = createGlm(CONFIG, 7);
  const batch = randomBatch(8, 4, CONFIG);
  const trainable = model.trainable();
  const { value, grads } = tf.variableGrads(() => model.loss(batch, { training: true, seed: 99 }).loss, [...trainable.values()]);
  const out = new Map([...trainable].map(([name, v]) => [name, (grads[v.name]!.dataSync() as Float32Array).slice()] as const));
  const loss = value.dataSync()[0]!;
  tf.dispose([value, ...Object.values(grads)]);
  model.dispose();
  return { loss, grads: out };
}

test('one training step: the loss and every gradient match the cpu back end', { skip: SKIP }, async () => {
  const ref = await lossAndGrads('cpu');
  const got = await lossAndGrads('native');
  assert.ok(Math.abs(got.loss - ref.loss) <= 1e-5 * Math.abs(ref.loss), `loss ${got.loss} vs ${ref.loss}`);
  assert.deepEqual([...got.grads.keys()], [...ref.grads.keys()]);
  for (const [name, r] of ref.grads) {
    const g = got.grads.get(name)!;
    // Per tensor: |Δ| ≤ 1e-4 · max|g| (a step's gradient sums many float32 products in two different orders).
    const scale = r.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    r.forEach((v, i) => assert.ok(Math.abs(g[i]! - v) <= 1e-4 * scale + 1e-9, `${name}[${i}]: ${g[i]} vs ${v} (max |g| ${scale})`));
  }
});

test('training on the native back end is deterministic for a given thread count', { skip: SKIP }, async () => {
  await initBackend({ prefer: 'native' });
  const run = (): number[] => {
    const model = createGlm(CONFIG, 3);
    const optimizer = new AdamW(model.trainable(), { lr: 3e-3, warmupSteps: 2, totalSteps: 10 });
    const losses = Array.from({ length: 6 }, (_, s) => trainStep(model, randomBatch(40 + s, 4, CONFIG), optimizer, s, 3).loss);
    model.dispose();
    optimizer.dispose();
    return losses;
  };
  const first = run();
  assert.deepEqual(run(), first);
  assert.ok(first[5]! < first[0]!, `the loss should fall: ${first.join(', ')}`);
});

test('the kernel tests pass again on the own SGEMM (no system BLAS) with three threads', { skip: SKIP, timeout: 120_000 }, () => {
  const file = join(import.meta.dirname, 'kernels.test.ts');
  // Without NODE_TEST_CONTEXT: node:test run from inside a test file otherwise skips its files silently.
  const env: NodeJS.ProcessEnv = { ...process.env, STUDIO_BLAS: 'own', STUDIO_THREADS: '3' };
  delete env.NODE_TEST_CONTEXT;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', file], { encoding: 'utf8', env });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /^# fail 0$/m);
  assert.ok(Number(r.stdout.match(/^# pass (\d+)$/m)?.[1]) >= 7, r.stdout);
});
