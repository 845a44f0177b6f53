/**
 * Where the reviewer's keys and eyes are: the two score rows, the comment box, the results link and the top of the
 * pair; moving between rows, and scoring. A new pair opens at its top with the keys on the left row.
 */
import { useLayoutEffect, useRef } from 'react';
import { score, toSide, type Side } from '../draft';
import type { useJudgeState } from './useJudgeState';

export function useJudgingFocus(s: ReturnType<typeof useJudgeState>) {
  const { criteria } = s;
  const leftRow = useRef<HTMLDivElement>(null);
  const rightRow = useRef<HTMLDivElement>(null);
  const commentBox = useRef<HTMLTextAreaElement>(null);
  const resultsLink = useRef<HTMLAnchorElement>(null);
  const top = useRef<HTMLDivElement>(null);
  const rowOf = (side: Side) => (side === 'left' ? leftRow : rightRow);

  // A new pair opens at its top (progress, context) with the keys on the left row, wherever the page was scrolled.
  // A layout effect runs with the commit it belongs to; a passive one could run late, for the commit before the
  // pair arrived, and spend the request on elements about to be replaced.
  useLayoutEffect(() => {
    const target = s.focusAfterRender.current;
    if (target === null) return;
    s.focusAfterRender.current = null;
    if (target === 'done') resultsLink.current?.focus();
    else {
      rowOf(target).current?.focus({ preventScroll: true });
      top.current?.scrollIntoView({ block: 'start' });
    }
  });

  const moveTo = (side: Side): void => {
    s.setCursor(toSide(s.draftRef.current, side, criteria));
    rowOf(side).current?.focus();
  };
  const onFocusRow = (side: Side): void => {
    if (s.cursorRef.current.side !== side) s.setCursor(toSide(s.draftRef.current, side, criteria));
  };
  const onScore = (side: Side, criterion: number, value: number): void => {
    const r = score(s.draftRef.current, { side, criterion }, value, criteria);
    s.setDraft(r.draft);
    s.setCursor(r.cursor);
  };

  return { leftRow, rightRow, commentBox, resultsLink, top, rowOf, moveTo, onFocusRow, onScore };
}
