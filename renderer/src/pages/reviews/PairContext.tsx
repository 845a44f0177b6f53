/** What a reviewer needs before reading the outputs: the user, their recent history, the item, the rating, the real review. */
import type { ReviewPairView } from '../../../../preload/api-review';
import { Chips, Stars } from '../../components/bits';

export function PairContext({
  view,
  family,
  referenceIsReview,
}: {
  view: ReviewPairView;
  family: 'explanation' | 'review';
  referenceIsReview: boolean;
}) {
  const { user, history, item, rating, review } = view.context;
  return (
    <div className="card rev-context" data-testid="rev-context">
      <div className="rev-context-facts">
        <div>
          <span className="rev-context-label">User</span> <strong data-testid="rev-user">{user}</strong>
        </div>
        <div>
          <span className="rev-context-label">Item</span> <strong data-testid="rev-item">{item.title || '—'}</strong>{' '}
          <Chips value={item.attributes} max={8} />
        </div>
        <div>
          <span className="rev-context-label">Rating</span> <Stars rating={rating} />
        </div>
      </div>
      <div className="rev-context-history">
        <span className="rev-context-label">Recent history{history.length ? ` (last ${history.length}, oldest first)` : ''}</span>
        {history.length === 0 ? (
          <span className="muted"> none before this item</span>
        ) : (
          <ol className="rev-history" data-testid="rev-history">
            {history.map((title, k) => (
              <li key={k}>{title || '—'}</li>
            ))}
          </ol>
        )}
      </div>
      <div className="rev-context-review">
        <span className="rev-context-label">
          The user&apos;s real {family === 'review' ? 'review (the text summarized)' : 'review'}
          {referenceIsReview ? ' — also the reference' : ''}
        </span>
        <blockquote className="rev-quote" data-testid="rev-real-review">
          {review || <span className="muted">no text</span>}
        </blockquote>
      </div>
    </div>
  );
}
