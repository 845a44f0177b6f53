import { useEffect, useRef } from 'react';
import { isTypingTarget } from '../../hooks';

/** `[` and `]` turn the page unless the user is typing. */
export function usePageKeys(prev: () => void, next: () => void): void {
  const latest = useRef({ prev, next });
  latest.current = { prev, next };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      if (document.querySelector('[role="dialog"]')) return;
      if (e.key === '[') latest.current.prev();
      else if (e.key === ']') latest.current.next();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
