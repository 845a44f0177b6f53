/**
 * Which rows of the virtual table are in view. Past the height a browser can scroll (~16M px), scroll positions are
 * scaled onto the rows (`ratio`), so row 1,000,000 is still reachable.
 */
import { useLayoutEffect, useRef, useState } from 'react';

export const HEADER_HEIGHT = 36;
const MAX_SCROLL_PX = 15_000_000;
const OVERSCAN = 4;

export function useScrollWindow(queryKey: string, total: number | null, rowHeight: number, pageSize: number) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);

  // A new query starts at the top.
  useLayoutEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
    setScrollTop(0);
  }, [queryKey]);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const measure = () => setViewport(el.clientHeight);
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const bodyViewport = Math.max(rowHeight, viewport - HEADER_HEIGHT);
  const realHeight = (total ?? 0) * rowHeight;
  const scrollHeight = Math.min(realHeight, MAX_SCROLL_PX);
  const ratio = realHeight > scrollHeight && scrollHeight > bodyViewport ? (realHeight - bodyViewport) / (scrollHeight - bodyViewport) : 1;
  const realTop = scrollTop * ratio;
  const firstVisible = Math.floor(realTop / rowHeight);
  const visibleCount = Math.ceil(bodyViewport / rowHeight) + 1;
  const first = Math.max(0, firstVisible - OVERSCAN);
  const last = total === null ? Math.min(visibleCount, pageSize) : Math.min(total, firstVisible + visibleCount + OVERSCAN); // exclusive
  const firstPage = Math.floor(first / pageSize);
  const lastPage = Math.max(firstPage, Math.floor(Math.max(0, last - 1) / pageSize));

  /** Scrolls just enough that row `i` is in view. */
  const scrollToRow = (i: number) => {
    const el = scrollRef.current;
    if (!el) return;
    const top = i * rowHeight;
    let targetReal: number | null = null;
    if (top < realTop) targetReal = top;
    else if (top + rowHeight > realTop + bodyViewport) targetReal = top + rowHeight - bodyViewport;
    if (targetReal !== null) {
      el.scrollTop = Math.round(targetReal / ratio);
      setScrollTop(el.scrollTop);
    }
  };

  return {
    scrollRef,
    scrollTop,
    setScrollTop,
    bodyViewport,
    scrollHeight,
    realTop,
    firstVisible,
    first,
    last,
    firstPage,
    lastPage,
    scrollToRow,
  };
}
export type ScrollWindow = ReturnType<typeof useScrollWindow>;
