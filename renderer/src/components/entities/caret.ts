/**
 * The keyboard caret of the span editor: where ← → (by character) and Ctrl/⌥+← → (by word) move it in a record's
 * text, counted in UTF-16 units like the DOM. A surrogate pair is one step. Pure, so the keys are testable without a
 * browser.
 */

/** A keyboard selection: `anchor` stays put while Shift+arrows move `focus`; collapsed when they are equal. */
export interface Caret {
  anchor: number;
  focus: number;
}

const isLow = (text: string, u: number): boolean => {
  const c = text.charCodeAt(u);
  return c >= 0xdc00 && c <= 0xdfff;
};

const WORD = /[\p{L}\p{N}\p{M}_]/u;

function wordAt(text: string, u: number): boolean {
  if (u < 0 || u >= text.length) return false;
  const start = isLow(text, u) && u > 0 ? u - 1 : u;
  const cp = text.codePointAt(start);
  return cp !== undefined && WORD.test(String.fromCodePoint(cp));
}

/** One character left or right of `u`, a surrogate pair counting as one. */
export function stepChar(text: string, u: number, dir: 1 | -1): number {
  if (dir > 0) {
    if (u >= text.length) return text.length;
    return u + 1 < text.length && isLow(text, u + 1) ? u + 2 : u + 1;
  }
  if (u <= 0) return 0;
  return u - 1 > 0 && isLow(text, u - 1) ? u - 2 : u - 1;
}

/**
 * Word-wise: right goes to the end of the next word (skipping what is not a word first), left to the start of the
 * previous word — as Ctrl+Shift+→ / ← do in text editors.
 */
export function stepWord(text: string, u: number, dir: 1 | -1): number {
  let at = Math.max(0, Math.min(text.length, u));
  if (dir > 0) {
    while (at < text.length && !wordAt(text, at)) at = stepChar(text, at, 1);
    while (at < text.length && wordAt(text, at)) at = stepChar(text, at, 1);
    return at;
  }
  while (at > 0 && !wordAt(text, stepChar(text, at, -1))) at = stepChar(text, at, -1);
  while (at > 0 && wordAt(text, stepChar(text, at, -1))) at = stepChar(text, at, -1);
  return at;
}

/** The caret after a key, or null when the key does not move it (so the caller lets it through). */
export function caretKey(
  text: string,
  caret: Caret,
  key: { key: string; shiftKey: boolean; ctrlKey: boolean; altKey: boolean; metaKey: boolean },
): Caret | null {
  const byWord = key.ctrlKey || key.altKey;
  let focus: number;
  switch (key.key) {
    case 'ArrowRight':
      focus = byWord ? stepWord(text, caret.focus, 1) : stepChar(text, caret.focus, 1);
      break;
    case 'ArrowLeft':
      focus = byWord ? stepWord(text, caret.focus, -1) : stepChar(text, caret.focus, -1);
      break;
    case 'Home':
      focus = 0;
      break;
    case 'End':
      focus = text.length;
      break;
    default:
      return null;
  }
  if (key.shiftKey) return { anchor: caret.anchor, focus };
  // Without Shift an arrow on a selection collapses it to that side, as in text editors.
  if (caret.anchor !== caret.focus && !byWord && (key.key === 'ArrowLeft' || key.key === 'ArrowRight')) {
    const edge = key.key === 'ArrowLeft' ? Math.min(caret.anchor, caret.focus) : Math.max(caret.anchor, caret.focus);
    return { anchor: edge, focus: edge };
  }
  return { anchor: focus, focus };
}

/** The selection as an ordered UTF-16 range, or null when collapsed. */
export function caretRange(c: Caret): [number, number] | null {
  return c.anchor === c.focus ? null : c.anchor < c.focus ? [c.anchor, c.focus] : [c.focus, c.anchor];
}
