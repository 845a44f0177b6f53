/**
 * Keeps unsaved template edits from being lost to a navigation. Routing is by hash, so the guard registers as the
 * router's navigation blocker: on a hash change while there are unsaved edits it puts the old address back
 * (without a new history entry) and asks. Closing or reloading the window asks the browser's way.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { setNavigationBlocker } from '../../route';

export interface NavigationGuard {
  /** The address a navigation was held at, while the user decides. */
  blocked: string | null;
  /** Go where the held navigation wanted to go; the edits are dropped. */
  proceed: () => void;
  /** Stay and keep editing. */
  stay: () => void;
  /** Let the next navigation through unasked (after a save that moves to the new template's address). */
  allowNext: () => void;
}

export function useNavigationGuard(dirty: boolean): NavigationGuard {
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;
  const allow = useRef(false);
  const [blocked, setBlocked] = useState<string | null>(null);
  const blockedRef = useRef(blocked);
  blockedRef.current = blocked;

  useEffect(() => {
    let here = window.location.hash;
    const block = (to: string): boolean => {
      if (!dirtyRef.current || allow.current || to === here) {
        allow.current = false;
        here = to;
        return false;
      }
      const url = new URL(window.location.href);
      url.hash = here;
      window.history.replaceState(window.history.state, '', url.toString());
      setBlocked(to);
      return true;
    };
    const onUnload = (e: BeforeUnloadEvent) => {
      if (!dirtyRef.current) return;
      e.preventDefault();
      // Older engines show the prompt only when returnValue is set.
      e.returnValue = '';
    };
    setNavigationBlocker(block);
    window.addEventListener('beforeunload', onUnload);
    return () => {
      setNavigationBlocker(null);
      window.removeEventListener('beforeunload', onUnload);
    };
  }, []);

  const proceed = useCallback(() => {
    const to = blockedRef.current;
    setBlocked(null);
    if (to === null) return;
    allow.current = true;
    window.location.hash = to;
  }, []);
  const stay = useCallback(() => setBlocked(null), []);
  const allowNext = useCallback(() => {
    allow.current = true;
  }, []);
  return { blocked, proceed, stay, allowNext };
}
