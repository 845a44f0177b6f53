/**
 * One reviewer judging a review, keyboard first: the pair's context on top, the two outputs as "Left" and "Right"
 * with their score rows, the preference and a comment. Every save goes straight to the back end (one judgment per
 * call, stored under this reviewer's name), so a reload never loses work and two reviewers never meet.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ReviewPairView, ReviewSummary } from '../../../../preload/api-review';
import { EmptyState, ProgressBar, Spinner } from '../../components/bits';
import { call, CallFailed } from '../../client';
import { isTypingTarget } from '../../hooks';
import { hrefFor, navigate } from '../../route';
import { draftOf, emptyDraft, sameDraft, score, START, toSide, unscored, type Cursor, type Draft, type Side } from './draft';
import { FinishReview } from './FinishReview';
import { keyAction, type KeyAction } from './keys';
import { KeysHelp } from './KeysHelp';
import { PairBody } from './PairBody';
import { wordDiff } from './wordDiff';

interface Status {
  kind: 'info' | 'error';
  text: string;
}

/** After `g`, the App's go-to shortcuts own the next key (g n = Generations, g b = Browse, g t = Timeline). */
const G_WINDOW_MS = 1200;

export function Judging({
  datasetId,
  review,
  reviewer,
  onBadReviewer,
}: {
  datasetId: number;
  review: ReviewSummary;
  reviewer: string;
  /** The back end refused this name for this review. */
  onBadReviewer: (message: string) => void;
}) {
  const criteria = useMemo(() => review.rubric.map((c) => c.name), [review.rubric]);
  const [view, setView] = useState<ReviewPairView | null | undefined>(undefined);
  const [draft, setDraftState] = useState<Draft>(emptyDraft);
  const [cursor, setCursorState] = useState<Cursor>(START);
  /** What the back end holds for the pair on screen (null: nothing yet). */
  const [saved, setSaved] = useState<Draft | null>(null);
  // Busy from the start: the first pair is being loaded.
  const [busy, setBusyState] = useState(true);
  const [status, setStatus] = useState<Status | null>(null);
  const [help, setHelp] = useState(false);
  // This reviewer's count as of opening, then as each save and undo reports it: a summary refetched meanwhile could
  // be older than the save it crossed, so it is not trusted to move the bar.
  const [done, setDone] = useState(() => review.progress[reviewer] ?? 0);

  // Keys can arrive faster than renders: the handlers read and write these, the state mirrors them for display.
  const viewRef = useRef(view);
  const draftRef = useRef(draft);
  /** The draft a save warned about (empty rubric scores): the same draft saved again goes through. */
  const warned = useRef<{ position: number; draft: Draft } | null>(null);
  const cursorRef = useRef(cursor);
  const busyRef = useRef(true);
  const seq = useRef(0);
  const undoStack = useRef<{ position: number; draft: Draft }[]>([]);
  const focusAfterRender = useRef<Side | 'done' | null>(null);
  const leftRow = useRef<HTMLDivElement>(null);
  const rightRow = useRef<HTMLDivElement>(null);
  const commentBox = useRef<HTMLTextAreaElement>(null);
  const resultsLink = useRef<HTMLAnchorElement>(null);
  const top = useRef<HTMLDivElement>(null);
  const rowOf = (side: Side) => (side === 'left' ? leftRow : rightRow);

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

  // A new pair opens at its top (progress, context) with the keys on the left row, wherever the page was scrolled.
  // A layout effect runs with the commit it belongs to; a passive one could run late, for the commit before the
  // pair arrived, and spend the request on elements about to be replaced.
  useLayoutEffect(() => {
    const target = focusAfterRender.current;
    if (target === null) return;
    focusAfterRender.current = null;
    if (target === 'done') resultsLink.current?.focus();
    else {
      rowOf(target).current?.focus({ preventScroll: true });
      top.current?.scrollIntoView({ block: 'start' });
    }
  });

  const fail = (e: unknown, what: string): void => {
    if (e instanceof CallFailed && e.where?.field === 'reviewer') onBadReviewer(e.message);
    else setStatus({ kind: 'error', text: `${what}: ${e instanceof Error ? e.message : String(e)}` });
  };

  /** Shows the pair at `position` (default: this reviewer's first unjudged one), with `prefill` instead of what is stored. */
  const load = async (position?: number, prefill?: Draft): Promise<void> => {
    const mine = ++seq.current;
    setBusy(true);
    try {
      const v = await call('reviews.pair', { id: review.id, reviewer, ...(position === undefined ? {} : { position }) });
      if (mine !== seq.current) return;
      viewRef.current = v;
      setView(v);
      const stored = v ? draftOf(v) : emptyDraft();
      setSaved(v?.judged ? stored : null);
      const d = prefill ?? stored;
      setDraft(d);
      setCursor(toSide(d, 'left', criteria));
      focusAfterRender.current = v ? 'left' : 'done';
    } catch (e) {
      if (mine === seq.current) fail(e, 'Loading the pair');
    } finally {
      if (mine === seq.current) setBusy(false);
    }
  };

  // Loaded once: the component is keyed by the reviewer's name, and later loads follow the reviewer's keys.
  useEffect(() => {
    void load();
  }, []);

  const save = async (): Promise<void> => {
    const v = viewRef.current;
    const d = draftRef.current;
    if (!v || busyRef.current) return;
    if (d.preference === null) {
      setStatus({ kind: 'error', text: 'Pick a preference first: A (left is better), B (right is better) or T (tie).' });
      return;
    }
    // Criteria left empty count for nothing in the results: say so once, and save on a second press.
    const empty = unscored(d, criteria);
    if (empty.length > 0 && !(warned.current && warned.current.position === v.position && sameDraft(warned.current.draft, d))) {
      warned.current = { position: v.position, draft: d };
      setCursor({ side: empty[0]!.side, criterion: empty[0]!.criterion });
      setStatus({
        kind: 'error',
        text: `${empty.length} rubric ${empty.length === 1 ? 'score is' : 'scores are'} empty: ${empty.map((x) => x.label).join(', ')}. Score ${empty.length === 1 ? 'it' : 'them'} (1–5), or press N again to save without.`,
      });
      return;
    }
    warned.current = null;
    setBusy(true);
    try {
      const r = await call('reviews.judge', {
        id: review.id,
        reviewer,
        position: v.position,
        preference: d.preference,
        scores: d.scores,
        comment: d.comment,
      });
      undoStack.current.push({ position: v.position, draft: d });
      setDone(r.done);
      setStatus({ kind: 'info', text: `Saved pair ${v.position + 1}.` });
      await load();
    } catch (e) {
      fail(e, 'Saving');
      setBusy(false);
    }
  };

  const previous = (): void => {
    if (busyRef.current) return;
    const v = viewRef.current;
    const at = v ? v.position - 1 : review.pairs - 1;
    if (at < 0) {
      setStatus({ kind: 'info', text: 'This is the first pair.' });
      return;
    }
    setStatus(null);
    void load(at);
  };

  const undo = async (): Promise<void> => {
    if (busyRef.current) return;
    const last = undoStack.current.pop();
    if (!last) {
      setStatus({ kind: 'info', text: 'Nothing to undo: no judgment has been saved on this page yet.' });
      return;
    }
    setBusy(true);
    try {
      const r = await call('reviews.unjudge', { id: review.id, reviewer, position: last.position });
      if (r.removed) setDone((n) => Math.max(0, n - 1));
      setStatus({
        kind: 'info',
        text: `Undid the judgment of pair ${last.position + 1}: it is no longer saved. Change it and press N to save it again.`,
      });
      await load(last.position, last.draft);
    } catch (e) {
      undoStack.current.push(last);
      fail(e, 'Undoing');
      setBusy(false);
    }
  };

  const moveTo = (side: Side): void => {
    setCursor(toSide(draftRef.current, side, criteria));
    rowOf(side).current?.focus();
  };
  const onFocusRow = (side: Side): void => {
    if (cursorRef.current.side !== side) setCursor(toSide(draftRef.current, side, criteria));
  };
  const onScore = (side: Side, criterion: number, value: number): void => {
    const r = score(draftRef.current, { side, criterion }, value, criteria);
    setDraft(r.draft);
    setCursor(r.cursor);
  };

  const act = (a: KeyAction): void => {
    if (a.kind === 'help') return setHelp(true);
    if (a.kind === 'undo') return void undo();
    if (a.kind === 'previous') return previous();
    if (busyRef.current || !viewRef.current) return;
    switch (a.kind) {
      case 'score':
        return onScore(cursorRef.current.side, cursorRef.current.criterion, a.value);
      case 'side':
        return moveTo(a.side);
      case 'criterion': {
        const c = cursorRef.current;
        return setCursor({ ...c, criterion: Math.max(0, Math.min(criteria.length - 1, c.criterion + a.delta)) });
      }
      case 'prefer':
        return setDraft({ ...draftRef.current, preference: a.preference });
      case 'comment':
        return commentBox.current?.focus();
      case 'next':
        return void save();
    }
  };
  const actRef = useRef(act);
  actRef.current = act;

  // On the window in the capture phase, so the App's own `?` help does not open over ours.
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

  const diff = useMemo(() => (view ? wordDiff(view.left, view.right) : { left: [], right: [] }), [view]);
  const goResults = (): void => navigate({ page: 'reviews', datasetId, view: 'results', reviewId: review.id });
  const resultsHref = hrefFor({ page: 'reviews', datasetId, view: 'results', reviewId: review.id });
  const savedState = saved === null ? 'new' : sameDraft(saved, draft) ? 'saved' : 'changed';

  return (
    <div
      ref={top}
      className="rev-judging"
      data-testid="rev-judging"
      data-position={view ? view.position : ''}
      data-state={busy ? 'busy' : 'ready'}
    >
      <div className="rev-toolbar">
        <div className="rev-progress">
          <ProgressBar done={done} total={review.pairs} label="Your progress" testid="rev-progress-bar" />
          <span data-testid="rev-progress" data-done={done} data-total={review.pairs}>
            {done} / {review.pairs} judged by you
          </span>
        </div>
        <button type="button" className="button small" data-testid="rev-keys" onClick={() => setHelp(true)}>
          Keys <kbd>?</kbd>
        </button>
        <FinishReview review={review} onFinished={goResults} className="button small" />
      </div>
      <div className={`rev-status${status?.kind === 'error' ? ' rev-status-error' : ''}`} role="status" data-testid="rev-status">
        {status?.text ?? ''}
      </div>
      {view === undefined ? (
        <Spinner label="Loading the pair…" />
      ) : view === null ? (
        <EmptyState title={`You have judged all ${review.pairs} pairs`} testid="rev-done">
          <p>
            Your judgments are saved. <kbd>P</kbd> opens the last pair again; <kbd>U</kbd> undoes your last save. When every reviewer is
            done, finish the review to reveal the runs.
          </p>
          <div className="rev-done-actions">
            <a ref={resultsLink} className="button primary" href={resultsHref} data-testid="rev-done-results">
              See results
            </a>
            <FinishReview review={review} onFinished={goResults} />
          </div>
        </EmptyState>
      ) : (
        <PairBody
          view={view}
          family={review.family}
          rubric={review.rubric}
          draft={draft}
          cursor={cursor}
          savedState={savedState}
          diff={diff}
          rows={{ left: leftRow, right: rightRow }}
          commentBox={commentBox}
          onFocusRow={onFocusRow}
          onScore={onScore}
          onPrefer={(preference) => setDraft({ ...draftRef.current, preference })}
          onComment={(comment) => setDraft({ ...draftRef.current, comment })}
          onLeaveComment={() => rowOf(cursorRef.current.side).current?.focus()}
          onSave={() => void save()}
          onPrevious={previous}
          onUndo={() => void undo()}
        />
      )}
      {help && <KeysHelp onClose={() => setHelp(false)} />}
    </div>
  );
}
