/** The dataset's reviews: status, pairs, each reviewer's progress, and the ways in (review, results, delete). */
import type { ReviewSummary } from '../../../../preload/api-review';
import { ProgressBar } from '../../components/bits';
import { ItemTable, type ItemColumn } from '../../components/ItemTable';
import { call } from '../../client';
import { useReportError } from '../../errors';
import { fmtCreated } from '../../format';
import { hrefFor } from '../../route';
import { blindName } from './reviewsData';

function Progress({ review }: { review: ReviewSummary }) {
  const names = [...new Set([...review.reviewers, ...Object.keys(review.progress)])];
  if (names.length === 0) return <span className="muted">no judgments yet{review.reviewers.length === 0 ? ' · open to anyone' : ''}</span>;
  return (
    <div className="rev-list-progress">
      {names.map((n) => (
        <div key={n} className="rev-list-reviewer" data-testid="rev-list-reviewer" data-reviewer={n}>
          <span className="rev-list-name">{n}</span>
          <ProgressBar done={review.progress[n] ?? 0} total={review.pairs} label={`${n}'s progress`} />
          <span className="rev-list-count">
            {review.progress[n] ?? 0}/{review.pairs}
          </span>
        </div>
      ))}
      {review.reviewers.length === 0 && <span className="hint">open to anyone</span>}
    </div>
  );
}

function reviewColumns(datasetId: number, runNames: readonly string[] | null): ItemColumn<ReviewSummary>[] {
  return [
    {
      header: 'Review',
      cellClassName: 'rev-list-title',
      cell: (r) => (
        <>
          <a href={hrefFor({ page: 'reviews', datasetId, view: 'review', reviewId: r.id })}>{blindName(r, runNames)}</a>
          {/* The family rides in the hint rather than a column of its own, so the actions fit at 1280 px. */}
          <div className="hint">
            {r.family === 'review' ? 'review summaries' : 'explanations'} · {fmtCreated(r.createdAt)} ·{' '}
            {r.rubric.map((c) => c.name).join(', ')}
          </div>
        </>
      ),
    },
    {
      header: 'Status',
      cell: (r) => (
        <>
          <span className={`badge rev-status-${r.status}`}>{r.status}</span>
          {r.status === 'finished' && (
            <div className="hint">
              {r.labels.a} vs {r.labels.b}
            </div>
          )}
        </>
      ),
    },
    { header: 'Pairs', className: 'num', cell: (r) => r.pairs },
    { header: 'Progress per reviewer', cell: (r) => <Progress review={r} /> },
  ];
}

function ReviewActions({ datasetId, review: r, onDelete }: { datasetId: number; review: ReviewSummary; onDelete: () => void }) {
  return (
    <div className="row-actions">
      {r.status === 'open' && (
        <a
          className="button small primary"
          href={hrefFor({ page: 'reviews', datasetId, view: 'review', reviewId: r.id })}
          data-testid="rev-open"
        >
          Review
        </a>
      )}
      <a
        className="button small"
        href={hrefFor({ page: 'reviews', datasetId, view: 'results', reviewId: r.id })}
        data-testid="rev-results-link"
      >
        Results
      </a>
      <button type="button" className="button small danger" data-testid="rev-delete" onClick={onDelete}>
        Delete
      </button>
    </div>
  );
}

interface ReviewListProps {
  datasetId: number;
  reviews: ReviewSummary[];
  runNames: readonly string[] | null;
}

export function ReviewList({ datasetId, reviews, runNames }: ReviewListProps) {
  const report = useReportError();
  const judgments = (r: ReviewSummary): number => Object.values(r.progress).reduce((s, n) => s + n, 0);
  return (
    <ItemTable
      rows={reviews}
      columns={reviewColumns(datasetId, runNames)}
      className="rev-list"
      testid="rev-list"
      rowTestid="rev-list-row"
      rowData={(r) => ({ 'data-review-id': r.id, 'data-status': r.status })}
      actionsHeader={null}
      actions={(r, askDelete) => <ReviewActions datasetId={datasetId} review={r} onDelete={askDelete} />}
      deleteQuestion={(r) => ({
        title: `Delete review #${r.id}?`,
        testid: 'rev-delete-dialog',
        confirmTestid: 'rev-delete-confirm',
        cancelLabel: 'Keep it',
        confirmLabel: 'Delete review and judgments',
        focus: 'confirm',
        body: (
          <p>
            Its {r.pairs} pairs and every reviewer&apos;s judgments ({judgments(r)} in all) are deleted. Export them first if you need them.
            The runs and their generations stay.
          </p>
        ),
        onConfirm: () => {
          call('reviews.delete', { id: r.id }).catch((e: unknown) => report(e, `Deleting review ${r.id}`));
        },
      })}
    />
  );
}
