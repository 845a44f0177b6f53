import { useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';

export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

/** The content-box width of an element, kept current with a ResizeObserver (charts size to their card). */
export function useElementWidth<E extends HTMLElement>(fallback: number): [RefObject<E | null>, number] {
  const ref = useRef<E | null>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(120, Math.floor(el.clientWidth)));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

/**
 * A form's key handler: Ctrl/⌘+Enter submits; a plain Enter in a text box does nothing, so a stray Enter never
 * starts a long job.
 */
export const submitOnCtrlEnter =
  (submit: () => void) =>
  (e: KeyboardEvent<HTMLFormElement>): void => {
    if (e.key !== 'Enter') return;
    if (e.ctrlKey || e.metaKey) {
      e.preventDefault();
      submit();
    } else if (e.target instanceof HTMLInputElement) e.preventDefault();
  };

/**
 * `[` and `]` page back and forward wherever focus is not in a text field and no dialog is open. `step(-1 | 1)`
 * says whether it moved; only then is the key taken from the browser.
 */
export function useBracketPaging(step: (delta: -1 | 1) => boolean): void {
  const stepRef = useRef(step);
  stepRef.current = step;
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      if (document.querySelector('[role="dialog"]')) return;
      if (e.key !== '[' && e.key !== ']') return;
      if (stepRef.current(e.key === '[' ? -1 : 1)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/**
 * `s` stops the open job while it runs (`stop` gets it); `g s` (the app's "go to Statistics") must not, so a `g`
 * just before disarms it. Typing, modifier keys and open dialogs are left alone.
 */
export function useStopShortcut<J extends { status: string }>(job: J | null, stop: (job: J) => void): void {
  const current = useRef({ job, stop });
  current.current = { job, stop };
  useEffect(() => {
    let lastG = 0;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      if (document.querySelector('[role="dialog"]')) return;
      if (e.key === 'g') lastG = Date.now();
      if (e.key !== 's' || Date.now() - lastG < 1200) return;
      const { job: j, stop: halt } = current.current;
      if (j?.status !== 'running') return;
      e.preventDefault();
      halt(j);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
