/** Memory stays flat over 10,000 native training steps: tensors, bytes, the wasm heap and the process. */
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { initBackend } from '../../../../main/model/backend';
import { createGlm } from '../../../../main/model/glm';
import { AdamW } from '../../../../main/model/optimizer';
import { trainStep } from '../../../../main/model/train-step';
import { randomBatch } from '../helpers';
import { SKIP } from './support';

const CONFIG = { vocabSize: 23, layers: 1, width: 8, heads: 2, ffn: 16, maxLength: 14, dropout: 0.1 };
const STEPS = 10_000;

// A full collection before each sample, so the process size says what is still held, not what V8 has yet to free.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

test(`memory stays flat over ${STEPS} training steps on the native back end`, { skip: SKIP, timeout: 600_000 }, async () => {
  await initBackend({ prefer: 'native' });
  // The heap's size: a view of any live tensor spans the whole wasm memory buffer.
  const probe = tf.scalar(0);
  const heap = (): number => ((tf.backend() as BackendWasm).typedArrayFromHeap(probe) as Float32Array).buffer.byteLength;
  const model = createGlm(CONFIG, 1);
  const optimizer = new AdamW(model.trainable(), { lr: 1e-3, warmupSteps: 10, totalSteps: STEPS });
  const batches = Array.from({ length: 16 }, (_, i) => randomBatch(i, 3, CONFIG));
  const samples: { step: number; tensors: number; bytes: number; heap: number; rss: number }[] = [];
  for (let s = 0; s < STEPS; s++) {
    trainStep(model, batches[s % batches.length]!, optimizer, s, 1);
    if (s % 1000 === 999) {
      gc();
      const m = tf.memory();
      samples.push({ step: s + 1, tensors: m.numTensors, bytes: m.numBytes, heap: heap(), rss: process.memoryUsage().rss });
    }
  }
  model.dispose();
  optimizer.dispose();
  probe.dispose();
  const [first, ...rest] = samples;
  const report = samples
    .map((x) => `${x.step}: ${x.tensors} tensors ${x.bytes} B heap ${x.heap} rss ${(x.rss / 2 ** 20).toFixed(0)} MiB`)
    .join('\n');
  for (const x of rest) {
    assert.equal(x.tensors, first!.tensors, report);
    assert.equal(x.bytes, first!.bytes, report);
    assert.equal(x.heap, first!.heap, `the wasm heap grew:\n${report}`);
  }
  // Native memory (the addon's buffers) and the JS heap after a collection: no growth with the step count
  // (a leak of 1 KiB a step would add 9 MiB between the first sample and the last).
  assert.ok(samples.at(-1)!.rss - first!.rss < 8 * 2 ** 20, `the process grew:\n${report}`);
});
