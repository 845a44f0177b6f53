/** The judging view's toolbar (progress, keys, finish) and what it shows once this reviewer has judged every pair. */
import type { RefObject } from 'react';
import type { ReviewSummary } from '../../../../../preload/api-review';
import { EmptyState, ProgressBar } from '../../../components/bits';
import { FinishReview } from '../FinishReview';

export function JudgingToolbar({
  review,
  done,
  onKeys,
  onFinished,
}: {
  review: ReviewSummary;
  done: number;
  onKeys: () => void;
  onFinished: () => void;
}) {
  return (
    <div className="rev-toolbar">
      <div className="rev-progress">
        <ProgressBar done={done} total={review.pairs} label="Your progress" testid="rev-progress-bar" />
        <span data-testid="rev-progress" data-done={done} data-total={review.pairs}>
          {done} / {review.pairs} judged by you
        </span>
      </div>
      <button type="button" className="button small" data-testid="rev-keys" onClick={onKeys}>
        Keys <kbd>?</kbd>
      </button>
      <FinishReview review={review} onFinished={onFinished} className="button small" />
    </div>
  );
}

interface AllJudgedProps {
  review: ReviewSummary;
  resultsHref: string;
  resultsLink: RefObject<HTMLAnchorElement | null>;
  onFinished: () => void;
}

export function AllJudged({ review, resultsHref, resultsLink, onFinished }: AllJudgedProps) {
  return (
    <EmptyState title={`You have judged all ${review.pairs} pairs`} testid="rev-done">
      <p>
        Your judgments are saved. <kbd>P</kbd> opens the last pair again; <kbd>U</kbd> undoes your last save. When every reviewer is done,
        finish the review to reveal the runs.
      </p>
      <div className="rev-done-actions">
        <a ref={resultsLink} className="button primary" href={resultsHref} data-testid="rev-done-results">
          See results
        </a>
        <FinishReview review={review} onFinished={onFinished} />
      </div>
    </EmptyState>
  );
}
