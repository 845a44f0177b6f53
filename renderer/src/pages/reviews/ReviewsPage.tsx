/**
 * The Reviews page of a dataset (issue #7): blind side-by-side reviews of two runs' explanations or review
 * summaries. The list with the create form, one review as a reviewer judges it, or its results.
 */
import { useMemo, useState } from 'react';
import type { DatasetSummary } from '../../../../preload/api';
import { EmptyState, Spinner } from '../../components/bits';
import { describePairs } from '../../../../preload/api-review';
import { NoReviewText, useReviewTextCount } from '../../components/NoReviewText';
import { hrefFor, navigate, type ReviewsRoute } from '../../route';
import { useGenerationSets } from '../generations/genData';
import { useRunList } from '../runs/runsData';
import { CreateReviewForm } from './CreateReviewForm';
import { ResultsPage } from './ResultsPage';
import { ReviewList } from './ReviewList';
import { ReviewSession } from './ReviewSession';
import { useReviewList } from './reviewsData';
import { PageHeader } from '../../components/PageHeader';

export function ReviewsPage({ dataset, route }: { dataset: DatasetSummary; route: ReviewsRoute }) {
  if (route.view === 'review') return <ReviewSession key={route.reviewId} datasetId={dataset.id} reviewId={route.reviewId} />;
  if (route.view === 'results') return <ResultsPage key={route.reviewId} datasetId={dataset.id} reviewId={route.reviewId} />;
  return <ReviewListPage dataset={dataset} />;
}

function ReviewListPage({ dataset }: { dataset: DatasetSummary }) {
  const runs = useRunList(dataset.id);
  const runIds = useMemo(() => (runs ? runs.map((r) => r.id) : runs), [runs]);
  const sets = useGenerationSets(runIds);
  const reviews = useReviewList(dataset.id);
  const [created, setCreated] = useState<{ id: number; pairs: number; examples: number } | null>(null);
  const runNames = useMemo(() => (runs ? runs.map((r) => r.name) : null), [runs]);
  const textSets = (sets ?? []).filter((s) => (s.family === 'explanation' || s.family === 'review') && s.split === 'test');
  const reviewText = useReviewTextCount(dataset.id);

  const next =
    reviewText === 0 ? (
      <NoReviewText
        dataset={dataset}
        what="explanations and review summaries (what a review compares)"
        onOpenSample={(sample) => navigate({ page: 'reviews', datasetId: sample.id, view: 'list' })}
        testid="rev-no-review-text"
      />
    ) : runs && runs.length === 0 ? (
      <>
        First <a href={hrefFor({ page: 'runs', datasetId: dataset.id, view: 'list' })}>train two runs</a> with the explanation (or review)
        family, then generate their outputs on the test split on the{' '}
        <a href={hrefFor({ page: 'generations', datasetId: dataset.id, view: 'list', runId: null })}>Generations page</a>, then create a
        review here.
      </>
    ) : textSets.length === 0 ? (
      <>
        No run has explanations or review summaries on the test split yet.{' '}
        <a href={hrefFor({ page: 'generations', datasetId: dataset.id, view: 'list', runId: null })}>Generate them</a> for two runs (same
        templates), then create a review on the left.
      </>
    ) : (
      <>
        Pick two runs (or a run against the references) on the left and press Create review; then share the review&apos;s link with the
        reviewers.
      </>
    );

  return (
    <section className="page rev-page" data-testid="reviews-page">
      <PageHeader
        title="Reviews"
        sub={
          <>
            Blind side-by-side judgments of two runs&apos; explanations or review summaries on <strong>{dataset.name}</strong>: rubric
            scores, a preference and a comment per pair, from several reviewers at once. Run names stay hidden until the review is finished.
          </>
        }
      />
      <div className="run-layout">
        <aside className="run-form-col">
          {runs === undefined || sets === undefined ? (
            <Spinner label="Loading runs…" />
          ) : runs === null || sets === null ? null : runs.length === 0 ? (
            <EmptyState title="No trained run yet" testid="rev-no-runs">
              {reviewText === 0 ? next : <p>{next}</p>}
            </EmptyState>
          ) : (
            <CreateReviewForm runs={runs} sets={sets} onCreated={(id, pairs, examples) => setCreated({ id, pairs, examples })} />
          )}
        </aside>
        <div className="run-main">
          {created && (
            <div className="notice rev-created" role="status" data-testid="rev-created">
              Review #{created.id} created with {describePairs(created.examples, created.pairs - created.examples)}.{' '}
              <a href={hrefFor({ page: 'reviews', datasetId: dataset.id, view: 'review', reviewId: created.id })}>Start reviewing</a> or
              send its link to the reviewers.
            </div>
          )}
          {reviews === undefined ? (
            <Spinner label="Loading reviews…" />
          ) : reviews === null ? null : reviews.length === 0 ? (
            <EmptyState title="No reviews yet" testid="rev-empty">
              {reviewText === 0 ? next : <p>{next}</p>}
            </EmptyState>
          ) : (
            <ReviewList datasetId={dataset.id} reviews={reviews} runNames={runNames} />
          )}
        </div>
      </div>
    </section>
  );
}
