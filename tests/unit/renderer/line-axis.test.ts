import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linearTicks, logTicks, yRange } from '../../../renderer/src/components/lineChart/axis';
import { smoothPoints } from '../../../renderer/src/components/smoothing';
import { niceTicks } from '../../../renderer/src/components/barChart/ticks';

test('linear ticks are round steps inside the range', () => {
  assert.deepEqual(linearTicks(0, 10), [0, 2, 4, 6, 8, 10]);
  assert.deepEqual(linearTicks(0.13, 0.91, 4), [0.2, 0.4, 0.6, 0.8]);
  assert.deepEqual(linearTicks(1, 37, 8), [5, 10, 15, 20, 25, 30, 35]);
  assert.deepEqual(linearTicks(-3, 3), [-2, 0, 2]);
  assert.deepEqual(linearTicks(4, 4), [4]);
});

test('a range a few ulps wide is flat: one tick, and a widened y range (it used to loop until the page threw)', () => {
  const c = 5.123;
  const hi = c * (1 + 2 ** -52);
  assert.ok(hi > c);
  assert.deepEqual(linearTicks(c, hi), [c]);
  assert.deepEqual(linearTicks(1.7e12, 1.7e12 + 1e-4, 8), [1.7e12]);
  const [y0, y1] = yRange([c, hi], false);
  assert.ok(y0 < c && y1 > hi && y1 - y0 > 1, `${y0}..${y1}`);
  const ticks = linearTicks(y0, y1);
  assert.ok(ticks.length >= 2 && ticks.length <= 10, String(ticks));
  // What the loss chart draws for a short run: a repeated value and its smoothed curve together.
  for (let v = 0.37; v < 12; v *= 1.7) {
    const raw = [1, 2, 3].map((x) => ({ x, y: v }));
    const ys = [...raw, ...smoothPoints(raw, 0.6)].map((p) => p.y);
    const [lo, hi2] = yRange(ys, false);
    const t = linearTicks(lo, hi2);
    assert.ok(t.length >= 1 && t.length <= 10, `${v}: ${t.length} ticks`);
  }
});

test('zero and negative flat ranges widen too; non-finite ends give no ticks', () => {
  assert.deepEqual(yRange([0, 0], false), [-1, 1]);
  assert.deepEqual(yRange([-2, -2], false), [-2.2, -1.8]);
  assert.deepEqual(linearTicks(0, Infinity), []);
  assert.deepEqual(linearTicks(NaN, 1), []);
  assert.deepEqual(niceTicks(Infinity), [0, 1]);
  assert.deepEqual(niceTicks(NaN), [0, 1]);
});

test('log axis: whole decades, and a single power of ten is widened to the decades around it', () => {
  assert.deepEqual(yRange([0.003, 0.4], true), [0.001, 1]);
  assert.deepEqual(logTicks(0.001, 1), [0.001, 0.01, 0.1, 1]);
  const [lo, hi] = yRange([0.01, 0.01], true);
  assert.ok(lo > 0 && lo < 0.01 && hi > 0.01, `${lo}..${hi}`);
  assert.equal(logTicks(lo, hi).length, 3);
});
