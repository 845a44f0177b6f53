import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildRankingCases,
  evaluateRanking,
  evaluateRating,
  fullCandidates,
  sampledCandidates,
  type RankingCase,
} from '../../../main/evaluation/baselines/evaluate';
import { fitMostPopular } from '../../../main/evaluation/baselines/most-popular';
import type { Interaction } from '../../../main/evaluation/baselines/types';
import { mulberry32, randomInt } from '../../../main/random';

const ITEMS = 500;

/** Users with random histories of 5–120 items, a target outside them and one later interaction. */
function randomCases(n: number, seed: number): RankingCase[] {
  const rng = mulberry32(seed);
  return Array.from({ length: n }, (_, user) => {
    const items = new Set<number>();
    const size = 5 + randomInt(rng, 116);
    while (items.size < size + 2) items.add(randomInt(rng, ITEMS));
    const [target, later, ...history] = [...items];
    return { user, target: target as number, history, interacted: [later as number] };
  });
}

test('sampled candidates: 100 distinct items, exactly one positive, nothing the user interacted with', () => {
  for (const c of randomCases(40, 1)) {
    const list = sampledCandidates(c, { items: ITEMS, seed: 3 });
    assert.equal(list.length, 100);
    assert.equal(new Set(list).size, 100, 'distinct');
    assert.equal(list.filter((j) => j === c.target).length, 1, 'one positive');
    const interacted = new Set([...c.history, ...(c.interacted ?? [])]);
    assert.ok(!list.some((j) => interacted.has(j)), 'no history or other interacted item');
    assert.ok(list.every((j) => Number.isInteger(j) && j >= 0 && j < ITEMS));
  }
});

test('sampled candidates depend on (seed, user) only: the same lists in any order of users, new ones for a new seed', () => {
  const cases = randomCases(20, 2);
  const forward = cases.map((c) => [...sampledCandidates(c, { items: ITEMS, seed: 9 })]);
  const backward = [...cases]
    .reverse()
    .map((c) => [...sampledCandidates(c, { items: ITEMS, seed: 9 })])
    .reverse();
  assert.deepEqual(forward, backward);
  const reseeded = cases.map((c) => [...sampledCandidates(c, { items: ITEMS, seed: 10 })]);
  assert.notDeepEqual(forward, reseeded);
  const positions = forward.map((list, k) => list.indexOf(cases[k]!.target));
  assert.ok(new Set(positions).size > 5, 'the target is shuffled into the list, not always first');
});

test('sampled candidates shrink when the user has interacted with nearly everything', () => {
  const c: RankingCase = { user: 0, target: 0, history: Array.from({ length: 15 }, (_, k) => k + 1) };
  const list = sampledCandidates(c, { items: 20 });
  assert.deepEqual(
    [...list].sort((a, b) => a - b),
    [0, 16, 17, 18, 19],
  );
});

test('full candidates: the whole catalogue minus the history, the target kept even if seen before', () => {
  const list = fullCandidates({ user: 0, target: 3, history: [1, 3, 5, 5] }, 8);
  assert.deepEqual([...list], [0, 2, 3, 4, 6, 7]);
});

test('evaluateRanking: an oracle hits at 1, the reverse oracle ranks last among exactly the candidates', () => {
  const cases = randomCases(30, 4);
  const targetOf = new Map(cases.map((c) => [c.user, c.target]));
  const oracle = (user: number, candidates: ArrayLike<number>): Float64Array =>
    Float64Array.from(candidates, (j) => (j === targetOf.get(user) ? 1 : 0));
  const best = evaluateRanking(oracle, cases, { items: ITEMS, seed: 1 });
  assert.equal(best.full['HR@1'], 1);
  assert.equal(best.sampled['NDCG@10'], 1);
  const worst = evaluateRanking((u, cs) => oracle(u, cs).map((s) => -s), cases, { items: ITEMS, seed: 1 });
  cases.forEach((c, k) => {
    assert.equal(worst.fullRanks[k], ITEMS - new Set(c.history).size, 'last among catalogue − history');
    assert.equal(worst.sampledRanks[k], 100, 'last of 100');
  });
  assert.equal(worst.full['HR@10'], 0);
  assert.equal(best.full.count, 30);
  assert.match(best.candidateSets.sampled, /99 .*seed 1/);
});

test('evaluateRanking excludes history items from the full ranking however high they score', () => {
  // Scores favour history items above all, then the target: its full rank must still be 1.
  const cases = randomCases(10, 5);
  const scorer = (user: number, candidates: ArrayLike<number>): Float64Array => {
    const c = cases[user]!;
    const history = new Set(c.history);
    return Float64Array.from(candidates, (j) => (history.has(j) ? 10 : j === c.target ? 5 : 0));
  };
  const ev = evaluateRanking(scorer, cases, { items: ITEMS });
  assert.deepEqual(
    ev.fullRanks,
    cases.map(() => 1),
  );
  assert.deepEqual(
    ev.sampledRanks,
    cases.map(() => 1),
  );
});

test('evaluateRanking: ranks computed independently from the candidate lists for a scorer by item index', () => {
  const cases = randomCases(15, 6);
  const ev = evaluateRanking((_u, cs) => Float64Array.from(cs, (j) => j), cases, { items: ITEMS, seed: 2 });
  cases.forEach((c, k) => {
    const full = [...fullCandidates(c, ITEMS)].filter((j) => j > c.target).length + 1;
    const sampled = [...sampledCandidates(c, { items: ITEMS, seed: 2 })].filter((j) => j > c.target).length + 1;
    assert.equal(ev.fullRanks[k], full);
    assert.equal(ev.sampledRanks[k], sampled);
  });
});

test('evaluateRanking with most-popular: a constant scorer is not rewarded for ties', () => {
  const train: Interaction[] = [];
  const model = fitMostPopular({ users: 2, items: 10, train });
  const ev = evaluateRanking(model.score, [{ user: 0, target: 4, history: [1, 2] }], { items: 10 });
  assert.deepEqual(ev.fullRanks, [8]);
  assert.equal(ev.full['HR@5'], 0);
});

test('evaluateRating clips predictions to [1, 5]', () => {
  // Predictions 7 → 5 (error 0) and 2 (error 2): RMSE = sqrt(4/2) = √2, MAE = 1.
  const r = evaluateRating(
    (_u, item) => (item === 0 ? 7 : 2),
    [
      { user: 0, item: 0, rating: 5 },
      { user: 0, item: 1, rating: 4 },
    ],
  );
  assert.ok(Math.abs((r.RMSE as number) - Math.SQRT2) < 1e-12);
  assert.equal(r.MAE, 1);
  assert.equal(r.count, 2);
});

test('buildRankingCases: history in time order with ties in input order; other held-out items count as interacted', () => {
  const known: Interaction[] = [
    { user: 0, item: 5, rating: 4, t: 20 },
    { user: 0, item: 3, rating: 3, t: 10 },
    { user: 0, item: 9, rating: 5, t: 20 },
    { user: 1, item: 2, rating: 1, t: 1 },
  ];
  const heldOut: Interaction[] = [
    { user: 0, item: 7, rating: 2, t: 30 },
    { user: 0, item: 8, rating: 2, t: 40 },
    { user: 2, item: 1, rating: 5, t: 5 },
  ];
  assert.deepEqual(buildRankingCases(known, heldOut), [
    { user: 0, target: 7, history: [3, 5, 9], interacted: [8] },
    { user: 0, target: 8, history: [3, 5, 9], interacted: [7] },
    { user: 2, target: 1, history: [], interacted: [] },
  ]);
});

test('evaluateRanking rejects targets outside the catalogue and scorers that return the wrong length', () => {
  assert.throws(() => evaluateRanking(() => new Float64Array(5), [{ user: 0, target: 5, history: [] }], { items: 5 }), RangeError);
  assert.throws(() => evaluateRanking(() => new Float64Array(4), [{ user: 0, target: 1, history: [] }], { items: 5 }), RangeError);
});
