import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitBiasedMf } from '../../../main/evaluation/baselines/biased-mf';
import { fitBpr } from '../../../main/evaluation/baselines/bpr';
import { evaluateRating } from '../../../main/evaluation/baselines/evaluate';
import { fitItemKnn } from '../../../main/evaluation/baselines/item-knn';
import { fitMarkov } from '../../../main/evaluation/baselines/markov';
import { fitMostPopular } from '../../../main/evaluation/baselines/most-popular';
import type { Interaction, TrainData } from '../../../main/evaluation/baselines/types';
import { rankOf } from '../../../main/evaluation/ranking';
import { mulberry32, randomNormal } from '../../../main/random';

const seen = (pairs: [number, number][]): Interaction[] => pairs.map(([user, item], t) => ({ user, item, rating: null, t }));
const range = (n: number): number[] => Array.from({ length: n }, (_, k) => k);

test('most-popular ranks items by their training interaction counts, repeats included', () => {
  // Item 2: 4 interactions (one a repeat by user 0), item 0: 3, item 3: 1, item 1: none.
  const data: TrainData = {
    users: 4,
    items: 4,
    train: seen([
      [0, 2],
      [1, 2],
      [2, 2],
      [0, 2],
      [0, 0],
      [1, 0],
      [3, 0],
      [2, 3],
    ]),
  };
  const model = fitMostPopular(data);
  assert.deepEqual([...model.counts], [3, 0, 4, 1]);
  const scores = model.score(3, [0, 1, 2, 3]);
  assert.deepEqual([...scores], [3, 0, 4, 1]);
  assert.equal(rankOf(scores, 2), 1, 'the most frequent item comes first');
  assert.deepEqual([...model.score(1, [1, 3])], [0, 1], 'any candidate subset, in the order given');
  assert.throws(() => fitMostPopular({ users: 2, items: 2, train: seen([[0, 5]]) }), RangeError);
});

test('item-kNN: cosine of binary item columns, and it recommends the item always co-consumed with the history', () => {
  // Items: 0 and 1 are always consumed together (users 0–3); item 2 is the most popular (users 4–9), never with 0;
  // item 3 is consumed by users 0 and 4. User 10 has seen only item 0.
  const pairs: [number, number][] = [];
  for (const u of [0, 1, 2, 3]) pairs.push([u, 0], [u, 1]);
  for (const u of [4, 5, 6, 7, 8, 9]) pairs.push([u, 2]);
  pairs.push([0, 3], [4, 3], [10, 0]);
  const data: TrainData = { users: 11, items: 4, train: seen(pairs) };
  const model = fitItemKnn(data, { neighbours: 3 });
  // |U_0| = 5 (users 0–3, 10), |U_1| = 4, |U_3| = 2: sim(0,1) = 4/√20, sim(0,3) = 1/√10; items 0 and 2 share nobody.
  const sim = (i: number, j: number): number => {
    for (let s = i * model.k; s < (i + 1) * model.k; s++) if (model.neighbourItems[s] === j) return model.neighbourSims[s] as number;
    return 0;
  };
  assert.ok(Math.abs(sim(0, 1) - 4 / Math.sqrt(20)) < 1e-6);
  assert.ok(Math.abs(sim(0, 3) - 1 / Math.sqrt(10)) < 1e-6);
  assert.equal(sim(0, 2), 0);
  const scores = model.score(10, [1, 2, 3]);
  assert.equal(rankOf(scores, 0), 1, 'item 1 first for the user who saw item 0');
  assert.ok((scores[0] as number) > (scores[1] as number) && (scores[2] as number) > (scores[1] as number));
  assert.ok(fitMostPopular(data).counts[2]! > fitMostPopular(data).counts[1]!, 'popularity alone would have picked item 2');
  // Keeping one neighbour per item drops item 0's weaker neighbour 3.
  const one = fitItemKnn(data, { neighbours: 1 });
  assert.deepEqual([...one.neighbourItems.subarray(0, 1)], [1]);
  assert.equal(one.score(10, [3])[0], 0);
});

/** A planted rank-2 rating matrix: r = clip(3 + 1.5·u·v, 1, 5) with u, v ~ N(0, I), half of it observed. */
function plantedRatings(
  users: number,
  items: number,
  seed: number,
): { data: TrainData; heldOut: { user: number; item: number; rating: number }[] } {
  const rng = mulberry32(seed);
  const u = range(users).map(() => [randomNormal(rng), randomNormal(rng)]);
  const v = range(items).map(() => [randomNormal(rng), randomNormal(rng)]);
  const train: Interaction[] = [];
  const heldOut: { user: number; item: number; rating: number }[] = [];
  for (let a = 0; a < users; a++) {
    for (let b = 0; b < items; b++) {
      const dot = u[a]![0]! * v[b]![0]! + u[a]![1]! * v[b]![1]!;
      const rating = Math.min(5, Math.max(1, 3 + 1.5 * dot));
      const draw = rng();
      if (draw < 0.5) train.push({ user: a, item: b, rating, t: train.length });
      else if (draw < 0.7) heldOut.push({ user: a, item: b, rating });
    }
  }
  return { data: { users, items, train }, heldOut };
}

test('biased MF recovers a planted low-rank rating matrix: held-out RMSE far below the mean predictor', () => {
  const { data, heldOut } = plantedRatings(80, 60, 3);
  const epochsSeen: number[] = [];
  const model = fitBiasedMf(data, {
    factors: 4,
    epochs: 60,
    learningRate: 0.02,
    regularization: 0.01,
    seed: 5,
    onEpoch: (e) => void epochsSeen.push(e),
  });
  assert.equal(epochsSeen.length, 60);
  const mean = data.train.reduce((s, r) => s + (r.rating as number), 0) / data.train.length;
  assert.ok(Math.abs(model.globalMean - mean) < 1e-12);
  const mf = evaluateRating(model.predict, heldOut);
  const baseline = evaluateRating(() => mean, heldOut);
  assert.ok((mf.RMSE as number) < 0.4 * (baseline.RMSE as number), `MF ${mf.RMSE} vs mean ${baseline.RMSE}`);
  assert.deepEqual([...model.score(0, [1, 2])], [model.predict(0, 1), model.predict(0, 2)]);
  assert.throws(() => fitBiasedMf({ users: 1, items: 1, train: seen([[0, 0]]) }), RangeError, 'no ratings');
});

test('biased MF is reproducible from its seed', () => {
  const { data } = plantedRatings(20, 15, 9);
  const a = fitBiasedMf(data, { epochs: 5, seed: 11 });
  const b = fitBiasedMf(data, { epochs: 5, seed: 11 });
  const c = fitBiasedMf(data, { epochs: 5, seed: 12 });
  assert.deepEqual(a.userFactors, b.userFactors);
  assert.notDeepEqual(a.userFactors, c.userFactors);
});

/**
 * Two taste groups: users 0–19 consume items 0–9, users 20–39 items 10–19; items 20–29 are consumed by nobody.
 * Each user sees 6 of the 10 items of the group, so 4 group items are held out per user.
 */
function plantedGroups(seed: number): { data: TrainData; unseenOwn: number[][]; otherGroup: (u: number) => number[] } {
  const rng = mulberry32(seed);
  const train: Interaction[] = [];
  const unseenOwn: number[][] = [];
  for (let u = 0; u < 40; u++) {
    const base = u < 20 ? 0 : 10;
    const own = range(10).map((k) => base + k);
    for (let i = own.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [own[i], own[j]] = [own[j]!, own[i]!];
    }
    own.slice(0, 6).forEach((item) => train.push({ user: u, item, rating: null, t: train.length }));
    unseenOwn.push(own.slice(6));
  }
  const otherGroup = (u: number): number[] => range(10).map((k) => (u < 20 ? 10 : 0) + k);
  return { data: { users: 40, items: 30, train }, unseenOwn, otherGroup };
}

test("BPR ranks a user's unseen items of their own taste group above the other group's and untouched items", () => {
  const { data, unseenOwn, otherGroup } = plantedGroups(4);
  const losses: number[] = [];
  const model = fitBpr(data, { factors: 8, epochs: 60, seed: 2, onEpoch: (_e, loss) => void losses.push(loss) });
  assert.ok(losses.at(-1)! < 0.5 * losses[0]!, `the BPR loss falls: ${losses[0]} → ${losses.at(-1)}`);
  for (let u = 0; u < 40; u++) {
    const rivals = [...otherGroup(u), ...range(10).map((k) => 20 + k)];
    for (const item of unseenOwn[u]!) {
      const scores = model.score(u, [item, ...rivals]);
      assert.equal(rankOf(scores, 0), 1, `user ${u}, planted item ${item}`);
    }
  }
});

test('BPR is reproducible from its seed', () => {
  const { data } = plantedGroups(4);
  const a = fitBpr(data, { epochs: 3, seed: 7 });
  const b = fitBpr(data, { epochs: 3, seed: 7 });
  assert.deepEqual(a.itemFactors, b.itemFactors);
  assert.deepEqual([...a.score(3, [0, 5, 25])], [...b.score(3, [0, 5, 25])]);
});

test('first-order Markov scores what followed the last item, ties broken by popularity, in time order', () => {
  // User 0: 0 → 1 → 2; user 1: 0 → 1; user 2: 0 → 3, with times out of file order (t decides).
  const train: Interaction[] = [
    { user: 0, item: 0, rating: null, t: 0 },
    { user: 0, item: 2, rating: null, t: 2 },
    { user: 0, item: 1, rating: null, t: 1 },
    { user: 1, item: 0, rating: null, t: 5 },
    { user: 1, item: 1, rating: null, t: 6 },
    { user: 2, item: 3, rating: null, t: 9 },
    { user: 2, item: 0, rating: null, t: 8 },
  ];
  const model = fitMarkov({ users: 3, items: 5, train });
  const after0 = model.score([4, 0], range(5));
  assert.equal(rankOf(after0, 1), 1, '1 followed 0 twice');
  assert.equal(rankOf(after0, 3), 2, '3 followed 0 once');
  // Items that never followed 0 are ordered by popularity: 2 (once) before 4 (never).
  assert.ok(after0[2]! > after0[4]! && after0[2]! < after0[3]!);
  assert.equal(rankOf(model.score([1], range(5)), 2), 1);
  // An empty history is most-popular.
  const none = model.score([], range(5));
  assert.equal(rankOf(none, 0), 1);
});
