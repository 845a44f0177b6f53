import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../main/model/backend';
import { trainSasrec, type SasrecOptions } from '../../../main/evaluation/baselines/sasrec';
import { mulberry32, randomInt, type Rng } from '../../../main/random';

// wasm: the cpu back end's UnsortedSegmentSum (the embedding gradient) is far too slow for training in a test.
before(async () => {
  await initBackend({ prefer: 'wasm' });
});

const N = 20;
const TINY: SasrecOptions = { dim: 16, blocks: 1, heads: 1, maxLength: 8, dropout: 0.2, epochs: 2, batchSize: 16, lr: 1e-2, seed: 1 };

/** `length` items of the cycle 0 → 1 → … → N−1 → 0, from `start`. */
const cycle = (start: number, length: number): number[] => Array.from({ length }, (_, k) => (start + k) % N);

function cyclicUsers(rng: Rng, users: number): number[][] {
  return Array.from({ length: users }, () => cycle(randomInt(rng, N), 8 + randomInt(rng, 6)));
}

/** 1-based rank of `target` among the items not in `history`; ties count against the target. */
function rankExcludingHistory(scores: Float32Array, history: readonly number[], target: number): number {
  let rank = 1;
  for (let j = 0; j < scores.length; j++) if (j !== target && !history.includes(j) && scores[j]! >= scores[target]!) rank++;
  return rank;
}

test('on sequences that follow a fixed cycle, the true next item comes first for nearly every user', () => {
  const rng = mulberry32(7);
  const losses: number[] = [];
  const model = trainSasrec(cyclicUsers(rng, 64), N, { ...TINY, epochs: 20 }, (_, loss) => {
    losses.push(loss);
  });
  assert.equal(model.epochsTrained, 20);
  assert.ok(losses.at(-1)! < losses[0]! / 2, `the loss went from ${losses[0]} to ${losses.at(-1)}`);
  let hits = 0;
  const cases = 100;
  for (let u = 0; u < cases; u++) {
    const history = cycle(randomInt(rng, N), 3 + randomInt(rng, 6));
    const scores = model.score(history);
    assert.equal(scores.length, N);
    if (rankExcludingHistory(scores, history, (history.at(-1)! + 1) % N) === 1) hits++;
  }
  // Chance is 1 in 12 to 17 candidates.
  assert.ok(hits / cases >= 0.8, `HR@1 ${hits / cases}`);
  model.dispose();
});

test('the output at a position depends on that item and earlier ones only', () => {
  const model = trainSasrec(cyclicUsers(mulberry32(3), 16), N, TINY);
  const { maxLength: T, dim: d } = model.options;
  const history = [4, 5, 6, 7, 8, 9];
  const base = model.states(history);
  assert.equal(base.length, T * d);
  const row = (s: Float32Array, r: number): number[] => [...s.subarray(r * d, (r + 1) * d)];
  const laterChanged = model.states([4, 5, 6, 7, 8, 15]);
  for (let r = 0; r < T - 1; r++) assert.deepEqual(row(laterChanged, r), row(base, r), `row ${r} saw the newest item`);
  assert.notDeepEqual(row(laterChanged, T - 1), row(base, T - 1));
  // And the newest position does read the oldest item.
  assert.notDeepEqual(row(model.states([14, 5, 6, 7, 8, 9]), T - 1), row(base, T - 1));
  model.dispose();
});

test('scores depend on the history alone: padding is inert and only the newest maxLength items count', () => {
  const model = trainSasrec(cyclicUsers(mulberry32(4), 16), N, TINY);
  const T = model.options.maxLength;
  const item = model.params.get('item')!;
  const position = model.params.get('position')!;
  const table = item.arraySync() as number[][];
  assert.ok(
    table[0]!.every((x) => x === 0),
    'training moved the padding row',
  );
  const history = [2, 3, 4];
  const before = model.score(history);
  // Padded slots are the first T − 3 of the window: scramble their positions and the padding row.
  const positions = position.arraySync() as number[][];
  const rng = mulberry32(9);
  const scrambled = positions.map((r, slot) => (slot < T - history.length ? r.map(() => 5 * (rng() - 0.5)) : r));
  item.assign(tf.tensor2d([table[0]!.map(() => 5 * (rng() - 0.5)), ...table.slice(1)]));
  position.assign(tf.tensor2d(scrambled));
  assert.deepEqual(model.score(history), before);
  // The same change to a slot that holds an item does matter.
  position.assign(tf.tensor2d(scrambled.map((r, slot) => (slot === T - 1 ? r.map((x) => x + 1) : r))));
  assert.notDeepEqual(model.score(history), before);
  const long = cycle(5, T + 4);
  assert.deepEqual(model.score(long), model.score(long.slice(-T)));
  assert.notDeepEqual(model.score(long), model.score(long.slice(0, T)));
  model.dispose();
});

test('training is deterministic for a seed, and the seed matters', () => {
  const users = cyclicUsers(mulberry32(5), 24);
  const run = (seed: number): { losses: number[]; scores: Float32Array } => {
    const losses: number[] = [];
    const model = trainSasrec(users, N, { ...TINY, seed }, (_, loss) => {
      losses.push(loss);
    });
    const scores = model.score([1, 2, 3, 4]);
    model.dispose();
    return { losses, scores };
  };
  const a = run(11);
  assert.deepEqual(run(11), a);
  assert.notDeepEqual(run(12).scores, a.scores);
});

test('no tensor outlives its epoch, scoring keeps none, and dispose frees the model', () => {
  const start = tf.memory().numTensors;
  const counts: number[] = [];
  const model = trainSasrec(cyclicUsers(mulberry32(6), 40), N, { ...TINY, epochs: 4 }, () => {
    counts.push(tf.memory().numTensors);
  });
  assert.equal(counts.length, 4);
  assert.ok(
    counts.every((c) => c === counts[0]),
    `tensors per epoch: ${counts.join(', ')}`,
  );
  const held = tf.memory().numTensors;
  model.score([1, 2]);
  model.states([1, 2]);
  assert.equal(tf.memory().numTensors, held);
  model.dispose();
  assert.equal(tf.memory().numTensors, start);
});

test('the callback sees the model so far and can stop training early', () => {
  const midway: Float32Array[] = [];
  const model = trainSasrec(cyclicUsers(mulberry32(8), 16), N, { ...TINY, epochs: 10 }, (epoch, _, sofar) => {
    assert.equal(sofar.epochsTrained, epoch);
    midway.push(sofar.score([1, 2]));
    return epoch === 3 ? 'stop' : undefined;
  });
  assert.equal(model.epochsTrained, 3);
  assert.equal(midway.length, 3);
  assert.notDeepEqual(midway[0], midway[2]);
  assert.deepEqual(model.score([1, 2]), midway[2]);
  model.dispose();
});

test('bad input is refused before any training', () => {
  const start = tf.memory().numTensors;
  assert.throws(() => trainSasrec([[0, 1, 20]], N, TINY), /item 20 is outside 0\.\.19/);
  assert.throws(() => trainSasrec([[0], []], N, TINY), /at least one sequence of two or more items/);
  assert.throws(() => trainSasrec([[0, 1]], N, { ...TINY, dim: 10, heads: 3 }), /dim 10 is not divisible by heads 3/);
  assert.equal(tf.memory().numTensors, start);
  const model = trainSasrec([[0, 1, 2]], N, { ...TINY, epochs: 1 });
  assert.throws(() => model.score([1, -1]), /item -1 is outside/);
  model.dispose();
});
