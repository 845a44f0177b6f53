import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hitRate, ndcg, rankingSummary, rankOf } from '../../../main/evaluation/ranking';

const close = (actual: number | null | undefined, expected: number, what: string): void =>
  assert.ok(typeof actual === 'number' && Math.abs(actual - expected) < 1e-12, `${what}: ${actual} vs ${expected}`);

test('HR and NDCG of single ranks: 1/log2(rank + 1) inside the cut-off, 0 outside or when not found', () => {
  assert.equal(hitRate(1, 1), 1);
  assert.equal(hitRate(2, 1), 0);
  assert.equal(hitRate(10, 10), 1);
  assert.equal(hitRate(11, 10), 0);
  assert.equal(hitRate(null, 10), 0);
  assert.equal(ndcg(1, 5), 1);
  close(ndcg(3, 5), 0.5, 'rank 3: 1/log2 4');
  close(ndcg(7, 10), 1 / 3, 'rank 7: 1/log2 8');
  assert.equal(ndcg(6, 5), 0);
  assert.equal(ndcg(null, 5), 0);
});

test('rankingSummary averages over hand-computed ranks and keys the figures as P5 does', () => {
  // Ranks 1, 3, not found, 11, 7:
  //   HR@1 = 1/5; HR@5 = {1, 3} → 2/5; HR@10 = {1, 3, 7} → 3/5;
  //   NDCG@5 = (1 + 1/log2 4) / 5 = 1.5/5 = 0.3; NDCG@10 = (1 + 1/2 + 1/log2 8) / 5 = (11/6)/5 = 11/30.
  const s = rankingSummary([1, 3, null, 11, 7]);
  assert.deepEqual(Object.keys(s).sort(), ['HR@1', 'HR@10', 'HR@5', 'NDCG@10', 'NDCG@5', 'count']);
  assert.equal(s.count, 5);
  close(s['HR@1'], 0.2, 'HR@1');
  close(s['HR@5'], 0.4, 'HR@5');
  close(s['HR@10'], 0.6, 'HR@10');
  close(s['NDCG@5'], 0.3, 'NDCG@5');
  close(s['NDCG@10'], 11 / 30, 'NDCG@10');
  const custom = rankingSummary([2, 4], [3, 20]);
  close(custom['HR@3'], 0.5, 'HR@3');
  close(custom['NDCG@20'], (1 / Math.log2(3) + 1 / Math.log2(5)) / 2, 'NDCG@20');
});

test('an empty set of cases has no figures (null), not zeros', () => {
  const s = rankingSummary([]);
  assert.equal(s.count, 0);
  assert.equal(s['HR@10'], null);
  assert.equal(s['NDCG@10'], null);
});

test('ranks and cut-offs must be positive integers', () => {
  assert.throws(() => hitRate(0, 10), RangeError);
  assert.throws(() => ndcg(1.5, 10), RangeError);
  assert.throws(() => ndcg(1, 0), RangeError);
  assert.throws(() => rankingSummary([1, -2]), RangeError);
});

test('rankOf: descending scores, ties count against the target, NaN ranks last', () => {
  const scores = [0.1, 0.5, 0.5, 0.9];
  assert.equal(rankOf(scores, 3), 1);
  assert.equal(rankOf(scores, 1), 3, 'one higher score and one tie');
  assert.equal(rankOf(scores, 2), 3, 'the tie cuts both ways');
  assert.equal(rankOf(scores, 0), 4);
  assert.equal(rankOf([0, 0, 0, 0], 0), 4, 'a constant scorer earns the worst rank, not the best');
  assert.equal(rankOf([Number.NaN, 0.2], 1), 1);
  assert.equal(rankOf([Number.NaN, 0.2], 0), 2);
  assert.throws(() => rankOf(scores, 4), RangeError);
});
