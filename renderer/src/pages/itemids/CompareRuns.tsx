/**
 * Every run of the dataset that generated a sequential set on test, by the identifier set it trained with: one
 * table, sortable by any column (the best of each metric in bold), and NDCG@10 per run as bars.
 */
import { useMemo, useState } from 'react';
import type { ItemIdComparison } from '../../../../preload/api-itemids';
import { EmptyState, Spinner } from '../../components/bits';
import { fmtDuration } from '../../format';
import { hrefFor } from '../../route';
import { MetricBars } from '../evaluation/MetricBars';
import { fmtMetric } from '../evaluation/metrics';
import { bestValue, DEFAULT_SORT, nextSort, shownColumns, sortRows, TARGET_GROUPS, type CompareColumn, type CompareSort } from './compare';
import type { Comparison } from './itemIdsData';

export const runLabel = (r: ItemIdComparison): string => `#${r.runId} ${r.runName} · ${r.setName}`;

function Cell({ row, col, best, datasetId }: { row: ItemIdComparison; col: CompareColumn; best: number | null; datasetId: number }) {
  switch (col.key) {
    case 'run':
      return (
        <th scope="row" className="ids-compare-run">
          <a href={hrefFor({ page: 'runs', datasetId, view: 'run', runId: row.runId })} title={row.runName}>
            #{row.runId} {row.runName}
          </a>
        </th>
      );
    case 'set':
      return (
        <td className="nowrap">
          {row.setId === null ? (
            <span className="muted">{row.setName}</span>
          ) : (
            <a href={hrefFor({ page: 'itemids', datasetId, setId: row.setId })}>{row.setName}</a>
          )}
        </td>
      );
    case 'scheme':
      return <td>{row.scheme}</td>;
    case 'minutes':
      return <td className="num">{fmtDuration(row.trainingMinutes * 60)}</td>;
    case 'ms':
      return <td className="num">{row.msPerUser === null ? '—' : row.msPerUser.toFixed(1)}</td>;
    default: {
      const v = col.value(row);
      const value = typeof v === 'number' ? v : undefined;
      const suffix = col.key.slice(col.key.indexOf(' ') >= 0 ? col.key.indexOf(' ') : col.key.length);
      const examples = row.metrics[`examples${suffix}`];
      return (
        <td
          className={`num${value !== undefined && value === best ? ' eval-best' : ''}`}
          data-metric={col.key}
          title={examples === undefined ? undefined : `${examples} test examples`}
        >
          {fmtMetric(col.key, value)}
        </td>
      );
    }
  }
}

export function CompareRuns({ datasetId, rows }: { datasetId: number; rows: Comparison | null | undefined }) {
  const [sort, setSort] = useState<CompareSort>(DEFAULT_SORT);
  const [full, setFull] = useState(false);
  const columns = shownColumns(full);
  const info = columns.filter((c) => c.group === null);
  const metricColumns = columns.filter((c) => c.group !== null);
  const sorted = useMemo(() => (rows ? sortRows(rows, sort) : []), [rows, sort]);
  const best = new Map(metricColumns.map((c) => [c.key, sorted.length > 1 ? bestValue(sorted, c) : null]));

  const header = (col: CompareColumn, rowSpan?: number) => {
    const on = sort.key === col.key;
    return (
      <th
        key={col.key}
        rowSpan={rowSpan}
        className={col.group === null && col.key !== 'minutes' && col.key !== 'ms' ? undefined : 'num'}
        aria-sort={on ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
        title={col.title}
      >
        <button
          type="button"
          className={`sort-button${on ? ' sorted' : ''}`}
          data-testid={`ids-sort-${col.key.replace(' ', '-')}`}
          title={`Sort by ${col.group ? `${col.label}, ${col.group}` : col.label}`}
          onClick={() => setSort((s) => nextSort(s, col.key))}
        >
          {col.label}
          {on && (
            <span className="sort-mark" aria-hidden="true">
              {sort.dir === 'asc' ? '▲' : '▼'}
            </span>
          )}
        </button>
      </th>
    );
  };

  return (
    <section className="card ids-compare" data-testid="ids-compare">
      <div className="eval-section-head">
        <h2>Runs compared by identifier set</h2>
        <span className="hint">
          Full catalog minus history, test split (leave-one-out), one row per run with a finished sequential set on test.
        </span>
      </div>
      {rows === undefined ? (
        <Spinner label="Scoring the runs…" />
      ) : rows === null ? null : rows.length === 0 ? (
        <EmptyState title="No run to compare yet" testid="ids-compare-empty">
          <p>
            Train a run with an identifier set (the <a href={hrefFor({ page: 'runs', datasetId, view: 'list' })}>Runs page</a>&apos;s “Item
            identifiers”), then generate its sequential family on the test split on the{' '}
            <a href={hrefFor({ page: 'generations', datasetId, view: 'list', runId: null })}>Generations page</a>. Every such run appears
            here, titles included, so schemes compare on one table.
          </p>
        </EmptyState>
      ) : (
        <>
          <label className="checkbox small ids-compare-full">
            <input type="checkbox" checked={full} data-testid="ids-compare-full" onChange={(e) => setFull(e.target.checked)} />
            HR@5 and NDCG@5 for warm and cold targets too
          </label>
          <div className="eval-scroll">
            <table className="table compact eval-table eval-compare ids-compare-table" data-testid="ids-compare-table">
              <thead>
                <tr>
                  {info.map((c) => header(c, 2))}
                  {TARGET_GROUPS.map((g) => (
                    <th key={g.label} colSpan={metricColumns.filter((c) => c.group === g.label).length} className="eval-group">
                      {g.label}
                    </th>
                  ))}
                </tr>
                <tr>{metricColumns.map((c) => header(c))}</tr>
              </thead>
              <tbody>
                {sorted.map((r) => (
                  <tr key={r.runId} data-testid="ids-compare-row" data-run-id={r.runId} data-scheme={r.scheme}>
                    {columns.map((c) => (
                      <Cell key={c.key} row={r} col={c} best={best.get(c.key) ?? null} datasetId={datasetId} />
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <MetricBars
            rows={sorted.map((r) => ({ model: runLabel(r), studio: false, metrics: r.metrics, cases: r.users }))}
            keys={['NDCG@10']}
            testid="ids-compare-bars"
            caption="NDCG@10 over all test targets, full catalog minus history, in the table's order."
          />
        </>
      )}
    </section>
  );
}
