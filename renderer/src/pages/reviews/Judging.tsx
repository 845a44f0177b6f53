/**
 * One reviewer judging a review, keyboard first: the pair's context on top, the two outputs as "Left" and "Right"
 * with their score rows, the preference and a comment. Every save goes straight to the back end (one judgment per
 * call, stored under this reviewer's name), so a reload never loses work and two reviewers never meet.
 * The parts live in ./judging: the state, the pair flow (load, save, previous, undo), the keys, toolbar and end.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ReviewSummary } from '../../../../preload/api-review';
import { Spinner } from '../../components/bits';
import { hrefFor, navigate } from '../../route';
import { sameDraft } from './draft';
import { AllJudged, JudgingToolbar } from './judging/JudgingParts';
import { loadPair, previousPair, savePair, undoSave } from './judging/pairFlow';
import { useJudgeState } from './judging/useJudgeState';
import { useJudgingFocus } from './judging/useJudgingFocus';
import { useJudgingKeys } from './judging/useJudgingKeys';
import type { KeyAction } from './keys';
import { KeysHelp } from './KeysHelp';
import { PairBody } from './PairBody';
import { wordDiff } from './wordDiff';

interface JudgingProps {
  datasetId: number;
  review: ReviewSummary;
  reviewer: string;
  /** The back end refused this name for this review. */
  onBadReviewer: (message: string) => void;
}

export function Judging({ datasetId, review, reviewer, onBadReviewer }: JudgingProps) {
  const s = useJudgeState(review, reviewer, onBadReviewer);
  const { view, draft, criteria } = s;
  const [help, setHelp] = useState(false);
  const { leftRow, rightRow, commentBox, resultsLink, top, rowOf, moveTo, onFocusRow, onScore } = useJudgingFocus(s);
  // Loaded once: the component is keyed by the reviewer's name, and later loads follow the reviewer's keys.
  useEffect(() => {
    void loadPair(s);
  }, []);

  useJudgingKeys((a: KeyAction): void => {
    if (a.kind === 'help') return setHelp(true);
    if (a.kind === 'undo') return void undoSave(s);
    if (a.kind === 'previous') return previousPair(s);
    if (s.busyRef.current || !s.viewRef.current) return;
    const c = s.cursorRef.current;
    if (a.kind === 'score') return onScore(c.side, c.criterion, a.value);
    if (a.kind === 'side') return moveTo(a.side);
    if (a.kind === 'criterion') return s.setCursor({ ...c, criterion: Math.max(0, Math.min(criteria.length - 1, c.criterion + a.delta)) });
    if (a.kind === 'prefer') return s.setDraft({ ...s.draftRef.current, preference: a.preference });
    if (a.kind === 'comment') return commentBox.current?.focus();
    if (a.kind === 'next') return void savePair(s);
  });

  const diff = useMemo(() => (view ? wordDiff(view.left, view.right) : { left: [], right: [] }), [view]);
  const goResults = (): void => navigate({ page: 'reviews', datasetId, view: 'results', reviewId: review.id });
  const resultsHref = hrefFor({ page: 'reviews', datasetId, view: 'results', reviewId: review.id });
  const savedState = s.saved === null ? 'new' : sameDraft(s.saved, draft) ? 'saved' : 'changed';

  return (
    <div
      ref={top}
      className="rev-judging"
      data-testid="rev-judging"
      data-position={view ? view.position : ''}
      data-state={s.busy ? 'busy' : 'ready'}
    >
      <JudgingToolbar review={review} done={s.done} onKeys={() => setHelp(true)} onFinished={goResults} />
      <div className={`rev-status${s.status?.kind === 'error' ? ' rev-status-error' : ''}`} role="status" data-testid="rev-status">
        {s.status?.text ?? ''}
      </div>
      {view === undefined ? (
        <Spinner label="Loading the pair…" />
      ) : view === null ? (
        <AllJudged review={review} resultsHref={resultsHref} resultsLink={resultsLink} onFinished={goResults} />
      ) : (
        <PairBody
          view={view}
          family={review.family}
          rubric={review.rubric}
          draft={draft}
          cursor={s.cursor}
          savedState={savedState}
          diff={diff}
          rows={{ left: leftRow, right: rightRow }}
          commentBox={commentBox}
          onFocusRow={onFocusRow}
          onScore={onScore}
          onPrefer={(preference) => s.setDraft({ ...s.draftRef.current, preference })}
          onComment={(comment) => s.setDraft({ ...s.draftRef.current, comment })}
          onLeaveComment={() => rowOf(s.cursorRef.current.side).current?.focus()}
          onSave={() => void savePair(s)}
          onPrevious={() => previousPair(s)}
          onUndo={() => void undoSave(s)}
        />
      )}
      {help && <KeysHelp onClose={() => setHelp(false)} />}
    </div>
  );
}
