/**
 * The results of a review (`#/datasets/<id>/reviews/<reviewId>/results`): win rate, rubric means, agreement,
 * position bias, self-consistency and the breakdowns, live while reviewers work, with the exports.
 */
import { useMemo } from 'react';
import { EmptyState, Spinner } from '../../components/bits';
import { hrefFor } from '../../route';
import { useRunList } from '../runs/runsData';
import { ExportButtons } from './ExportButtons';
import { FinishReview } from './FinishReview';
import { AgreementCard, BreakdownCard, PositionBiasCard, RubricCard, SelfConsistencyCard, WinRateCard } from './ResultCards';
import { blindName, useReview, useReviewStats } from './reviewsData';

export function ResultsPage({ datasetId, reviewId }: { datasetId: number; reviewId: number }) {
  const review = useReview(reviewId);
  const stats = useReviewStats(reviewId);
  const runs = useRunList(datasetId);
  const runNames = useMemo(() => (runs ? runs.map((r) => r.name) : null), [runs]);
  const listHref = hrefFor({ page: 'reviews', datasetId, view: 'list' });
  const reviewHref = hrefFor({ page: 'reviews', datasetId, view: 'review', reviewId });

  if (review === undefined || stats === undefined)
    return (
      <section className="page rev-page">
        <Spinner label="Loading the results…" />
      </section>
    );
  if (review === null || stats === null)
    return (
      <section className="page rev-page">
        <EmptyState title={`Review ${reviewId} not found`} testid="rev-missing">
          <p>
            It may have been deleted. <a href={listHref}>Back to Reviews</a>
          </p>
        </EmptyState>
      </section>
    );

  const { labels } = stats;
  return (
    <section className="page rev-page rev-results" data-testid="rev-results" data-review-status={review.status}>
      <header className="page-header">
        <div>
          <p className="crumbs">
            <a href={listHref}>Reviews</a> › Review #{review.id} › Results
          </p>
          <h1 data-testid="rev-title">{blindName(review, runNames)}</h1>
          <p className="page-sub" data-testid="rev-labels" data-a={labels.a} data-b={labels.b}>
            {review.status === 'finished' ? (
              <>
                Finished: <strong>{labels.a}</strong> against <strong>{labels.b}</strong>, {review.pairs} pairs, {stats.judgments} judgments
                from {Object.keys(review.progress).length} reviewer{Object.keys(review.progress).length === 1 ? '' : 's'}.
              </>
            ) : (
              <>
                Open: {labels.a} and {labels.b} stand for the two runs until the review is finished. {stats.judgments} judgments so far on{' '}
                {review.pairs} pairs; this page follows new ones as they are saved.
              </>
            )}
          </p>
        </div>
        <div className="rev-header-actions">
          {review.status === 'open' && (
            <a className="button small" href={reviewHref} data-testid="rev-results-review">
              Review
            </a>
          )}
          <FinishReview review={review} className="button small" />
        </div>
      </header>
      <ExportButtons reviewId={review.id} />
      {stats.judgments === 0 ? (
        <EmptyState title="No judgments yet" testid="rev-results-empty">
          <p>
            {review.status === 'open' ? (
              <>
                <a href={reviewHref}>Open the review</a> and judge a few pairs (or send its link to the reviewers); the numbers appear here
                as judgments are saved.
              </>
            ) : (
              'This review was finished before anyone judged a pair.'
            )}
          </p>
        </EmptyState>
      ) : (
        <div className="rev-results-grid">
          <WinRateCard win={stats.winRate} labels={labels} />
          <RubricCard rubric={stats.rubric} labels={labels} />
          <AgreementCard agreement={stats.agreement} />
          <PositionBiasCard bias={stats.positionBias} />
          <SelfConsistencyCard consistency={stats.selfConsistency} />
          <BreakdownCard title="By template" groups={stats.byTemplate} labels={labels} testid="rev-by-template" />
          <BreakdownCard title="Seen and unseen templates" groups={stats.bySeen} labels={labels} testid="rev-by-seen" />
        </div>
      )}
    </section>
  );
}
