/**
 * The Review page's keys (pure): which key does what, given where focus is. The page turns the action into calls;
 * the help dialog and the App's shortcut list read REVIEW_KEYS, so what is documented is what is bound.
 */
import type { Side } from './draft';

export type KeyAction =
  | { kind: 'score'; value: number }
  | { kind: 'side'; side: Side }
  | { kind: 'criterion'; delta: 1 | -1 }
  | { kind: 'prefer'; preference: 'left' | 'right' | 'tie' }
  | { kind: 'comment' }
  | { kind: 'next' }
  | { kind: 'previous' }
  | { kind: 'undo' }
  | { kind: 'help' };

export interface KeyInput {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

export interface FocusContext {
  /** The score row holding focus, if any. */
  row: Side | null;
  /** Focus is on a button or link, where Enter and Space belong to it. */
  onControl: boolean;
}

export const REVIEW_KEYS: ReadonlyArray<[string, string]> = [
  ['Tab ← →', 'Move between the left and right score rows'],
  ['1 2 3 4 5', 'Score the highlighted criterion, then go to the next'],
  ['↑ ↓', 'Previous / next criterion of the row'],
  ['A B T', 'Prefer left (A), right (B), or a tie (T)'],
  ['C', 'Write a comment (Esc leaves it)'],
  ['N Enter', 'Save and go to the next unjudged pair'],
  ['P', 'Previous pair'],
  ['U', 'Undo the last saved judgment'],
  ['?', 'Show these keys'],
];

/** The action of a key press, or null to leave it to the browser (or the App's own shortcuts). */
export function keyAction(e: KeyInput, focus: FocusContext): KeyAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (e.key === 'Tab') {
    // Tab toggles between the rows only while one of them has focus; elsewhere it moves focus as usual.
    if (focus.row === null) return null;
    return { kind: 'side', side: focus.row === 'left' ? 'right' : 'left' };
  }
  if (e.key === 'ArrowLeft') return { kind: 'side', side: 'left' };
  if (e.key === 'ArrowRight') return { kind: 'side', side: 'right' };
  if (e.key === 'ArrowUp') return { kind: 'criterion', delta: -1 };
  if (e.key === 'ArrowDown') return { kind: 'criterion', delta: 1 };
  if (/^[1-5]$/.test(e.key)) return { kind: 'score', value: Number(e.key) };
  if (e.key === 'Enter') return focus.onControl ? null : { kind: 'next' };
  if (e.key === '?') return { kind: 'help' };
  switch (e.key.toLowerCase()) {
    case 'a':
      return { kind: 'prefer', preference: 'left' };
    case 'b':
      return { kind: 'prefer', preference: 'right' };
    case 't':
      return { kind: 'prefer', preference: 'tie' };
    case 'c':
      return { kind: 'comment' };
    case 'n':
      return { kind: 'next' };
    case 'p':
      return { kind: 'previous' };
    case 'u':
      return { kind: 'undo' };
  }
  return null;
}
