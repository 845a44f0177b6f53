/**
 * The keyboard caret and the pending selection in the record text: ← → move the caret (Ctrl/Alt for words), Shift
 * extends, and the selection (keyboard or mouse, snapped to words unless Alt) becomes the DOM selection a digit reads.
 * A non-editable text draws no caret of its own, so this one is drawn where the keyboard left it.
 */
import { useCallback, useLayoutEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type MouseEvent } from 'react';
import type { RecordDetail } from '../../../../../preload/api-entities';
import { caretKey, caretRange, type Caret } from '../../../components/entities/caret';
import { domOffset, selectionOffsets } from '../../../components/entities/SpanText';
import { domPoint, setDomSelection } from './domSelection';
import { readSelection } from './labelActions';

/** Draws the caret mark at `focus` in the text root (hidden while a range is selected or the text lacks focus). */
function drawCaret(root: HTMLElement, mark: HTMLElement, caret: Caret, focused: boolean): void {
  const point = focused && !caretRange(caret) ? (domPoint(root, caret.focus, false) ?? domPoint(root, caret.focus, true)) : null;
  if (!point) {
    mark.style.display = 'none';
    return;
  }
  const r = document.createRange();
  r.setStart(point[0], point[1]);
  r.collapse(true);
  const at = r.getClientRects()[0] ?? r.getBoundingClientRect();
  const box = root.getBoundingClientRect();
  mark.style.display = 'block';
  mark.style.left = `${at.left - box.left - root.clientLeft}px`;
  mark.style.top = `${at.top - box.top - root.clientTop}px`;
  mark.style.height = `${Math.max(at.height, 16)}px`;
}

/** `onSelect` runs when a new selection replaces the selected span and message. */
export function useTextCaret(
  detail: RecordDetail | null,
  onSelect: () => void,
  setSelected: (f: (cur: number | null) => number | null) => void,
) {
  const textRef = useRef<HTMLDivElement>(null);
  const caretRef = useRef<HTMLSpanElement>(null);
  const exactRef = useRef(false);
  const [caret, setCaret] = useState<Caret>({ anchor: 0, focus: 0 });
  const [textFocused, setTextFocused] = useState(false);
  const [pending, setPending] = useState<string | null>(null);

  /** Moves the keyboard caret; a non-empty keyboard selection becomes the DOM selection a digit reads. */
  const moveCaret = (next: Caret) => {
    const root = textRef.current;
    if (!root || !detail) return;
    setCaret(next);
    exactRef.current = false;
    const r = caretRange(next);
    if (!r) {
      window.getSelection()?.removeAllRanges();
      setPending(null);
      return;
    }
    setDomSelection(root, r[0], r[1]);
    const snapped = readSelection(root, detail, false);
    onSelect();
    setPending(snapped ? snapped.text : null);
  };

  const onTextKey = (e: ReactKeyboardEvent) => {
    if (!detail || e.metaKey) return;
    const next = caretKey(detail.text, caret, e);
    if (!next) return;
    e.preventDefault();
    moveCaret(next);
  };

  useLayoutEffect(() => {
    if (textRef.current && caretRef.current) drawCaret(textRef.current, caretRef.current, caret, textFocused);
  });

  const onMouseUp = (e: MouseEvent) => {
    exactRef.current = e.altKey;
    const root = textRef.current;
    const dom = window.getSelection();
    if (root && dom?.focusNode) {
      // The keyboard carries on from where the mouse left the caret or selection.
      const raw = selectionOffsets(root);
      const at = domOffset(root, dom.focusNode, dom.focusOffset);
      if (raw) setCaret({ anchor: at === raw[0] ? raw[1] : raw[0], focus: at ?? raw[1] });
      else if (at !== null) setCaret({ anchor: at, focus: at });
    }
    const sel = readSelection(root, detail, e.altKey);
    if (!sel) {
      setPending(null);
      return;
    }
    // Show where the selection snapped to; the digit reads it back from the DOM.
    if (root) setDomSelection(root, sel.u[0], sel.u[1]);
    onSelect();
    setPending(sel.text);
  };

  const onSpanClick = useCallback(
    (index: number, e: MouseEvent) => {
      e.stopPropagation();
      const sel = window.getSelection();
      if (sel && !sel.isCollapsed) return; // a drag inside a span selects text, not the span
      setSelected((cur) => (cur === index ? null : index));
      setPending(null);
    },
    [setSelected],
  );

  /** Esc, or a label applied: the selection is gone, the caret stays at `at` (default: where it was). */
  const collapse = (at?: number) => {
    setPending(null);
    setCaret((c) => ({ anchor: at ?? c.focus, focus: at ?? c.focus }));
  };

  return { textRef, caretRef, exactRef, caret, setTextFocused, pending, onTextKey, onMouseUp, onSpanClick, collapse };
}
