/**
 * Blinding (pure): maps between what a reviewer sees (left, right, "Output 1") and what is stored and counted
 * (sides A and B, run names). Every conversion goes through `sides`, so the page and the statistics cannot disagree
 * about which output was on the left.
 */
import type { Order, Preference, ShownPreference, Side } from './types';

export interface Sides {
  left: Side;
  right: Side;
}

/** Which side each panel shows under an order. */
export function sides(order: Order): Sides {
  return order === 'AB' ? { left: 'A', right: 'B' } : { left: 'B', right: 'A' };
}

/** A preference given on screen, in A/B terms. */
export function toAB(preference: ShownPreference, order: Order): Preference {
  if (preference === 'tie') return 'tie';
  return sides(order)[preference];
}

/** A stored preference, in screen terms (to show a judgment again after undo or reload). */
export function toShown(preference: Preference, order: Order): ShownPreference {
  if (preference === 'tie') return 'tie';
  return sides(order).left === preference ? 'left' : 'right';
}

/** Rubric scores entered per panel, in A/B terms. */
export function scoresToAB<S>(leftScores: S, rightScores: S, order: Order): { a: S; b: S } {
  return order === 'AB' ? { a: leftScores, b: rightScores } : { a: rightScores, b: leftScores };
}

export interface RunRef {
  runId: number;
  name: string;
}

/** The two things a review compares: two runs, or a run against the references. */
export interface ReviewSides {
  a: RunRef;
  b: RunRef | 'reference';
}

export const HIDDEN_LABELS = { a: 'Output 1', b: 'Output 2' } as const;
export const REFERENCE_LABEL = 'reference';

/**
 * Labels for sides A and B: 'Output 1' / 'Output 2' until the review is finished, because a reviewer who knows
 * which run wrote an output judges the run rather than the text; then the run names (or 'reference').
 */
export function maskRunNames(review: ReviewSides, finished: boolean): { a: string; b: string } {
  if (!finished) return { ...HIDDEN_LABELS };
  return { a: review.a.name, b: review.b === 'reference' ? REFERENCE_LABEL : review.b.name };
}
