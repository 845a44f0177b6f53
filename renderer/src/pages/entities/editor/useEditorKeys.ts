/**
 * The span editor's keys, on the window: a digit labels, Delete removes the selected span, Esc clears, `a` / `r`
 * accept or reject, Ctrl/Cmd+Z undoes, Ctrl/Cmd+Shift+Z or Ctrl+Y redoes, j/k or ↓/↑ go to the next/previous record.
 * One listener, reading the latest render through a ref.
 */
import { useEffect, useRef } from 'react';
import type { Decision } from '../../../../../preload/api-entities';
import { isTypingTarget } from '../../../hooks';

export interface EditorKeyActions {
  undoRedo: (redo: boolean) => void;
  /** A digit 1–9; `alt` asks for exact characters. */
  label: (digit: number, alt: boolean) => void;
  /** Delete or Backspace: true when it removed something (the key is then used up). */
  remove: () => boolean;
  clear: () => void;
  review: (d: Decision) => void;
  /** j/k, ↓/↑: true when there is a record that way. */
  step: (dir: 1 | -1) => boolean;
}

function onEditorKey(e: KeyboardEvent, a: EditorKeyActions): void {
  if (e.defaultPrevented || isTypingTarget(e.target) || document.querySelector('[role="dialog"]')) return;
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  if (mod && (key === 'z' || key === 'y')) {
    e.preventDefault();
    a.undoRedo(key === 'y' || e.shiftKey);
    return;
  }
  if (mod) return;
  const digit = /^Digit([1-9])$/.exec(e.code)?.[1] ?? (/^[1-9]$/.test(e.key) ? e.key : undefined);
  if (digit !== undefined) {
    e.preventDefault();
    a.label(Number(digit), e.altKey);
    return;
  }
  if (e.altKey) return;
  const used = (() => {
    switch (e.key) {
      case 'Delete':
      case 'Backspace':
        return a.remove();
      case 'Escape':
        a.clear();
        return false;
      case 'a':
      case 'r':
        a.review(e.key === 'a' ? 'accepted' : 'rejected');
        return true;
      case 'j':
      case 'ArrowDown':
        return a.step(1);
      case 'k':
      case 'ArrowUp':
        return a.step(-1);
      default:
        return false;
    }
  })();
  if (used) e.preventDefault();
}

export function useEditorKeys(actions: EditorKeyActions): void {
  const ref = useRef(actions);
  ref.current = actions;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => onEditorKey(e, ref.current);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
