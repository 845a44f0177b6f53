import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GenerationRow } from '../../../preload/api-generation';
import { familyReport, metricsOf } from '../../../main/evaluation/report';

const row = (over: Partial<GenerationRow>): GenerationRow => ({
  index: 0,
  template: '2-1',
  seen: true,
  userId: 1,
  userExt: '1',
  input: '',
  output: '',
  reference: '',
  score: 0,
  rank: null,
  target: null,
  sampledRank: null,
  valid: true,
  items: [],
  ...over,
});

test('item rows give HR and NDCG from their ranks, full and sampled, and count invalid outputs', () => {
  const rows = [row({ rank: 1, sampledRank: 1 }), row({ rank: 3, sampledRank: 2 }), row({ rank: null, sampledRank: 12, valid: false })];
  const m = metricsOf(rows, 'item', 'sequential');
  assert.equal(m['HR@1'], 1 / 3);
  assert.equal(m['HR@5'], 2 / 3);
  // NDCG@5 = (1 + 1/log2(4) + 0) / 3
  assert.ok(Math.abs(m['NDCG@5']! - (1 + 0.5) / 3) < 1e-12);
  assert.equal(m['HR@1 (100 sampled)'], 1 / 3);
  assert.equal(m.invalid, 1);
});

test('rating rows give RMSE/MAE over parsable outputs; text rows BLEU and ROUGE; yes/no rows accuracy', () => {
  const rating = metricsOf(
    [
      row({ output: '4', reference: '5', items: null }),
      row({ output: '2', reference: '1', items: null }),
      row({ output: 'great', reference: '3', items: null }),
    ],
    'free',
    'rating',
  );
  assert.equal(rating.RMSE, 1);
  assert.equal(rating.MAE, 1);
  assert.equal(rating.unparsable, 1);
  const text = metricsOf(
    [row({ output: 'the cat sat on the mat', reference: 'the cat sat on the mat', items: null })],
    'free',
    'explanation',
  );
  assert.ok(Math.abs(text['BLEU-4']! - 100) < 1e-9);
  assert.ok(Math.abs(text['ROUGE-L']! - 100) < 1e-9);
  const choice = metricsOf([row({ output: 'yes', reference: 'yes' }), row({ output: 'no', reference: 'yes' })], 'choice', 'direct');
  assert.equal(choice.accuracy, 0.5);
});

test('the family report splits seen from unseen and keeps every template apart', () => {
  const rows = [
    row({ template: '2-1', rank: 1 }),
    row({ template: '2-13', seen: false, rank: null }),
    row({ template: '2-11', output: 'yes', reference: 'no', items: null }),
  ];
  const r = familyReport('sequential', rows, (t) => (t === '2-11' ? 'choice' : 'item'));
  assert.equal(r.seen['HR@1'], 1);
  assert.equal(r.unseen['HR@1'], 0);
  assert.equal(r.byTemplate['2-11']!.accuracy, 0);
  assert.deepEqual(Object.keys(r.byTemplate).sort(), ['2-1', '2-11', '2-13']);
});
