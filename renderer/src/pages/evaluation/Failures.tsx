/** A few next-item misses (the true item not in the top 10) from the run's newest sequential set, with a way to all of them. */
import { useState } from 'react';
import type { GenerationRow, GenerationSet } from '../../../../preload/api-generation';
import { call, on } from '../../client';
import { hrefFor } from '../../route';
import { RowItems, fmtRank } from '../generations/RowItems';
import { useItemLabels, type ItemLabel } from '../generations/genData';
import { useLive } from '../../live';

const SHOWN = 5;

export function Failures({
  datasetId,
  items,
  setId,
  total,
}: {
  datasetId: number;
  items: number;
  setId: number;
  total: GenerationSet['total'];
}) {
  const labels = useItemLabels(datasetId, items);
  const [open, setOpen] = useState<number | null>(null);
  // "miss" also matches the family's yes/no rows (they have no rank); only item rows are failures to show here.
  const misses = useLive(
    `misses:${setId}`,
    async () => {
      const page = await call('generations.rows', { setId, outcome: 'miss', limit: 100 });
      return { rows: page.rows.filter((r) => r.items !== null).slice(0, SHOWN), total: page.total };
    },
    (changed) => on('generations.changed', (p) => p.setId === setId && changed()),
    `Loading the misses of set ${setId}`,
  );
  const link = hrefFor({ page: 'generations', datasetId, view: 'set', setId, outcome: 'miss' });
  return (
    <section className="card eval-failures" data-testid="eval-failures">
      <div className="eval-section-head">
        <h3>Example failures</h3>
        <a href={link} data-testid="eval-failures-link">
          All misses of set #{setId} on the Generations page →
        </a>
      </div>
      {misses === undefined ? null : misses === null || misses.rows.length === 0 ? (
        <p className="muted">
          No miss among the item rows{total === null ? '' : ` of its ${total} examples`}: every true item ranked in the top 10.
        </p>
      ) : (
        <table className="table compact eval-table">
          <caption className="eval-caption">
            Set #{setId}: the first {misses.rows.length} item rows whose true item is not in the top 10 of the full-catalog ranking.
          </caption>
          <thead>
            <tr>
              <th>template</th>
              <th className="num">user</th>
              <th>output (top item)</th>
              <th>reference</th>
              <th className="num">rank</th>
            </tr>
          </thead>
          <tbody>
            {misses.rows.map((r) => (
              <FailureRow
                key={r.index}
                row={r}
                open={open === r.index}
                onToggle={() => setOpen((o) => (o === r.index ? null : r.index))}
                labels={labels}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function FailureRow({
  row,
  open,
  onToggle,
  labels,
}: {
  row: GenerationRow;
  open: boolean;
  onToggle: () => void;
  labels: Map<number, ItemLabel> | null;
}) {
  return (
    <>
      <tr data-testid="eval-failure">
        <td className="nowrap">
          <button type="button" className="link-button gen-expand" aria-expanded={open} onClick={onToggle} title="The returned items">
            {open ? '▾' : '▸'}
          </button>{' '}
          <code>{row.template}</code>
        </td>
        <td className="num">{row.userId}</td>
        <td>{row.output}</td>
        <td>{row.reference}</td>
        <td className="num">{fmtRank(row.rank, row.items === null ? null : row.items.length)}</td>
      </tr>
      {open && (
        <tr className="gen-row-detail">
          <td colSpan={5}>
            <RowItems row={row} labels={labels} />
          </td>
        </tr>
      )}
    </>
  );
}
