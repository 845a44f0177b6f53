/** Between UTF-16 offsets of a SpanText root and DOM points: where the keyboard caret is drawn and a selection shown. */

/** The DOM point of UTF-16 offset `u` in a SpanText root: the run starting there, or (end) the run ending there. */
export function domPoint(root: HTMLElement, u: number, end: boolean): [Node, number] | null {
  const runs = root.querySelectorAll<HTMLElement>('[data-o]');
  for (const el of runs) {
    const o = Number(el.dataset.o);
    const len = (el.textContent ?? '').length;
    if (end ? u > o && u <= o + len : u >= o && u < o + len) return [el.firstChild ?? el, u - o];
  }
  return null;
}

/** Puts the DOM selection on UTF-16 offsets [a, b) of a SpanText root (to show where a selection snapped to). */
export function setDomSelection(root: HTMLElement, a: number, b: number): void {
  const s = domPoint(root, a, false);
  const e = domPoint(root, b, true);
  const sel = window.getSelection();
  if (!s || !e || !sel) return;
  sel.setBaseAndExtent(s[0], s[1], e[0], e[1]);
}
