import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskRunNames, scoresToAB, sides, toAB, toShown } from '../../../main/review/blind';
import type { Order, Preference, ShownPreference } from '../../../main/review/types';

const ORDERS: Order[] = ['AB', 'BA'];

test('sides: AB shows A on the left, BA shows B on the left', () => {
  assert.deepEqual(sides('AB'), { left: 'A', right: 'B' });
  assert.deepEqual(sides('BA'), { left: 'B', right: 'A' });
});

test('a click on a panel maps to the side that panel showed, and back', () => {
  for (const order of ORDERS) {
    const s = sides(order);
    assert.equal(toAB('left', order), s.left);
    assert.equal(toAB('right', order), s.right);
    assert.equal(toAB('tie', order), 'tie');
    for (const p of ['left', 'right', 'tie'] as ShownPreference[]) assert.equal(toShown(toAB(p, order), order), p);
    for (const p of ['A', 'B', 'tie'] as Preference[]) assert.equal(toAB(toShown(p, order), order), p);
  }
  // The same click means opposite sides under the two orders: the whole point of storing A/B.
  assert.notEqual(toAB('left', 'AB'), toAB('left', 'BA'));
});

test('panel scores land on the side each panel showed', () => {
  const left = { fluency: 5 };
  const right = { fluency: 2 };
  assert.deepEqual(scoresToAB(left, right, 'AB'), { a: left, b: right });
  assert.deepEqual(scoresToAB(left, right, 'BA'), { a: right, b: left });
  for (const order of ORDERS) {
    const ab = scoresToAB(left, right, order);
    assert.equal(ab[sides(order).left === 'A' ? 'a' : 'b'], left);
  }
});

test('run names stay hidden until the review is finished', () => {
  const runs = { a: { runId: 3, name: 'glm-small' }, b: { runId: 4, name: 'glm-lora' } };
  assert.deepEqual(maskRunNames(runs, false), { a: 'Output 1', b: 'Output 2' });
  assert.deepEqual(maskRunNames(runs, true), { a: 'glm-small', b: 'glm-lora' });
  const vsRef = { a: runs.a, b: 'reference' as const };
  assert.deepEqual(maskRunNames(vsRef, false), { a: 'Output 1', b: 'Output 2' }, 'the reference is hidden too');
  assert.deepEqual(maskRunNames(vsRef, true), { a: 'glm-small', b: 'reference' });
  const hidden = JSON.stringify(maskRunNames(runs, false));
  assert.ok(!hidden.includes('glm') && !hidden.includes('3') && !hidden.includes('4'), hidden);
});
