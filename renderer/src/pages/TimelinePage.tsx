/** Timeline: one user's interactions in time order, with who they are (features) above. */
import { useCallback, useEffect, useState } from 'react';
import type { DatasetSummary, InteractionRow, UserRow } from '../../../preload/api';
import { call } from '../client';
import { DatasetScope } from '../components/DatasetScope';
import { InteractionDetail } from '../components/InteractionDetail';
import { VirtualTable, type PageQuery } from '../components/VirtualTable';
import { Chips, EmptyState, Spinner } from '../components/bits';
import { useTableState } from '../components/tableState';
import { useReportError } from '../errors';
import { fmtInt } from '../format';
import { useDebounced } from '../hooks';
import { hrefFor } from '../route';
import { TableToolbar } from '../components/FilteredTable';
import { timelineColumns } from './timeline/timelineColumns';
import { TimelineHeader } from './timeline/TimelineHeader';
import { useTimelineUser } from './timeline/useTimelineUser';
import { PageHeader } from '../components/PageHeader';

export function TimelinePage({ datasetId, userId, userExt }: { datasetId: number; userId: number | null; userExt?: string }) {
  return (
    <DatasetScope datasetId={datasetId}>
      {(d) =>
        userExt !== undefined ? (
          <UserByExt key={`${d.id}:${userExt}`} dataset={d} ext={userExt} />
        ) : userId === null ? (
          <UserPicker dataset={d} />
        ) : (
          <Timeline key={`${d.id}:${userId}`} dataset={d} userId={userId} />
        )
      }
    </DatasetScope>
  );
}

/** The user whose dataset id is exactly `ext` (the users filter matches substrings; ids sort first among them). */
async function findUser(datasetId: number, ext: string): Promise<UserRow | null> {
  const page = await call('rows.users', { datasetId, offset: 0, limit: 200, sort: 'extId', dir: 'asc', filter: ext });
  return page.rows.find((u) => u.extId === ext) ?? null;
}

/** `timeline/user/<ext id>`: the user found by the dataset's own id, or a plain message naming it. */
function UserByExt({ dataset, ext }: { dataset: DatasetSummary; ext: string }) {
  const report = useReportError();
  const [user, setUser] = useState<UserRow | null | undefined>(undefined);
  useEffect(() => {
    let alive = true;
    findUser(dataset.id, ext).then(
      (u) => alive && setUser(u),
      (err: unknown) => report(err, `Finding user ${ext}`),
    );
    return () => {
      alive = false;
    };
  }, [dataset.id, ext, report]);
  if (user === undefined) return <Spinner label={`Finding user ${ext}…`} />;
  if (user === null)
    return (
      <EmptyState title={`No user "${ext}" in ${dataset.name}`} testid="timeline-no-user">
        <p>
          The address names a user this dataset does not have (a link from another dataset, or a user removed by a re-import).{' '}
          <a href={hrefFor({ page: 'timeline', datasetId: dataset.id, userId: null })}>Pick a user</a>.
        </p>
      </EmptyState>
    );
  return <Timeline dataset={dataset} userId={user.id} />;
}

function UserPicker({ dataset }: { dataset: DatasetSummary }) {
  const report = useReportError();
  const [q, setQ] = useState('');
  const query = useDebounced(q.trim(), 200);
  const [users, setUsers] = useState<UserRow[] | null>(null);
  useEffect(() => {
    let alive = true;
    call('rows.users', { datasetId: dataset.id, offset: 0, limit: 30, sort: 'interactions', dir: 'desc', filter: query }).then(
      (p) => alive && setUsers(p.rows),
      (err: unknown) => report(err, 'Finding users'),
    );
    return () => {
      alive = false;
    };
  }, [dataset.id, query, report]);
  return (
    <div className="page" data-testid="timeline-page">
      <PageHeader title="Timeline" sub={`Pick a user of ${dataset.name} to see their interactions in time order.`} />
      <div className="card picker">
        <input
          type="search"
          className="picker-input"
          placeholder="Find a user by id…"
          aria-label="Find a user"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          data-testid="timeline-user-search"
          data-filter-box=""
          autoFocus
        />
        {users === null ? null : users.length === 0 ? (
          <p className="muted">No users match “{query}”.</p>
        ) : (
          <ul className="picker-list">
            {users.map((u) => (
              <li key={u.id}>
                <a
                  href={hrefFor({ page: 'timeline', datasetId: dataset.id, userId: u.id, userExt: u.extId })}
                  className="picker-option"
                  data-testid="timeline-user-option"
                >
                  <span className="ext-id">{u.extId}</span>
                  <span className="muted small">{fmtInt(u.interactions)} interactions</span>
                  <Chips value={u.features} max={4} />
                </a>
              </li>
            ))}
          </ul>
        )}
        {!query && users && users.length > 0 && <p className="muted small">The most active users are listed first.</p>}
      </div>
    </div>
  );
}

function Timeline({ dataset, userId }: { dataset: DatasetSummary; userId: number }) {
  const report = useReportError();
  const [total, setTotal] = useState<number | null>(null);
  const [detail, setDetail] = useState<InteractionRow | null>(null);
  const t = useTableState(`${dataset.id}:timeline`, { sort: 'timestamp', dir: 'asc' });
  const { user, span } = useTimelineUser(dataset, userId);
  const fetchPage = useCallback(
    (q: PageQuery) =>
      call('rows.interactions', { datasetId: dataset.id, userId, ...q, sort: 'timestamp', dir: t.dir, filter: t.debouncedFilter }),
    [dataset.id, userId, t.dir, t.debouncedFilter],
  );
  const onError = useCallback((err: unknown) => report(err, 'Loading the timeline'), [report]);

  const columns = timelineColumns((i) => (t.debouncedFilter ? '' : t.dir === 'asc' ? i + 1 : (total ?? 0) - i));

  return (
    <div className="page page-fill" data-testid="timeline-page">
      <TimelineHeader dataset={dataset} userId={userId} user={user} span={span} />
      {user === null && span && span.first === null && total === 0 ? (
        <EmptyState title="No interactions for this user" />
      ) : (
        <>
          <TableToolbar
            filter={t.filter}
            setFilter={t.setFilter}
            active={t.debouncedFilter}
            total={total}
            noun="interactions"
            placeholder="Filter this timeline…"
          />
          <VirtualTable
            testid="timeline-table"
            className="timeline-table"
            label="Timeline"
            columns={columns}
            rowHeight={56}
            queryKey={`t:${dataset.id}:${userId}:${t.dir}:${t.debouncedFilter}:${dataset.split?.createdAt ?? ''}`}
            fetchPage={fetchPage}
            rowKey={(r) => r.id}
            sort="timestamp"
            dir={t.dir}
            onSort={t.toggleSort}
            onTotal={setTotal}
            onError={onError}
            onRowActivate={setDetail}
            emptyText={t.debouncedFilter ? `Nothing in this timeline matches “${t.debouncedFilter}”.` : 'This user has no interactions.'}
            minWidth={900}
          />
        </>
      )}
      {detail && <InteractionDetail row={detail} datasetId={dataset.id} onClose={() => setDetail(null)} />}
    </div>
  );
}
