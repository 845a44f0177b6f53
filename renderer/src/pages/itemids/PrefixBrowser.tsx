/**
 * Items that share a code prefix: the path chosen so far (each step clickable to go back), the codes of the next
 * level with their item counts (click one to go down), and the items under the prefix in a virtualized table
 * with a filter box (`/` focuses it).
 */
import { useCallback, useState } from 'react';
import type { ItemCode, ItemIdSet } from '../../../../preload/api-itemids';
import { FilterBox, Spinner } from '../../components/bits';
import { VirtualTable, type Column, type PageQuery } from '../../components/VirtualTable';
import { call } from '../../client';
import { useReportError } from '../../errors';
import { fmtInt } from '../../format';
import { useDebounced } from '../../hooks';
import { usePrefixCodes, type ItemMapPoint } from './itemIdsData';
import { prefixText } from './prefix';
import { LevelCodes, PrefixPath } from './PrefixPath';

/** Code buttons shown at once; a level with more (an atomic set's one code per item) says how many it hides. */

interface Props {
  set: ItemIdSet;
  map: ItemMapPoint[] | null | undefined;
  prefix: readonly number[];
  onPrefix: (prefix: number[]) => void;
}

const COLUMNS: Column<ItemCode>[] = [
  {
    key: 'identifier',
    label: 'Identifier',
    width: 'minmax(150px, 1.2fr)',
    render: (r) => <code>{r.identifier}</code>,
    cellTitle: (r) => r.identifier,
  },
  {
    key: 'title',
    label: 'Title',
    width: 'minmax(180px, 2fr)',
    render: (r) => r.title ?? <span className="muted">—</span>,
    cellTitle: (r) => r.title ?? undefined,
  },
  { key: 'extId', label: 'Item id', width: '110px', render: (r) => <span className="ext-id">{r.extId}</span> },
  {
    key: 'cold',
    label: 'Cold',
    width: '64px',
    align: 'center',
    render: (r) =>
      r.cold ? (
        <span className="badge ids-cold" title="only in validation or test: coded from content alone">
          cold
        </span>
      ) : null,
  },
];

export function PrefixBrowser({ set, map, prefix, onPrefix }: Props) {
  const report = useReportError();
  const [filter, setFilter] = useState('');
  const [total, setTotal] = useState<number | null>(null);
  const search = useDebounced(filter.trim(), 250);
  const depth = set.stats?.levels.length ?? 0;
  const codes = usePrefixCodes(set.id, prefix, map);

  const fetchPage = useCallback(
    (q: PageQuery) => call('itemids.items', { id: set.id, prefix: [...prefix], filter: search, offset: q.offset, limit: q.limit }),
    [set.id, prefix, search],
  );
  const onError = useCallback((e: unknown) => report(e, 'Listing the items under a prefix'), [report]);

  return (
    <section className="card ids-browser" data-testid="ids-browser" data-prefix={prefix.join('.')}>
      <div className="eval-section-head">
        <h3>Items by code prefix</h3>
        <span className="hint">Click a code to list the items that share it, then a code of the next level.</span>
      </div>
      <PrefixPath prefix={prefix} onPrefix={onPrefix} />

      {depth === 0 ? (
        <p className="muted ids-level-note">Titles have no codes: every item is listed below under its title.</p>
      ) : codes === null ? (
        <Spinner label="Reading codes…" />
      ) : codes.length === 0 ? (
        <p className="muted ids-level-note" data-testid="ids-level-end">
          {prefix.length === 0 ? 'No codes.' : `${prefixText(prefix)} is a whole identifier: no level below it.`}
        </p>
      ) : (
        <LevelCodes prefix={prefix} codes={codes} depth={depth} onPrefix={onPrefix} />
      )}

      <div className="toolbar">
        <FilterBox value={filter} onChange={setFilter} placeholder="Filter by title, item id or identifier" />
        <span className="table-total" data-testid="ids-items-total">
          {total === null ? '' : `${fmtInt(total)} item${total === 1 ? '' : 's'}${prefix.length ? ` under ${prefixText(prefix)}` : ''}`}
        </span>
      </div>
      <div className="ids-items">
        <VirtualTable
          testid="ids-items"
          label={`Items under ${prefixText(prefix) || 'no prefix'}`}
          columns={COLUMNS}
          queryKey={`${set.id}:${prefix.join('.')}:${search}`}
          fetchPage={fetchPage}
          rowKey={(r) => r.itemId}
          onTotal={setTotal}
          onError={onError}
          emptyText={search ? `No item under this prefix matches “${search}”.` : 'No items under this prefix.'}
          minWidth={520}
          pageSize={200}
        />
      </div>
    </section>
  );
}
