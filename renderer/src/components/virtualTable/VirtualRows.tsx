/** The rows of the virtual table in view: loaded rows, and skeletons (or "not loaded") where a page is missing. */
import type { ReactNode } from 'react';
import type { Column } from './types';

interface Props<R> {
  columns: Column<R>[];
  first: number;
  last: number;
  rowAt: (i: number) => R | undefined;
  pageFailed: (i: number) => boolean;
  /** The row's top in the scroll box. */
  topOf: (i: number) => number;
  rowHeight: number;
  template: string;
  testid: string;
  rowKey: (row: R) => string | number;
  active: number | null;
  onActivate: (i: number) => void;
  clickable: boolean;
}

export function virtualRows<R>(p: Props<R>): ReactNode[] {
  const rows: ReactNode[] = [];
  for (let i = p.first; i < p.last; i++) {
    const row = p.rowAt(i);
    const style = { height: p.rowHeight, transform: `translateY(${p.topOf(i)}px)`, gridTemplateColumns: p.template };
    if (row === undefined) {
      const failed = p.pageFailed(i);
      rows.push(
        <div
          key={`p${i}`}
          role="row"
          aria-rowindex={i + 2}
          className="vt-row vt-row-loading"
          style={style}
          data-testid={`${p.testid}-row-loading`}
        >
          {p.columns.map((c, k) => (
            <div role="cell" key={c.key} className="vt-cell">
              {failed ? k === 0 ? <span className="muted">not loaded</span> : null : <span className="skeleton" />}
            </div>
          ))}
        </div>,
      );
      continue;
    }
    rows.push(
      <div
        key={`${p.rowKey(row)}@${i}`}
        role="row"
        aria-rowindex={i + 2}
        aria-selected={p.active === i}
        className={`vt-row${i % 2 ? ' vt-row-odd' : ''}${p.active === i ? ' vt-row-active' : ''}${p.clickable ? ' vt-row-clickable' : ''}`}
        style={style}
        data-testid={`${p.testid}-row`}
        data-row-index={i}
        onClick={() => p.onActivate(i)}
      >
        {p.columns.map((c) => (
          <div
            role="cell"
            key={c.key}
            className={`vt-cell${c.align ? ` align-${c.align}` : ''}`}
            title={c.cellTitle?.(row)}
            data-col={c.key}
          >
            {c.render(row, i)}
          </div>
        ))}
      </div>,
    );
  }
  return rows;
}
