/** The dataset's reviews: status, pairs, each reviewer's progress, and the ways in (review, results, delete). */
import { useState } from 'react';
import type { ReviewSummary } from '../../../../preload/api-review';
import { ConfirmDialog } from '../../components/Dialog';
import { ProgressBar } from '../../components/bits';
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

export function ReviewList({
  datasetId,
  reviews,
  runNames,
}: {
  datasetId: number;
  reviews: ReviewSummary[];
  runNames: readonly string[] | null;
}) {
  const report = useReportError();
  const [deleting, setDeleting] = useState<ReviewSummary | null>(null);
  const remove = async (r: ReviewSummary): Promise<void> => {
    setDeleting(null);
    try {
      await call('reviews.delete', { id: r.id });
    } catch (e) {
      report(e, `Deleting review ${r.id}`);
    }
  };
  return (
    <div className="card table-card">
      <table className="table rev-list" data-testid="rev-list">
        <thead>
          <tr>
            <th>Review</th>
            <th>Status</th>
            <th className="num">Pairs</th>
            <th>Progress per reviewer</th>
            <th className="actions-col" aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {reviews.map((r) => (
            <tr key={r.id} data-testid="rev-list-row" data-review-id={r.id} data-status={r.status}>
              <td className="rev-list-title">
                <a href={hrefFor({ page: 'reviews', datasetId, view: 'review', reviewId: r.id })}>{blindName(r, runNames)}</a>
                {/* The family rides in the hint rather than a column of its own, so the actions fit at 1280 px. */}
                <div className="hint">
                  {r.family === 'review' ? 'review summaries' : 'explanations'} · {fmtCreated(r.createdAt)} ·{' '}
                  {r.rubric.map((c) => c.name).join(', ')}
                </div>
              </td>
              <td>
                <span className={`badge rev-status-${r.status}`}>{r.status}</span>
                {r.status === 'finished' && (
                  <div className="hint">
                    {r.labels.a} vs {r.labels.b}
                  </div>
                )}
              </td>
              <td className="num">{r.pairs}</td>
              <td>
                <Progress review={r} />
              </td>
              <td className="actions-col">
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
                  <button type="button" className="button small danger" data-testid="rev-delete" onClick={() => setDeleting(r)}>
                    Delete
                  </button>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {deleting && (
        <ConfirmDialog
          title={`Delete review #${deleting.id}?`}
          testid="rev-delete-dialog"
          confirmTestid="rev-delete-confirm"
          cancelLabel="Keep it"
          confirmLabel="Delete review and judgments"
          focus="confirm"
          onCancel={() => setDeleting(null)}
          onConfirm={() => void remove(deleting)}
        >
          <p>
            Its {deleting.pairs} pairs and every reviewer&apos;s judgments ({Object.values(deleting.progress).reduce((s, n) => s + n, 0)} in
            all) are deleted. Export them first if you need them. The runs and their generations stay.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
