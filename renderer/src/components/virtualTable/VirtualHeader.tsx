/** The virtual table's header row: a sort button per sortable column, its mark saying which way it sorts. */
import { HEADER_HEIGHT } from './useScrollWindow';
import type { Column, SortDir } from './types';

interface Props<R> {
  columns: Column<R>[];
  template: string;
  testid: string;
  sort?: string;
  dir?: SortDir;
  onSort?: (sortKey: string) => void;
}

export function VirtualHeader<R>({ columns, template, testid, sort, dir, onSort }: Props<R>) {
  return (
    <div role="row" aria-rowindex={1} className="vt-header" style={{ gridTemplateColumns: template, height: HEADER_HEIGHT }}>
      {columns.map((c) => {
        const sorted = c.sortKey !== undefined && c.sortKey === sort;
        return (
          <div
            role="columnheader"
            key={c.key}
            className={`vt-cell vt-head${c.align ? ` align-${c.align}` : ''}`}
            aria-sort={sorted ? (dir === 'desc' ? 'descending' : 'ascending') : undefined}
          >
            {c.sortKey && onSort ? (
              <button
                type="button"
                className={`sort-button${sorted ? ' sorted' : ''}`}
                onClick={() => onSort(c.sortKey as string)}
                data-testid={`${testid}-sort-${c.key}`}
                title={`Sort by ${c.label.toLowerCase()}${sorted ? (dir === 'asc' ? ' (now ascending)' : ' (now descending)') : ''}`}
              >
                {c.label}
                <span className="sort-mark" aria-hidden="true">
                  {sorted ? (dir === 'desc' ? '▼' : '▲') : '↕'}
                </span>
              </button>
            ) : (
              c.label
            )}
          </div>
        );
      })}
    </div>
  );
}
