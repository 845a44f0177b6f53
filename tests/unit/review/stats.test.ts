import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toAB } from '../../../main/review/blind';
import {
  agreement,
  breakdown,
  cohenKappa,
  fleissKappa,
  meanInterval,
  positionBias,
  rubricMeans,
  selfConsistency,
  studentTwoSidedCdf,
  t975,
  wilson,
  winRate,
} from '../../../main/review/stats';
import type { Judgment, Preference } from '../../../main/review/types';
import { close, judgment } from './helpers';

const prefs = (labels: string): Preference[] => [...labels].map((c) => (c === 'T' ? 'tie' : (c as 'A' | 'B')));

test('win rate: 7 A, 3 B, 2 ties, with the Wilson interval of 7/10', () => {
  const js: Judgment[] = prefs('AAAAAAABBBTT').map((preference, position) => judgment({ preference, position, key: `k${position}` }));
  // A repeat is left out: it would count the same pair twice.
  js.push(judgment({ position: 12, key: 'k0', repeatOf: 0, preference: 'B' }));
  const w = winRate(js);
  assert.equal(w.n, 12);
  close(w.a, 7 / 12);
  close(w.b, 3 / 12);
  close(w.tie, 2 / 12);
  close(w.aOfDecisive, 0.7);
  // p̂ = 0.7, n = 10, z² = 3.841459: centre = (0.7 + 0.192073)/1.384146 = 0.644493,
  // half = 1.959964/1.384146 · √(0.021 + 0.009604) = 1.416012 · 0.174939 = 0.247716 → [0.396778, 0.892209].
  close(w.low, 0.396778, 1e-6);
  close(w.high, 0.892209, 1e-6);
  const none = winRate(prefs('TT').map((preference) => judgment({ preference })));
  assert.deepEqual([none.low, none.high, none.aOfDecisive], [null, null, null], 'no decisive judgment, no interval');
  assert.deepEqual(winRate([]), { a: 0, b: 0, tie: 0, n: 0, aOfDecisive: null, low: null, high: null });
});

test('Wilson interval at the edges stays inside [0, 1] and is not empty', () => {
  const all = wilson(10, 10);
  // p̂ = 1: low = 1/(1 + z²/n) = 1/1.3841459 = 0.722467, high = 1.
  close(all.low, 0.722467, 1e-6);
  close(all.high, 1, 1e-12);
  const nil = wilson(0, 10);
  close(nil.low, 0, 1e-12);
  close(nil.high, 1 - 0.722467, 1e-6);
});

test('t quantiles: closed forms and a printed table', () => {
  // ν = 1 is Cauchy: t = tan(π·0.475); ν = 2: t = (2p − 1)/√(2p(1 − p)) with p = 0.975.
  close(t975(1), Math.tan(Math.PI * 0.475), 1e-9);
  close(t975(2), 0.95 / Math.sqrt(2 * 0.975 * 0.025), 1e-9);
  // Student's t table, two-sided 95%.
  const table: [number, number][] = [
    [3, 3.182],
    [4, 2.776],
    [7, 2.365],
    [9, 2.262],
    [10, 2.228],
    [20, 2.086],
    [29, 2.045],
    [30, 2.042],
    [60, 2.0],
    [120, 1.98],
  ];
  for (const [df, t] of table) close(t975(df), t, 6e-4, `t(${df})`);
  // The two methods meet at 1000 → 1001 (value 1.96234), and the quantile tends to z.
  close(t975(1001), t975(1000), 1e-5);
  assert.ok(t975(1001) < t975(1000));
  close(t975(1e6), 1.959964, 1e-5);
  for (const df of [1, 2, 5, 6, 33, 500]) close(studentTwoSidedCdf(t975(df), df), 0.95, 1e-10, `A(t(${df}) | ${df})`);
  // ν = 3 and 4 in closed form: A = (2/π)(θ + sinθ cosθ) and A = sinθ(1 + cos²θ/2), θ = atan(t/√ν).
  const th3 = Math.atan(1.5 / Math.sqrt(3));
  close(studentTwoSidedCdf(1.5, 3), (2 / Math.PI) * (th3 + Math.sin(th3) * Math.cos(th3)));
  const th4 = Math.atan(1.5 / 2);
  close(studentTwoSidedCdf(1.5, 4), Math.sin(th4) * (1 + Math.cos(th4) ** 2 / 2));
  assert.throws(() => t975(0), RangeError);
});

test('mean with a t interval on a small sample', () => {
  // [3, 4, 5, 4]: mean 4, s² = (1 + 0 + 1 + 0)/3 = 2/3, s = 0.816497, t(3) = 3.182446,
  // half = 3.182446 · 0.816497 / 2 = 3.182446 · 0.408248 = 1.299228 → [2.700772, 5.299228].
  const m = meanInterval([3, 4, 5, 4]);
  close(m.mean, 4);
  close(m.low, 2.700772, 1e-6);
  close(m.high, 5.299228, 1e-6);
  assert.deepEqual(meanInterval([4]), { mean: 4, low: null, high: null, n: 1 });
  assert.deepEqual(meanInterval([]), { mean: null, low: null, high: null, n: 0 });
});

test('rubric means per criterion and side, repeats and unscored criteria left out', () => {
  const js = [
    judgment({ position: 0, scores: { a: { fluency: 3, faith: 2 }, b: { fluency: 5, faith: 4 } } }),
    judgment({ position: 1, scores: { a: { fluency: 4 }, b: { fluency: 5, faith: 2 } } }),
    judgment({ position: 2, scores: { a: { fluency: 5, faith: 4 }, b: { fluency: 5 } } }),
    judgment({ position: 3, scores: { a: { fluency: 4 }, b: { fluency: 5 } } }),
    judgment({ position: 4, repeatOf: 0, scores: { a: { fluency: 1, faith: 1 }, b: { fluency: 1, faith: 1 } } }),
  ];
  const [fluency, faith] = rubricMeans(js, ['fluency', 'faith']);
  assert.equal(fluency!.criterion, 'fluency');
  // A: [3, 4, 5, 4] as above.
  assert.equal(fluency!.a.n, 4);
  close(fluency!.a.mean, 4);
  close(fluency!.a.low, 2.700772, 1e-6);
  // B: [5, 5, 5, 5]: s = 0, the interval collapses to the mean.
  assert.deepEqual(fluency!.b, { mean: 5, low: 5, high: 5, n: 4 });
  // faith A: [2, 4]: mean 3, s = √2, t(1) = 12.706205, half = 12.706205 · √2/√2 = 12.706205.
  assert.equal(faith!.a.n, 2);
  close(faith!.a.mean, 3);
  close(faith!.a.high, 3 + 12.706205, 1e-6);
  assert.equal(faith!.b.n, 2);
});

test("Cohen's kappa: a textbook 2×2 table and a hand-computed 3×3 one", () => {
  // Wikipedia's example: 50 items, both yes 20, A yes B no 5, A no B yes 10, both no 15.
  // pₒ = 35/50 = 0.7, pₑ = 0.5·0.6 + 0.5·0.4 = 0.5 → κ = 0.4.
  const table = (cells: [Preference, Preference, number][]): [Preference, Preference][] =>
    cells.flatMap(([x, y, n]) => Array.from({ length: n }, () => [x, y] as [Preference, Preference]));
  close(
    cohenKappa(
      table([
        ['A', 'A', 20],
        ['A', 'B', 5],
        ['B', 'A', 10],
        ['B', 'B', 15],
      ]),
    ),
    0.4,
  );
  // Rows reviewer 1, columns reviewer 2 (A, B, tie): A: 4 1 0 / B: 0 2 1 / tie: 1 0 1.
  // pₒ = 7/10; marginals 5, 3, 2 on both sides → pₑ = 0.25 + 0.09 + 0.04 = 0.38; κ = 0.32/0.62 = 0.516129.
  close(cohenKappa(EXAMPLE_3X3), 0.32 / 0.62);
  assert.equal(
    cohenKappa([
      ['A', 'A'],
      ['A', 'A'],
    ]),
    null,
    'one category only',
  );
  assert.equal(cohenKappa([]), null);
});

const EXAMPLE_3X3: [Preference, Preference][] = [
  ['A', 'A'],
  ['A', 'A'],
  ['A', 'A'],
  ['A', 'A'],
  ['A', 'B'],
  ['B', 'B'],
  ['B', 'B'],
  ['B', 'tie'],
  ['tie', 'A'],
  ['tie', 'tie'],
];

test("Fleiss' kappa: Wikipedia's worked example (10 subjects, 5 categories, 14 raters)", () => {
  const m = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
  ];
  // P̄ = 0.378022, P̄ₑ = 0.212755 → κ = (0.378022 − 0.212755)/(1 − 0.212755) = 0.209931.
  close(fleissKappa(m), 0.209931, 1e-6);
  assert.equal(fleissKappa([[3, 0, 0]]), null, 'one category only');
  assert.equal(fleissKappa([]), null);
  assert.throws(
    () =>
      fleissKappa([
        [2, 1, 0],
        [1, 1, 0],
      ]),
    RangeError,
  );
});

test('agreement picks Cohen for two reviewers and Fleiss for three', () => {
  const two = EXAMPLE_3X3.flatMap(([x, y], i) => [
    judgment({ reviewer: 'ana', key: `k${i}`, position: i, preference: x }),
    judgment({ reviewer: 'bo', key: `k${i}`, position: i, preference: y }),
  ]);
  // A pair only ana judged and a repeat are left out.
  two.push(judgment({ reviewer: 'ana', key: 'k99', position: 99, preference: 'B' }));
  two.push(judgment({ reviewer: 'bo', key: 'k0', position: 50, repeatOf: 0, preference: 'tie' }));
  const c = agreement(two);
  assert.deepEqual({ ...c, kappa: null }, { method: 'cohen', kappa: null, reviewers: 2, items: 10 });
  close(c.kappa, 0.32 / 0.62);

  // Three reviewers on four pairs: AAA, AAB, BBB, T A T → counts (A, B, tie) [3,0,0] [2,1,0] [0,3,0] [1,0,2].
  // Pᵢ = (Σn² − 3)/6 = 1, 1/3, 1, 1/3 → P̄ = 2/3; pⱼ = 6/12, 4/12, 2/12 → P̄ₑ = 14/36; κ = (2/3 − 7/18)/(11/18) = 5/11.
  const rows = ['AAA', 'AAB', 'BBB', 'TAT'];
  const three = rows.flatMap((r, i) =>
    prefs(r).map((preference, k) => judgment({ reviewer: ['ana', 'bo', 'cy'][k]!, key: `k${i}`, position: i, preference })),
  );
  three.push(
    judgment({ reviewer: 'ana', key: 'k9', position: 9, preference: 'A' }),
    judgment({ reviewer: 'bo', key: 'k9', position: 9, preference: 'B' }),
  );
  const f = agreement(three);
  assert.deepEqual({ ...f, kappa: null }, { method: 'fleiss', kappa: null, reviewers: 3, items: 4 });
  close(f.kappa, 5 / 11);

  assert.deepEqual(agreement([judgment()]), { method: 'none', kappa: null, reviewers: 1, items: 0 });
});

test('position bias: share of decisive judgments for the left output', () => {
  const js = [
    judgment({ order: 'AB', preference: 'A' }), // left
    judgment({ order: 'BA', preference: 'B' }), // left
    judgment({ order: 'BA', preference: 'A' }), // right
    judgment({ order: 'AB', preference: 'tie' }), // not decisive
    judgment({ order: 'AB', preference: 'A', repeatOf: 1 }), // left: a repeat is a presentation of its own
  ];
  const b = positionBias(js);
  assert.equal(b.n, 4);
  close(b.left, 0.75);
  // Wilson 3/4: centre = (0.75 + 0.480182)/1.960365 = 0.627527, half = 0.999796 · √(0.046875 + 0.060023) = 0.326885.
  close(b.low, 0.300642, 1e-6);
  close(b.high, 0.954413, 1e-6);
});

test('self-consistency compares each repeat with the same reviewer’s original, in A/B terms', () => {
  const js = [
    judgment({ reviewer: 'ana', position: 0, preference: 'A' }),
    judgment({ reviewer: 'ana', position: 5, repeatOf: 0, order: 'BA', preference: 'A' }), // agrees
    judgment({ reviewer: 'ana', position: 1, preference: 'tie' }),
    judgment({ reviewer: 'ana', position: 6, repeatOf: 1, preference: 'B' }), // a tie agrees only with a tie
    judgment({ reviewer: 'bo', position: 0, preference: 'B' }),
    judgment({ reviewer: 'bo', position: 5, repeatOf: 0, preference: 'B' }), // agrees
    judgment({ reviewer: 'bo', position: 6, repeatOf: 1, preference: 'tie' }), // bo never judged the original: skipped
    judgment({ reviewer: 'cy', position: 1, preference: 'tie' }),
    judgment({ reviewer: 'cy', position: 6, repeatOf: 1, preference: 'tie' }), // agrees
  ];
  assert.deepEqual(selfConsistency(js), { agreeing: 3, n: 4, rate: 0.75 });
  // A reviewer who always clicks the left panel is inconsistent, since the repeat swaps the sides.
  const lefty = [
    judgment({ reviewer: 'dee', position: 2, order: 'AB', preference: toAB('left', 'AB') }),
    judgment({ reviewer: 'dee', position: 7, repeatOf: 2, order: 'BA', preference: toAB('left', 'BA') }),
  ];
  assert.deepEqual(selfConsistency(lefty), { agreeing: 0, n: 1, rate: 0 });
  assert.deepEqual(selfConsistency([judgment()]), { agreeing: 0, n: 0, rate: null });
});

test('breakdown per template and per seen/unseen', () => {
  const js = [
    judgment({ template: 't2', seen: true, preference: 'A' }),
    judgment({ template: 't2', seen: false, preference: 'B' }),
    judgment({ template: 't1', seen: true, preference: 'A' }),
    judgment({ template: 't1', seen: true, preference: 'tie' }),
    judgment({ template: 't3', seen: false, preference: 'B', repeatOf: 0 }),
  ];
  const byT = breakdown(js, 'template');
  assert.deepEqual(Object.keys(byT), ['t1', 't2'], 'sorted; a group of repeats only is no group');
  assert.deepEqual([byT.t1!.n, byT.t1!.a, byT.t1!.tie], [2, 0.5, 0.5]);
  assert.deepEqual([byT.t2!.n, byT.t2!.a, byT.t2!.b], [2, 0.5, 0.5]);
  const byS = breakdown(js, 'seen');
  assert.deepEqual(Object.keys(byS), ['seen', 'unseen']);
  assert.deepEqual([byS.seen!.n, byS.seen!.aOfDecisive, byS.unseen!.n, byS.unseen!.b], [3, 1, 1, 1]);
  assert.deepEqual(byS.seen, winRate(js.filter((j) => j.seen)));
});
