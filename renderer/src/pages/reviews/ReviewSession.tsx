/**
 * The Review page (`#/datasets/<id>/reviews/<reviewId>`): asks the reviewer's name once, then hands over to the
 * judging flow. Nothing here names the runs while the review is open.
 */
import { useMemo, useState } from 'react';
import { EmptyState, Spinner } from '../../components/bits';
import { hrefFor } from '../../route';
import { useRunList } from '../runs/runsData';
import { Judging } from './Judging';
import { ReviewerPrompt } from './ReviewerPrompt';
import { blindName, rememberedReviewer, rememberReviewer, useReview } from './reviewsData';

export function ReviewSession({ datasetId, reviewId }: { datasetId: number; reviewId: number }) {
  const review = useReview(reviewId);
  const runs = useRunList(datasetId);
  const runNames = useMemo(() => (runs ? runs.map((r) => r.name) : null), [runs]);
  const [reviewer, setReviewer] = useState<string | null>(rememberedReviewer);
  const [changing, setChanging] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const listHref = hrefFor({ page: 'reviews', datasetId, view: 'list' });
  const resultsHref = hrefFor({ page: 'reviews', datasetId, view: 'results', reviewId });

  if (review === undefined)
    return (
      <section className="page rev-page">
        <Spinner label="Loading the review…" />
      </section>
    );
  if (review === null)
    return (
      <section className="page rev-page">
        <EmptyState title={`Review ${reviewId} not found`} testid="rev-missing">
          <p>
            It may have been deleted. <a href={listHref}>Back to Reviews</a>
          </p>
        </EmptyState>
      </section>
    );

  const notListed = reviewer !== null && review.reviewers.length > 0 && !review.reviewers.includes(reviewer);
  const asking = reviewer === null || changing || notListed || refused !== null;
  const promptError = refused ?? (notListed ? `“${reviewer}” is not a reviewer of this review` : null);

  return (
    <section className="page rev-page rev-session" data-testid="review-session" data-review-status={review.status}>
      <header className="page-header">
        <div>
          <p className="crumbs">
            <a href={listHref}>Reviews</a> › Review #{review.id}
          </p>
          <h1 data-testid="rev-title">{blindName(review, runNames)}</h1>
          <p className="page-sub">
            Two {review.family === 'review' ? 'review summaries' : 'explanations'} for the same user and item, in a random order. Which run
            wrote which stays hidden until the review is finished.
          </p>
        </div>
        <div className="rev-header-actions">
          {!asking && (
            <span>
              Reviewing as <strong data-testid="rev-reviewer">{reviewer}</strong>{' '}
              <button type="button" className="link-button" data-testid="rev-change-reviewer" onClick={() => setChanging(true)}>
                change
              </button>
            </span>
          )}
          <a className="button small" href={resultsHref} data-testid="rev-to-results">
            Results
          </a>
        </div>
      </header>
      {review.status === 'finished' ? (
        <EmptyState title="This review is finished" testid="rev-finished">
          <p>
            It takes no more judgments, and the runs behind the outputs are revealed: {review.labels.a} and {review.labels.b}.{' '}
            <a href={resultsHref}>See the results</a>.
          </p>
        </EmptyState>
      ) : asking || reviewer === null ? (
        <ReviewerPrompt
          initial={reviewer ?? ''}
          reviewers={review.reviewers}
          error={promptError}
          onSubmit={(name) => {
            rememberReviewer(name);
            setReviewer(name);
            setChanging(false);
            setRefused(null);
          }}
        />
      ) : (
        <Judging key={reviewer} datasetId={datasetId} review={review} reviewer={reviewer} onBadReviewer={setRefused} />
      )}
    </section>
  );
}
