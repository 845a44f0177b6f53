import assert from 'node:assert/strict';
import type { Judgment } from '../../../main/review/types';

/** A judgment with plain defaults; tests override what they are about. */
export const judgment = (over: Partial<Judgment> = {}): Judgment => ({
  reviewer: 'ana',
  position: 0,
  key: 'k0',
  template: 't1',
  seen: true,
  order: 'AB',
  repeatOf: null,
  preference: 'A',
  scores: { a: {}, b: {} },
  comment: '',
  ...over,
});

export const close = (actual: number | null | undefined, expected: number, eps = 1e-9, what = ''): void =>
  assert.ok(typeof actual === 'number' && Math.abs(actual - expected) <= eps, `${what} ${actual} ≈ ${expected} (±${eps})`);
