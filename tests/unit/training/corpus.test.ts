import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCorpus, drawBatch, type BatchPlan } from '../../../main/training/corpus';
import { SPECIAL } from '../../../main/model/types';
import { tinyData } from '../templates/fixture';
import { specs } from './corpus-fixture';

const plan = (phase: 'pretrain' | 'finetune'): BatchPlan => ({
  phase,
  maxLength: 48,
  batchSize: 6,
  mode: 'recsysllm',
  objectives: { mask: 1, sMask: 0, gMask: 1 },
  familyWeights: { sequential: 1, rating: 1 },
});

test('batches are a function of (seed, step): the same step gives the same batch, another step another', () => {
  const corpus = buildCorpus(tinyData(), specs, ['sequential', 'rating'], 5, 300);
  for (const phase of ['pretrain', 'finetune'] as const) {
    const a = drawBatch(corpus, plan(phase), 3);
    assert.deepEqual(drawBatch(corpus, plan(phase), 3), a);
    assert.notDeepEqual(drawBatch(corpus, plan(phase), 4).batch.tokens, a.batch.tokens);
    assert.ok(a.batch.length <= 48 && a.batch.length % 8 === 0);
  }
});

test('fine-tuning rows are input [gMASK] | [sop] target, never from unseen templates', () => {
  const corpus = buildCorpus(tinyData(), specs, ['sequential', 'rating'], 5, 300);
  assert.ok(corpus.refs.get('rating')!.every((r) => r.template.seen));
  for (let step = 0; step < 20; step++) {
    const { batch, labels } = drawBatch(corpus, plan('finetune'), step);
    for (let r = 0; r < batch.size; r++) {
      const row = Array.from(batch.tokens.slice(r * batch.length, (r + 1) * batch.length));
      const sep = batch.sep[r]!;
      assert.equal(row[sep - 1], SPECIAL.gMask);
      assert.equal(row[sep], SPECIAL.sop);
      const text = corpus.tokenizer.decode(row.slice(0, sep - 1));
      assert.ok(labels[r] === 'rating' ? text.startsWith('Rate ') : text.startsWith('User '), text);
    }
  }
});

test('the entity trie holds every item title as it reads after a space', () => {
  const d = tinyData();
  const corpus = buildCorpus(d, specs, ['sequential'], 5, 300);
  for (const item of d.items.values()) {
    const e = corpus.tokenizer.encodeWithSpans(` ${item.title}`, [{ start: 1, end: 1 + item.title!.length }]);
    assert.ok(corpus.trie.has(e.ids.filter((_, k) => e.entity[k] === 1)), item.title!);
  }
});
