/** The timeline's header: the way back to the users, who the user is, the span of their interactions. */
import type { DatasetSummary, UserRow } from '../../../../preload/api';
import { Chips } from '../../components/bits';
import { fmtDay, fmtInt } from '../../format';
import { hrefFor, navigate } from '../../route';
import type { Span } from './useTimelineUser';

interface Props {
  dataset: DatasetSummary;
  userId: number;
  user: UserRow | null | undefined;
  span: Span | null;
}

export function TimelineHeader({ dataset, userId, user, span }: Props) {
  return (
    <header className="page-header">
      <div>
        <p className="crumbs">
          <a href={hrefFor({ page: 'browse', datasetId: dataset.id, tab: 'users' })}>Users</a> ›{' '}
          <a href={hrefFor({ page: 'timeline', datasetId: dataset.id, userId: null })}>Timeline</a>
        </p>
        <h1 data-testid="timeline-user">
          User <span className="ext-id">{user ? user.extId : user === null ? `#${userId}` : '…'}</span>
        </h1>
        {user && (
          <div className="user-summary">
            <span>{fmtInt(user.interactions)} interactions</span>
            {span && span.first !== null && (
              <span>
                {fmtDay(span.first)} → {fmtDay(span.last)}
              </span>
            )}
            <Chips value={user.features} max={20} />
          </div>
        )}
      </div>
      <button type="button" className="button" onClick={() => navigate({ page: 'timeline', datasetId: dataset.id, userId: null })}>
        Other user…
      </button>
    </header>
  );
}
