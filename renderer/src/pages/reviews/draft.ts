/**
 * The judgment a reviewer is composing for one pair (pure): scores per side, a preference, a comment, and the
 * cursor the digit keys write through. Kept apart from the page so the keyboard flow reads as data.
 */
import type { ReviewPairView } from '../../../../preload/api-review';

export type Side = 'left' | 'right';
export type ShownPreference = 'left' | 'right' | 'tie';
export type SideScores = Record<string, number>;

export interface Draft {
  preference: ShownPreference | null;
  scores: { left: SideScores; right: SideScores };
  comment: string;
}

/** Which score row has focus and which criterion of it the next digit sets. */
export interface Cursor {
  side: Side;
  criterion: number;
}

export const START: Cursor = { side: 'left', criterion: 0 };

export const emptyDraft = (): Draft => ({ preference: null, scores: { left: {}, right: {} }, comment: '' });

/** The reviewer's stored judgment of a pair, to edit, or an empty draft. */
export function draftOf(view: ReviewPairView): Draft {
  if (!view.judged) return emptyDraft();
  const { preference, scores, comment } = view.judged;
  return { preference, scores: { left: { ...scores.left }, right: { ...scores.right } }, comment };
}

/** Sets the criterion under the cursor and moves to the next one of the same row (the last stays put). */
export function score(draft: Draft, cursor: Cursor, value: number, criteria: readonly string[]): { draft: Draft; cursor: Cursor } {
  const name = criteria[cursor.criterion];
  if (name === undefined || !Number.isInteger(value) || value < 1 || value > 5) return { draft, cursor };
  const side = { ...draft.scores[cursor.side], [name]: value };
  return {
    draft: { ...draft, scores: { ...draft.scores, [cursor.side]: side } },
    cursor: { side: cursor.side, criterion: Math.min(criteria.length - 1, cursor.criterion + 1) },
  };
}

/** Moves the cursor to another row, on the first criterion that row has not scored yet (or the first). */
export function toSide(draft: Draft, side: Side, criteria: readonly string[]): Cursor {
  const open = criteria.findIndex((c) => draft.scores[side][c] === undefined);
  return { side, criterion: open < 0 ? 0 : open };
}

/** Same judgments? Used to say whether what is on screen is what the back end holds. */
export function sameDraft(a: Draft, b: Draft): boolean {
  const same = (x: SideScores, y: SideScores): boolean =>
    Object.keys(x).length === Object.keys(y).length && Object.entries(x).every(([k, v]) => y[k] === v);
  return (
    a.preference === b.preference && a.comment === b.comment && same(a.scores.left, b.scores.left) && same(a.scores.right, b.scores.right)
  );
}

/** Criteria left unscored, per side, as "fluency (left)" — what a save warns about before it stores them empty. */
export function unscored(draft: Draft, criteria: readonly string[]): { side: Side; criterion: number; label: string }[] {
  return (['left', 'right'] as const).flatMap((side) =>
    criteria.flatMap((c, criterion) => (draft.scores[side][c] === undefined ? [{ side, criterion, label: `${c} (${side})` }] : [])),
  );
}
