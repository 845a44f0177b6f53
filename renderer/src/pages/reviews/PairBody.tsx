/**
 * One pair as the reviewer judges it: where it stands (position, template, saved or not), the context, the two
 * outputs with their score rows, the reference apart, and the preference, comment and actions. Presentational: the
 * judging flow owns the state and the keys.
 */
import type { RefObject } from 'react';
import type { ReviewPairView, ReviewSummary } from '../../../../preload/api-review';
import type { Cursor, Draft, Side } from './draft';
import { OutputPanel } from './OutputPanel';
import { PairContext } from './PairContext';
import { PairDecision, type PairDecisionHandlers } from './PairDecision';
import type { wordDiff } from './wordDiff';

export interface PairBodyProps extends PairDecisionHandlers {
  view: ReviewPairView;
  family: ReviewSummary['family'];
  rubric: ReviewSummary['rubric'];
  draft: Draft;
  cursor: Cursor;
  savedState: 'new' | 'saved' | 'changed';
  diff: ReturnType<typeof wordDiff>;
  rows: Record<Side, RefObject<HTMLDivElement | null>>;
  commentBox: RefObject<HTMLTextAreaElement | null>;
  onFocusRow: (side: Side) => void;
  onScore: (side: Side, criterion: number, value: number) => void;
}

const SAVED_TEXT = { new: 'not judged yet', saved: 'saved', changed: 'changed — N saves it' } as const;

export function PairBody(p: PairBodyProps) {
  const { view, draft, cursor } = p;
  const same = (x: string, y: string): boolean => x.trim() !== '' && x.trim() === y.trim();
  const referenceIsReview = view.reference !== null && same(view.reference, view.context.review);
  // Against the references, the user's real review may be one of the outputs: showing it would unblind that side.
  const reviewIsAnOutput = view.reference === null && (same(view.context.review, view.left) || same(view.context.review, view.right));
  const context = reviewIsAnOutput ? { ...view, context: { ...view.context, review: '' } } : view;
  return (
    <>
      <div className="rev-pair-head" data-testid="rev-pair-head">
        <strong>
          Pair {view.position + 1} of {view.total}
        </strong>
        <span className="muted">
          template <code>{view.template}</code>
        </span>
        <span className={`badge ${view.seen ? 'tpl-badge-seen' : 'tpl-badge-unseen'}`}>{view.seen ? 'seen' : 'unseen'}</span>
        <span className={`rev-saved rev-saved-${p.savedState}`} data-testid="rev-saved-state" data-state={p.savedState}>
          {SAVED_TEXT[p.savedState]}
        </span>
      </div>
      <PairContext view={context} family={p.family} referenceIsReview={referenceIsReview} />
      {reviewIsAnOutput && <p className="hint">The user&apos;s real review is one of the two outputs here, so it is not shown above.</p>}
      <details className="rev-prompt-text">
        <summary>Prompt the runs were given</summary>
        <pre>{view.prompt}</pre>
      </details>
      <div className="rev-legend" aria-hidden="true">
        <mark className="rev-diff">words</mark> the other output does not have · <mark className="rev-entity">entity</mark> the item&apos;s
        title or an attribute
      </div>
      <div className="rev-outputs">
        {(['left', 'right'] as const).map((side) => (
          <OutputPanel
            key={side}
            side={side}
            text={view[side]}
            diff={p.diff[side]}
            entities={view.entities[side]}
            preferred={draft.preference === side}
            rubric={p.rubric}
            scores={draft.scores[side]}
            current={cursor.side === side ? cursor.criterion : null}
            rowRef={p.rows[side]}
            onFocusRow={p.onFocusRow}
            onScore={p.onScore}
          />
        ))}
      </div>
      {view.reference !== null && !referenceIsReview && (
        <div className="card rev-reference" data-testid="rev-reference">
          <h3>Reference</h3>
          <p className="rev-output-text">{view.reference}</p>
          <span className="hint">The text the runs were trained to produce; not one of the two outputs.</span>
        </div>
      )}
      <PairDecision
        draft={draft}
        position={view.position}
        commentBox={p.commentBox}
        onPrefer={p.onPrefer}
        onComment={p.onComment}
        onLeaveComment={p.onLeaveComment}
        onSave={p.onSave}
        onPrevious={p.onPrevious}
        onUndo={p.onUndo}
      />
    </>
  );
}
