import { test } from 'node:test';
import assert from 'node:assert/strict';
import { beamSearch, greedy, sample, type Constraint, type Hypothesis } from '../../../main/generation/decode';
import { randomScorer, sequenceLogProb, tableScorer } from './helpers';

const VOCAB = 8;
const EOP = 2;

/** Only odd tokens and [eop]: a constraint that binds at every step. */
const oddOrEnd: Constraint = () => [1, 3, 5, 7, EOP];

test('greedy equals beam search of width 1, finished or not, constrained or not', () => {
  let finished = 0;
  for (let seed = 0; seed < 60; seed++) {
    for (const constraint of [undefined, oddOrEnd]) {
      const scorer = randomScorer(seed, VOCAB);
      const opts = { maxTokens: 6, eop: EOP, ...(constraint ? { constraint } : {}) };
      const g = greedy(scorer, opts);
      const [b] = beamSearch(scorer, { ...opts, width: 1 });
      assert.deepEqual(b, g, `seed ${seed}`);
      assert.equal(g.logProb, sequenceLogProb(scorer, g.tokens, g.finished ? EOP : undefined));
      if (constraint) assert.ok(g.tokens.every((t) => t % 2 === 1));
      if (g.finished) finished++;
    }
  }
  assert.ok(finished > 10 && finished < 110, `both finished and unfinished cases occur (${finished} of 120 finished)`);
});

test('a wide beam over a small space returns every finished sequence, best first, with its exact log-probability', () => {
  // Tokens 0 and 1, eop 2, at most 3 tokens: 1 + 2 + 4 = 7 finished sequences, few enough to enumerate.
  const all: number[][] = [[]];
  for (const a of [0, 1]) {
    all.push([a]);
    for (const b of [0, 1]) all.push([a, b]);
  }
  for (let seed = 0; seed < 20; seed++) {
    const scorer = randomScorer(100 + seed, 3);
    const hyps = beamSearch(scorer, { width: 20, maxTokens: 3, eop: EOP });
    const done = hyps.filter((h) => h.finished);
    const expected = all.map((tokens) => ({ tokens, logProb: sequenceLogProb(scorer, tokens, EOP) })).sort((x, y) => y.logProb - x.logProb);
    assert.deepEqual(
      done.map((h) => h.tokens),
      expected.map((e) => e.tokens),
    );
    done.forEach((h, i) => assert.ok(Math.abs(h.score - expected[i]!.logProb) < 1e-12));
    assert.ok(
      hyps.slice(done.length).every((h) => !h.finished && h.tokens.length === 3),
      'unfinished ones only fill up, after',
    );
  }
});

test('hypotheses are distinct, in descending score order, and no more than the width', () => {
  for (let seed = 0; seed < 30; seed++) {
    const scorer = randomScorer(200 + seed, VOCAB);
    for (const width of [2, 5, 20]) {
      const hyps = beamSearch(scorer, { width, maxTokens: 5, eop: EOP });
      assert.ok(hyps.length <= width);
      assert.equal(new Set(hyps.map((h) => h.tokens.join())).size, hyps.length);
      const fin = hyps.filter((h) => h.finished);
      for (let i = 1; i < fin.length; i++) assert.ok(fin[i - 1]!.score >= fin[i]!.score);
    }
  }
});

test('length penalty divides by length^α and can reorder hypotheses', () => {
  // [eop] alone: 0.4. [0, eop]: 0.6 × 0.55 = 0.33. By probability the short one wins; per token the long one does.
  const scorer = tableScorer(4, { '': { 0: 0.6, 3: 0.4 }, '0': { 3: 0.55 } });
  const plain = beamSearch(scorer, { width: 2, maxTokens: 2, eop: 3 });
  assert.deepEqual(
    plain.map((h) => h.tokens),
    [[], [0]],
  );
  const perToken = beamSearch(scorer, { width: 2, maxTokens: 2, eop: 3, lengthPenalty: 1 });
  assert.deepEqual(
    perToken.map((h) => h.tokens),
    [[0], []],
  );
  assert.ok(Math.abs(perToken[0]!.score - Math.log(0.6 * 0.55) / 2) < 1e-6);
  assert.ok(Math.abs(perToken[0]!.logProb - Math.log(0.6 * 0.55)) < 1e-6);
});

test('a prefix the constraint allows nothing after ends that hypothesis unfinished', () => {
  const scorer = randomScorer(5, VOCAB);
  const deadEnd: Constraint = (p) => (p.length === 0 ? [4] : []);
  const g = greedy(scorer, { maxTokens: 5, eop: EOP, constraint: deadEnd });
  assert.deepEqual([g.tokens, g.finished], [[4], false]);
  const hyps = beamSearch(scorer, { width: 3, maxTokens: 5, eop: EOP, constraint: deadEnd });
  assert.deepEqual(hyps, [g]);
});

test('sampling: temperature 0 and → 0 and top-k 1 are greedy; a seed reproduces its draw', () => {
  const outputs = new Set<string>();
  for (let seed = 0; seed < 40; seed++) {
    const scorer = randomScorer(300 + seed, VOCAB);
    const base = { maxTokens: 6, eop: EOP, seed };
    const g = greedy(scorer, base);
    assert.deepEqual(sample(scorer, { ...base, temperature: 0 }), g);
    assert.deepEqual(sample(scorer, { ...base, temperature: 1e-4 }), g);
    assert.deepEqual(sample(scorer, { ...base, temperature: 1, topK: 1 }), g);
    assert.deepEqual(sample(scorer, { ...base, temperature: 1, topP: 1e-6 }), g, 'the smallest top-p set is the top token');
    const s = sample(scorer, { ...base, temperature: 1.5 });
    assert.deepEqual(sample(scorer, { ...base, temperature: 1.5 }), s);
    assert.equal(s.logProb, sequenceLogProb(scorer, s.tokens, s.finished ? EOP : undefined));
    const fixed = randomScorer(7, VOCAB);
    outputs.add(sample(fixed, { ...base, temperature: 1.5 }).tokens.join());
  }
  assert.ok(outputs.size > 10, `different seeds draw different sequences (${outputs.size} distinct of 40)`);
});

/** Frequencies of the first token over `n` seeds (every sequence is one token, then [eop]). */
function firstTokenShares(opts: { temperature: number; topK?: number; topP?: number }, n = 4000): number[] {
  const scorer = tableScorer(4, { '': { 0: 0.5, 1: 0.3, 2: 0.2 }, '0': { 3: 1 }, '1': { 3: 1 }, '2': { 3: 1 } });
  const counts = [0, 0, 0, 0];
  for (let seed = 0; seed < n; seed++) {
    const h: Hypothesis = sample(scorer, { ...opts, seed, maxTokens: 3, eop: 3 });
    assert.ok(h.finished && h.tokens.length === 1);
    counts[h.tokens[0]!]! += 1;
  }
  return counts.map((c) => c / n);
}

function assertShares(actual: number[], expected: number[]): void {
  // 4000 draws: a share's standard error is at most 0.008; 0.03 is nearly 4 of them.
  expected.forEach((e, i) => assert.ok(Math.abs(actual[i]! - e) < 0.03, `token ${i}: ${actual[i]} vs ${e}`));
}

test('sampling follows the distribution, tempered and truncated by top-k and top-p', () => {
  assertShares(firstTokenShares({ temperature: 1 }), [0.5, 0.3, 0.2, 0]);
  const root = [0.5, 0.3, 0.2].map(Math.sqrt);
  const z = root.reduce((a, b) => a + b, 0);
  assertShares(firstTokenShares({ temperature: 2 }), [...root.map((r) => r / z), 0]);
  assertShares(firstTokenShares({ temperature: 1, topK: 2 }), [0.625, 0.375, 0, 0]);
  // 0.5 falls short of 0.7, 0.5 + 0.3 reaches it: the set is {0, 1}.
  assertShares(firstTokenShares({ temperature: 1, topP: 0.7 }), [0.625, 0.375, 0, 0]);
});

test('options out of range are refused', () => {
  const scorer = randomScorer(1, VOCAB);
  assert.throws(() => beamSearch(scorer, { width: 21, maxTokens: 3, eop: EOP }), /width/);
  assert.throws(() => beamSearch(scorer, { width: 0, maxTokens: 3, eop: EOP }), /width/);
  assert.throws(() => greedy(scorer, { maxTokens: 0, eop: EOP }), /maxTokens/);
  assert.throws(() => sample(scorer, { maxTokens: 3, eop: EOP, seed: 1, temperature: -1 }), /temperature/);
  assert.throws(() => sample(scorer, { maxTokens: 3, eop: EOP, seed: 1, temperature: 1, topP: 0 }), /topP/);
  assert.throws(() => greedy(scorer, { maxTokens: 3, eop: EOP, constraint: () => [VOCAB] }), /outside the vocabulary/);
});
