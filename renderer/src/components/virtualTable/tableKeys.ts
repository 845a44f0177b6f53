/** The virtual table's keys: ↑/↓, PgUp/PgDn, Home/End move the active row (scrolled into view), Enter opens it. */
import type { KeyboardEvent } from 'react';
import type { ScrollWindow } from './useScrollWindow';

interface Args<R> {
  win: ScrollWindow;
  total: number | null;
  rowHeight: number;
  active: number | null;
  setActive: (i: number) => void;
  rowAt: (i: number) => R | undefined;
  onRowActivate?: (row: R, index: number) => void;
}

export function tableKeyHandler<R>({ win, total, rowHeight, active, setActive, rowAt, onRowActivate }: Args<R>) {
  const moveTo = (i: number) => {
    if (total === null || total === 0) return;
    const clamped = Math.max(0, Math.min(total - 1, i));
    setActive(clamped);
    win.scrollToRow(clamped);
  };
  const target = (key: string, cur: number, page: number): number | null => {
    if (key === 'ArrowDown') return cur + 1;
    if (key === 'ArrowUp') return active === null ? win.firstVisible : cur - 1;
    if (key === 'PageDown') return cur + page;
    if (key === 'PageUp') return cur - page;
    if (key === 'Home') return 0;
    if (key === 'End') return (total ?? 1) - 1;
    return null;
  };
  return (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return;
    const page = Math.max(1, Math.floor(win.bodyViewport / rowHeight) - 1);
    const cur = active ?? win.firstVisible - 1;
    if (e.key === 'Enter') {
      const row = active === null ? undefined : rowAt(active);
      if (row !== undefined && active !== null) onRowActivate?.(row, active);
    } else {
      const to = target(e.key, cur, page);
      if (to === null) return;
      moveTo(to);
    }
    e.preventDefault();
  };
}
