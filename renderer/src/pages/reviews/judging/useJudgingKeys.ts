/**
 * The judging keys, on the window in the capture phase so the App's own `?` help does not open over ours. After `g`,
 * the App's go-to shortcuts own the next key (g n = Generations, g b = Browse, g t = Timeline).
 */
import { useEffect, useRef } from 'react';
import { isTypingTarget } from '../../../hooks';
import { keyAction, type KeyAction } from '../keys';

const G_WINDOW_MS = 1200;

export function useJudgingKeys(act: (a: KeyAction) => void): void {
  const actRef = useRef(act);
  actRef.current = act;
  useEffect(() => {
    let lastG = 0;
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || isTypingTarget(e.target) || document.querySelector('[role="dialog"]')) return;
      if (e.key === 'g') {
        lastG = Date.now();
        return;
      }
      if (Date.now() - lastG < G_WINDOW_MS) return;
      const el = e.target instanceof HTMLElement ? e.target : null;
      const row = el?.getAttribute('data-score-row');
      const action = keyAction(e, {
        row: row === 'left' || row === 'right' ? row : null,
        onControl: el !== null && el.closest('button, a, summary, select') !== null,
      });
      if (!action) return;
      e.preventDefault();
      actRef.current(action);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}
