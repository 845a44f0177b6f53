/** One interaction in full: the review and summary that tables cut to a line. */
import type { InteractionRow } from '../../../preload/api';
import { fmtTimestamp } from '../format';
import { hrefFor } from '../route';
import { Dialog } from './Dialog';
import { SplitBadge, Stars } from './bits';

export function InteractionDetail({ row, datasetId, onClose }: { row: InteractionRow; datasetId: number; onClose: () => void }) {
  return (
    <Dialog title={row.itemTitle ?? `Item ${row.itemExt}`} onClose={onClose} testid="interaction-detail">
      <dl className="kv detail-kv">
        <dt>User</dt>
        <dd>
          <a href={hrefFor({ page: 'timeline', datasetId, userId: row.userId, userExt: row.userExt })} onClick={onClose}>
            {row.userExt}
          </a>{' '}
          <span className="muted small">(open timeline)</span>
        </dd>
        <dt>Item</dt>
        <dd>
          {row.itemExt}
          {row.itemTitle && <span className="muted"> — {row.itemTitle}</span>}
        </dd>
        <dt>Rating</dt>
        <dd>
          <Stars rating={row.rating} />
        </dd>
        <dt>Time</dt>
        <dd>{fmtTimestamp(row.timestamp)} UTC</dd>
        <dt>Split</dt>
        <dd>
          <SplitBadge split={row.split} />
        </dd>
      </dl>
      {row.summary && (
        <section className="detail-text">
          <h3>Summary</h3>
          <p data-testid="detail-summary">{row.summary}</p>
        </section>
      )}
      <section className="detail-text">
        <h3>Review</h3>
        {row.review ? <p data-testid="detail-review">{row.review}</p> : <p className="muted">No review text.</p>}
      </section>
    </Dialog>
  );
}
