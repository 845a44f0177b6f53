/**
 * The state of one reviewer judging: the pair on screen, the draft and cursor, what the back end holds, busy, the
 * status line and the reviewer's count. Keys can arrive faster than renders: handlers read and write the refs, the
 * state mirrors them for display.
 */
import { useMemo, useRef, useState } from 'react';
import type { ReviewPairView, ReviewSummary } from '../../../../../preload/api-review';
import { CallFailed } from '../../../client';
import { emptyDraft, START, type Cursor, type Draft, type Side } from '../draft';

export interface JudgeStatus {
  kind: 'info' | 'error';
  text: string;
}

export function useJudgeState(review: ReviewSummary, reviewer: string, onBadReviewer: (message: string) => void) {
  const criteria = useMemo(() => review.rubric.map((c) => c.name), [review.rubric]);
  const [view, setView] = useState<ReviewPairView | null | undefined>(undefined);
  const [draft, setDraftState] = useState<Draft>(emptyDraft);
  const [cursor, setCursorState] = useState<Cursor>(START);
  /** What the back end holds for the pair on screen (null: nothing yet). */
  const [saved, setSaved] = useState<Draft | null>(null);
  // Busy from the start: the first pair is being loaded.
  const [busy, setBusyState] = useState(true);
  const [status, setStatus] = useState<JudgeStatus | null>(null);
  // This reviewer's count as of opening, then as each save and undo reports it: a summary refetched meanwhile could
  // be older than the save it crossed, so it is not trusted to move the bar.
  const [done, setDone] = useState(() => review.progress[reviewer] ?? 0);

  const viewRef = useRef(view);
  const draftRef = useRef(draft);
  /** The draft a save warned about (empty rubric scores): the same draft saved again goes through. */
  const warned = useRef<{ position: number; draft: Draft } | null>(null);
  const cursorRef = useRef(cursor);
  const busyRef = useRef(true);
  const seq = useRef(0);
  const undoStack = useRef<{ position: number; draft: Draft }[]>([]);
  const focusAfterRender = useRef<Side | 'done' | null>(null);

  const setDraft = (d: Draft): void => {
    draftRef.current = d;
    setDraftState(d);
  };
  const setCursor = (c: Cursor): void => {
    cursorRef.current = c;
    setCursorState(c);
  };
  const setBusy = (b: boolean): void => {
    busyRef.current = b;
    setBusyState(b);
  };
  const showView = (v: ReviewPairView | null): void => {
    viewRef.current = v;
    setView(v);
  };
  const fail = (e: unknown, what: string): void => {
    if (e instanceof CallFailed && e.where?.field === 'reviewer') onBadReviewer(e.message);
    else setStatus({ kind: 'error', text: `${what}: ${e instanceof Error ? e.message : String(e)}` });
  };

  const shown = { view, draft, cursor, saved, busy, status, done };
  const refs = { viewRef, draftRef, cursorRef, busyRef, warned, seq, undoStack, focusAfterRender };
  const set = { showView, setDraft, setCursor, setSaved, setBusy, setStatus, setDone, fail };
  return { review, reviewer, criteria, ...shown, ...refs, ...set };
}

export type JudgeState = ReturnType<typeof useJudgeState>;
