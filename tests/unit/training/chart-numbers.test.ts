import { test } from 'node:test';
import assert from 'node:assert/strict';
import { smoothPoints, tickLabel } from '../../../renderer/src/components/smoothing';

test('tick labels carry no floating-point noise', () => {
  assert.equal(tickLabel(0.15000000000000002), '0.15');
  assert.equal(tickLabel(0.1 + 0.2), '0.3');
  assert.equal(tickLabel(3 * 0.1), '0.3');
  assert.equal(tickLabel(1200), '1200');
  assert.equal(tickLabel(-2.5), '-2.5');
  assert.equal(tickLabel(0), '0');
  assert.equal(tickLabel(0.00005), '5e-5');
  assert.equal(tickLabel(2_500_000), '2.5e+6');
  assert.equal(tickLabel(1 / 3), '0.3333');
});

test('smoothing: weight 0 keeps the curve; the debiased EMA starts at the first value and follows a step', () => {
  const pts = [4, 4, 0, 0, 0, 0].map((y, i) => ({ x: i + 1, y }));
  assert.deepEqual(smoothPoints(pts, 0), pts);
  const s = smoothPoints(pts, 0.5);
  assert.equal(s[0]!.y, 4, 'debiased: not pulled toward 0');
  assert.equal(s[1]!.y, 4);
  // EMA after 3 points: (0.25·4·0.5 … ) — worked: last = 0.5·(0.5·(0.5·0+0.5·4)+0.5·4)+0.5·0 = 1.5; debias 1−0.125 → 1.714…
  assert.ok(Math.abs(s[2]!.y - 1.5 / 0.875) < 1e-12);
  assert.ok(
    s.slice(2).every((p, i, a) => i === 0 || p.y < a[i - 1]!.y),
    'decreasing toward the new level',
  );
  assert.deepEqual(
    s.map((p) => p.x),
    pts.map((p) => p.x),
  );
});
