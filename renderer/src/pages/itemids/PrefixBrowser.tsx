/**
 * Items that share a code prefix: the path chosen so far (each step clickable to go back), the codes of the next
 * level with their item counts (click one to go down), and the items under the prefix in a virtualized table
 * with a filter box (`/` focuses it).
 */
import { useCallback, useMemo, useState } from 'react';
import type { ItemCode, ItemIdSet } from '../../../../preload/api-itemids';
import { FilterBox, Spinner } from '../../components/bits';
import { VirtualTable, type Column, type PageQuery } from '../../components/VirtualTable';
import { call } from '../../client';
import { useReportError } from '../../errors';
import { fmtInt } from '../../format';
import { useDebounced } from '../../hooks';
import { usePrefixCodes, type ItemMapPoint } from './itemIdsData';
import { codeColor, codeToken, prefixText } from './prefix';

/** Code buttons shown at once; a level with more (an atomic set's one code per item) says how many it hides. */
const MAX_CODES = 256;

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
  const level = prefix.length;
  const shownCodes = useMemo(() => (codes ?? []).slice(0, MAX_CODES), [codes]);

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
      <nav className="ids-path" aria-label="Code prefix">
        <button
          type="button"
          className={`link-button${level === 0 ? ' current' : ''}`}
          aria-current={level === 0 ? 'step' : undefined}
          data-testid="ids-path-root"
          onClick={() => onPrefix([])}
        >
          all items
        </button>
        {prefix.map((c, l) => (
          <span key={l} className="ids-path-step">
            <span aria-hidden="true">›</span>
            <button
              type="button"
              className={`link-button${l === level - 1 ? ' current' : ''}`}
              aria-current={l === level - 1 ? 'step' : undefined}
              data-testid="ids-path-step"
              onClick={() => onPrefix(prefix.slice(0, l + 1))}
            >
              <code>{codeToken(l, c)}</code>
            </button>
          </span>
        ))}
      </nav>

      {depth === 0 ? (
        <p className="muted ids-level-note">Titles have no codes: every item is listed below under its title.</p>
      ) : codes === null ? (
        <Spinner label="Reading codes…" />
      ) : codes.length === 0 ? (
        <p className="muted ids-level-note" data-testid="ids-level-end">
          {prefix.length === 0 ? 'No codes.' : `${prefixText(prefix)} is a whole identifier: no level below it.`}
        </p>
      ) : (
        <div className="ids-level" data-testid="ids-level" data-level={level + 1}>
          <span className="field-label">
            Level {level + 1}
            {level + 1 <= depth ? ` of ${depth}` : ''}: {fmtInt(codes.length)} code{codes.length === 1 ? '' : 's'}
          </span>
          <div className="ids-codes">
            {shownCodes.map((c) => (
              <button
                type="button"
                key={c.code}
                className="ids-code"
                data-testid="ids-code"
                data-code={c.code}
                data-items={c.items}
                title={`${c.items} item${c.items === 1 ? '' : 's'} under ${prefixText(prefix)}${codeToken(level, c.code)}`}
                onClick={() => onPrefix([...prefix, c.code])}
              >
                {level === 0 && <span className="ids-swatch" style={{ background: codeColor(c.code) }} aria-hidden="true" />}
                <code>{codeToken(level, c.code)}</code>
                <span className="ids-code-count">{fmtInt(c.items)}</span>
              </button>
            ))}
            {codes.length > MAX_CODES && (
              <span className="muted ids-more">+{fmtInt(codes.length - MAX_CODES)} more: filter the list below by identifier</span>
            )}
          </div>
        </div>
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
