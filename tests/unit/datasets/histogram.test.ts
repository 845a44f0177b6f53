import { test } from 'node:test';
import assert from 'node:assert/strict';
import { histogram } from '../../../main/datasets/histogram';

test('small domains count each value', () => {
  assert.deepEqual(histogram([5, 3, 5, 1, 5, 3]), [
    { x: 1, count: 1 },
    { x: 3, count: 2 },
    { x: 5, count: 3 },
  ]);
});

test('long-tailed counts fall into at most maxBins bins and keep every value', () => {
  const values = Array.from({ length: 5000 }, (_, k) => 1 + ((k * 7919) % 3000));
  const h = histogram(values, 30);
  assert.ok(h.length <= 31);
  assert.equal(
    h.reduce((s, b) => s + b.count, 0),
    values.length,
  );
  for (let k = 1; k < h.length; k++) assert.ok(h[k]!.x > h[k - 1]!.x, 'bins ascend');
});

test('empty input gives an empty histogram', () => {
  assert.deepEqual(histogram([]), []);
});
