import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCorpus, validationBatches, type BatchPlan, type Corpus } from '../../../main/training/corpus';
import { StepEta } from '../../../main/training/eta';
import { validationEvery, validationLoss } from '../../../main/training/validation';
import { initBackend } from '../../../main/model/backend';
import { createGlm, type Glm } from '../../../main/model/glm';
import { tinyData } from '../templates/fixture';
import { specs } from './corpus-fixture';

const plan = (batchSize: number): BatchPlan => ({
  phase: 'finetune',
  maxLength: 48,
  batchSize,
  mode: 'recsysllm',
  objectives: { mask: 1, sMask: 0, gMask: 1 },
  familyWeights: { sequential: 1, rating: 1 },
});

let corpus: Corpus;
let model: Glm;
before(async () => {
  await initBackend({ prefer: 'cpu' });
  corpus = buildCorpus(tinyData(), specs, ['sequential', 'rating'], 5, 300);
  model = createGlm({ vocabSize: corpus.tokenizer.vocabSize, layers: 1, width: 16, heads: 2, ffn: 32, maxLength: 48, dropout: 0.3 }, 4);
});

/** The model's own loss (token-weighted mean cross-entropy, no dropout) on one batch holding every row given. */
function modelLoss(c: Corpus): number {
  const [only, ...rest] = validationBatches(c, plan(10_000));
  assert.equal(rest.length, 0);
  const out = model.loss(only!.batch, { training: false });
  const v = out.loss.dataSync()[0]!;
  out.loss.dispose();
  out.perRow.dispose();
  return v;
}

test('validation examples come from the valid split through seen templates, never from training', () => {
  for (const [family, refs] of corpus.valid) {
    assert.ok(refs.length > 0, family);
    assert.ok(refs.every((r) => r.split === 'valid' && r.template.seen && r.family === family));
    const train = new Set(corpus.refs.get(family)!.map((r) => JSON.stringify(r.datum)));
    assert.ok(
      refs.every((r) => !train.has(JSON.stringify(r.datum))),
      `${family}: a validation datum is also trained on`,
    );
  }
});

test('the validation loss equals the model loss on those examples, overall and per family, however they are batched', () => {
  const batches = validationBatches(corpus, plan(3));
  assert.ok(batches.length > 2, 'several batches of 3');
  const v = validationLoss(model, batches);
  assert.equal(
    v.examples,
    [...corpus.valid.values()].reduce((n, r) => n + r.length, 0),
  );
  const close = (a: number, b: number, what: string): void => assert.ok(Math.abs(a - b) <= 1e-4 * Math.max(1, b), `${what}: ${a} vs ${b}`);
  close(v.loss, modelLoss(corpus), 'overall');
  for (const family of corpus.valid.keys()) {
    const alone: Corpus = { ...corpus, valid: new Map([[family, corpus.valid.get(family)!]]) };
    close(v.byFamily[family]!, modelLoss(alone), family);
  }
  // No dropout: the same weights give the same figure twice.
  assert.deepEqual(validationLoss(model, batches), v);
  assert.ok(v.loss > 0 && Number.isFinite(v.loss));
});

test('validation runs about 20 times a run, and never more often than 5 steps per validation batch', () => {
  assert.equal(validationEvery(1000, 4), 50);
  assert.equal(validationEvery(40, 4), 20);
  assert.equal(validationEvery(10, 0), 1);
});

test('the ETA waits out the warm-up, then extrapolates the measured step time', () => {
  const eta = new StepEta(3, 3);
  // Steps 1-3 are slow (kernel compilation): 5 s, then 2 s, 2 s; later steps take 0.5 s each.
  const elapsed = [5, 7, 9, 9.5, 10, 10.5, 11, 11.5];
  const got = elapsed.map((t, i) => eta.update(i + 1, 100, t));
  assert.deepEqual(got.slice(0, 5), [null, null, null, null, null], 'estimating until 3 steps after the warm-up are timed');
  assert.equal(got[5], (100 - 6) * 0.5);
  assert.equal(got[7], (100 - 8) * 0.5);
  // A rate over wall time from the first step would have said (100 - 6) * 10.5 / 6 ≈ 164 s, 3.5× the truth.
  assert.ok(got[5]! < 50);
  // A run resumed at step 40 counts its warm-up from there.
  const resumed = new StepEta(3, 3);
  const after = [41, 42, 43, 44, 45, 46].map((done, i) => resumed.update(done, 100, 100 + i * 2));
  assert.deepEqual(after.slice(0, 5), [null, null, null, null, null]);
  assert.equal(after[5], (100 - 46) * 2);
});
