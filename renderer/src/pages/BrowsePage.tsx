/** Browse: users, items and interactions of one dataset in virtualized tables. */
import { useCallback, useState } from 'react';
import type { DatasetSummary, InteractionRow, ItemRow, UserRow } from '../../../preload/api';
import { call } from '../client';
import { DatasetScope } from '../components/DatasetScope';
import { InteractionDetail } from '../components/InteractionDetail';
import { FilteredTable, type TableQuery } from '../components/FilteredTable';
import type { Column } from '../components/VirtualTable';
import { Chips, chipsTitle, SplitBadge, Stars, Truncated } from '../components/bits';
import { fmtInt, fmtTimestamp } from '../format';
import { BROWSE_TABS, hrefFor, navigate, type BrowseTab } from '../route';
import { PageHeader } from '../components/PageHeader';

const TAB_LABEL: Record<BrowseTab, string> = { users: 'Users', items: 'Items', interactions: 'Interactions' };

export function BrowsePage({ datasetId, tab }: { datasetId: number; tab: BrowseTab }) {
  return <DatasetScope datasetId={datasetId}>{(d) => <Browse dataset={d} tab={tab} />}</DatasetScope>;
}

function Browse({ dataset, tab }: { dataset: DatasetSummary; tab: BrowseTab }) {
  const counts: Record<BrowseTab, number> = { users: dataset.users, items: dataset.items, interactions: dataset.interactions };
  return (
    <div className="page page-fill" data-testid="browse-page">
      <PageHeader
        title={dataset.name}
        sub={
          <>
            <span className="format-tag">{dataset.format}</span> {fmtInt(dataset.users)} users · {fmtInt(dataset.items)} items ·{' '}
            {fmtInt(dataset.interactions)} interactions
            {dataset.split && <> · split ({dataset.split.rule})</>}
          </>
        }
      />
      <div className="tabs" role="tablist" aria-label="What to browse">
        {BROWSE_TABS.map((t) => (
          <a
            key={t}
            role="tab"
            aria-selected={t === tab}
            className={`tab${t === tab ? ' current' : ''}`}
            href={hrefFor({ page: 'browse', datasetId: dataset.id, tab: t })}
            data-testid={`tab-${t}`}
          >
            {TAB_LABEL[t]} <span className="tab-count">{fmtInt(counts[t])}</span>
          </a>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel">
        {tab === 'users' && <UsersTable key={dataset.id} dataset={dataset} />}
        {tab === 'items' && <ItemsTable key={dataset.id} dataset={dataset} />}
        {tab === 'interactions' && <InteractionsTable key={dataset.id} dataset={dataset} />}
      </div>
    </div>
  );
}

function UsersTable({ dataset }: { dataset: DatasetSummary }) {
  const fetchPage = useCallback(
    (q: TableQuery) => call('rows.users', { datasetId: dataset.id, ...q, sort: q.sort as 'id' | 'extId' | 'interactions' }),
    [dataset.id],
  );
  const columns: Column<UserRow>[] = [
    {
      key: 'extId',
      label: 'User',
      width: 'minmax(120px, 1fr)',
      sortKey: 'extId',
      render: (r) => <span className="ext-id">{r.extId}</span>,
      cellTitle: (r) => r.extId,
    },
    {
      key: 'interactions',
      label: 'Interactions',
      width: '130px',
      sortKey: 'interactions',
      align: 'right',
      render: (r) => fmtInt(r.interactions),
    },
    {
      key: 'features',
      label: 'Features',
      width: 'minmax(240px, 3fr)',
      render: (r) => <Chips value={r.features} />,
      cellTitle: (r) => chipsTitle(r.features) || undefined,
    },
  ];
  return (
    <>
      <FilteredTable
        stateKey={`${dataset.id}:users`}
        noun="users"
        testid="users-table"
        label="Users"
        columns={columns}
        fetchPage={fetchPage}
        queryKey={`u:${dataset.id}`}
        rowKey={(r) => r.id}
        onRowActivate={(r) => navigate({ page: 'timeline', datasetId: dataset.id, userId: r.id })}
        emptyText="This dataset has no users."
        minWidth={640}
      />
      <p className="table-hint muted small">Click a user (or press Enter) to open their timeline.</p>
    </>
  );
}

function ItemsTable({ dataset }: { dataset: DatasetSummary }) {
  const fetchPage = useCallback(
    (q: TableQuery) => call('rows.items', { datasetId: dataset.id, ...q, sort: q.sort as 'id' | 'extId' | 'title' | 'interactions' }),
    [dataset.id],
  );
  const columns: Column<ItemRow>[] = [
    {
      key: 'extId',
      label: 'Item',
      width: 'minmax(100px, 1fr)',
      sortKey: 'extId',
      render: (r) => <span className="ext-id">{r.extId}</span>,
      cellTitle: (r) => r.extId,
    },
    {
      key: 'title',
      label: 'Title',
      width: 'minmax(200px, 2.5fr)',
      sortKey: 'title',
      render: (r) => (r.title ? r.title : <span className="muted">—</span>),
      cellTitle: (r) => r.title ?? undefined,
    },
    {
      key: 'interactions',
      label: 'Interactions',
      width: '130px',
      sortKey: 'interactions',
      align: 'right',
      render: (r) => fmtInt(r.interactions),
    },
    {
      key: 'attrs',
      label: 'Attributes',
      width: 'minmax(220px, 3fr)',
      render: (r) => <Chips value={r.attrs} />,
      cellTitle: (r) => chipsTitle(r.attrs) || undefined,
    },
  ];
  return (
    <FilteredTable
      stateKey={`${dataset.id}:items`}
      noun="items"
      testid="items-table"
      label="Items"
      columns={columns}
      fetchPage={fetchPage}
      queryKey={`i:${dataset.id}`}
      rowKey={(r) => r.id}
      emptyText="This dataset has no items."
      minWidth={760}
    />
  );
}

export function interactionColumns(
  datasetId: number,
  onExpand: (r: InteractionRow) => void,
  opts: { showUser: boolean },
): Column<InteractionRow>[] {
  const cols: Column<InteractionRow>[] = [
    { key: 'id', label: '#', width: '80px', sortKey: 'id', align: 'right', render: (r) => <span className="muted">{r.id}</span> },
  ];
  if (opts.showUser) {
    cols.push({
      key: 'user',
      label: 'User',
      width: 'minmax(90px, 0.8fr)',
      sortKey: 'user',
      render: (r) => (
        <a
          className="ext-id"
          href={hrefFor({ page: 'timeline', datasetId, userId: r.userId })}
          onClick={(e) => e.stopPropagation()}
          title="Open this user's timeline"
        >
          {r.userExt}
        </a>
      ),
    });
  }
  cols.push(
    {
      key: 'item',
      label: 'Item',
      width: 'minmax(180px, 2fr)',
      sortKey: 'item',
      render: (r) => (
        <span className="item-cell">
          {r.itemTitle ?? <span className="ext-id">{r.itemExt}</span>}
          {r.itemTitle && <span className="muted small"> {r.itemExt}</span>}
        </span>
      ),
      cellTitle: (r) => (r.itemTitle ? `${r.itemTitle} (${r.itemExt})` : r.itemExt),
    },
    { key: 'rating', label: 'Rating', width: '130px', sortKey: 'rating', render: (r) => <Stars rating={r.rating} /> },
    {
      key: 'timestamp',
      label: 'Time (UTC)',
      width: '150px',
      sortKey: 'timestamp',
      render: (r) => <span className="nowrap">{fmtTimestamp(r.timestamp)}</span>,
    },
    {
      key: 'summary',
      label: 'Summary',
      width: 'minmax(140px, 1.5fr)',
      render: (r) => <Truncated text={r.summary} />,
      cellTitle: (r) => r.summary ?? undefined,
    },
    {
      key: 'review',
      label: 'Review',
      width: 'minmax(200px, 3fr)',
      render: (r) => <Truncated text={r.review} onExpand={() => onExpand(r)} />,
      cellTitle: (r) => r.review ?? undefined,
    },
    { key: 'split', label: 'Split', width: '70px', render: (r) => <SplitBadge split={r.split} /> },
  );
  return cols;
}

function InteractionsTable({ dataset }: { dataset: DatasetSummary }) {
  const [detail, setDetail] = useState<InteractionRow | null>(null);
  const fetchPage = useCallback(
    (q: TableQuery) =>
      call('rows.interactions', { datasetId: dataset.id, ...q, sort: q.sort as 'id' | 'user' | 'item' | 'rating' | 'timestamp' }),
    [dataset.id],
  );
  return (
    <>
      <FilteredTable
        stateKey={`${dataset.id}:interactions`}
        noun="interactions"
        testid="interactions-table"
        label="Interactions"
        columns={interactionColumns(dataset.id, setDetail, { showUser: true })}
        fetchPage={fetchPage}
        queryKey={`x:${dataset.id}:${dataset.split?.createdAt ?? ''}`}
        rowKey={(r) => r.id}
        onRowActivate={setDetail}
        emptyText="This dataset has no interactions."
        minWidth={1100}
      />
      <p className="table-hint muted small">Click a row (or press Enter) to read the full review.</p>
      {detail && <InteractionDetail row={detail} datasetId={dataset.id} onClose={() => setDetail(null)} />}
    </>
  );
}
