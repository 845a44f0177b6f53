/** "Finish review": asks first, since finishing closes the review to judgments and reveals which run wrote what. */
import { useState } from 'react';
import type { ReviewSummary } from '../../../../preload/api-review';
import { Dialog } from '../../components/Dialog';
import { call } from '../../client';
import { useReportError } from '../../errors';

export function FinishReview({ review, onFinished, className }: { review: ReviewSummary; onFinished?: () => void; className?: string }) {
  const report = useReportError();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  if (review.status !== 'open') return null;
  const names = [...new Set([...review.reviewers, ...Object.keys(review.progress)])];
  const finish = async (): Promise<void> => {
    setBusy(true);
    try {
      await call('reviews.finish', { id: review.id });
      setAsking(false);
      onFinished?.();
    } catch (e) {
      report(e, `Finishing review ${review.id}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className={className ?? 'button'} data-testid="rev-finish" onClick={() => setAsking(true)}>
        Finish review…
      </button>
      {asking && (
        <Dialog
          title="Finish this review?"
          onClose={() => setAsking(false)}
          testid="rev-finish-dialog"
          footer={
            <>
              <button type="button" className="button" onClick={() => setAsking(false)}>
                Keep it open
              </button>
              <button
                type="button"
                className="button primary"
                data-autofocus
                disabled={busy}
                data-testid="rev-finish-confirm"
                onClick={() => void finish()}
              >
                Finish and reveal the runs
              </button>
            </>
          }
        >
          <p>Finishing closes the review to new judgments and reveals which run wrote which output, for every reviewer.</p>
          {names.length > 0 ? (
            <ul className="rev-finish-progress">
              {names.map((n) => (
                <li key={n}>
                  {n}: {review.progress[n] ?? 0} of {review.pairs} pairs judged
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">Nobody has judged a pair yet.</p>
          )}
        </Dialog>
      )}
    </>
  );
}
