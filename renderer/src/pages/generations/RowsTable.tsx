/**
 * A page of a set's rows: input (one line, expandable), output, reference, score, ranks; an item row expands to the
 * items it returned with the true one marked.
 */
import { Fragment } from 'react';
import type { GenerationRow } from '../../../../preload/api-generation';
import type { ItemLabel } from './genData';
import { fmtRank, fmtSampledRank, RowItems } from './RowItems';

interface RowsTableProps {
  rows: readonly GenerationRow[];
  open: ReadonlySet<number>;
  toggle: (index: number) => void;
  itemFamily: boolean;
  labels: Map<number, ItemLabel> | null;
}

export function RowsTable({ rows, open, toggle, itemFamily, labels }: RowsTableProps) {
  return (
    <div className="gen-rows-scroll">
      <table className="table gen-rows" data-testid="gen-rows">
        <thead>
          <tr>
            <th className="num">#</th>
            <th>Template</th>
            <th className="num">User</th>
            <th>Input</th>
            <th>Output</th>
            <th>Reference</th>
            <th className="num" title="Log-probability of the output">
              Score
            </th>
            {itemFamily && (
              <th className="num" title="Rank of the true item among the returned items (full catalog)">
                Rank
              </th>
            )}
            {itemFamily && (
              <th className="num" title="Rank of the true item among the prompt's 100 sampled candidates">
                Sampled rank
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <RowView
              key={row.index}
              row={row}
              open={open.has(row.index)}
              onToggle={() => toggle(row.index)}
              itemFamily={itemFamily}
              labels={labels}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RowView({
  row,
  open,
  onToggle,
  itemFamily,
  labels,
}: {
  row: GenerationRow;
  open: boolean;
  onToggle: () => void;
  itemFamily: boolean;
  labels: Map<number, ItemLabel> | null;
}) {
  const outcome = row.items === null ? null : row.valid === false ? 'invalid' : row.rank !== null && row.rank <= 10 ? 'hit' : 'miss';
  return (
    <Fragment>
      <tr data-testid="gen-row" data-index={row.index} data-outcome={outcome ?? undefined} className={open ? 'gen-row-open' : undefined}>
        <td className="num">{row.index + 1}</td>
        <td className="nowrap">
          <code>{row.template}</code>{' '}
          <span className={`badge ${row.seen ? 'tpl-badge-seen' : 'tpl-badge-unseen'}`}>{row.seen ? 'seen' : 'unseen'}</span>
        </td>
        <td className="num" title={`internal id ${row.userId}`}>
          {row.userExt}
        </td>
        <td>
          <div className="gen-input-cell">
            <button
              type="button"
              className="link-button gen-expand"
              aria-expanded={open}
              data-testid="gen-row-expand"
              onClick={onToggle}
              title={open ? 'Collapse' : 'Show the whole input and the returned items'}
            >
              {open ? '▾' : '▸'}
            </button>
            <span className="gen-input-line" title={row.input}>
              {row.input}
            </span>
          </div>
        </td>
        <td className="gen-output">
          <span data-testid="gen-output">{row.output}</span>
          {!row.output && <span className="muted">(empty)</span>}
          {outcome && (
            <span className={`badge gen-outcome gen-outcome-${outcome}`} data-testid="gen-outcome">
              {outcome}
            </span>
          )}
        </td>
        <td className="gen-reference" data-testid="gen-reference">
          {row.reference}
        </td>
        <td className="num">{row.score.toFixed(2)}</td>
        {itemFamily && (
          <td className="num" data-testid="gen-rank">
            {fmtRank(row.rank, row.items === null ? null : row.items.length)}
          </td>
        )}
        {itemFamily && (
          <td className="num" data-testid="gen-sampled-rank">
            {fmtSampledRank(row)}
          </td>
        )}
      </tr>
      {open && (
        <tr className="gen-row-detail" data-testid="gen-row-detail">
          <td colSpan={itemFamily ? 9 : 7}>
            <div className="gen-detail">
              <div>
                <div className="gen-items-head">Input</div>
                <pre className="gen-input-full">{row.input}</pre>
              </div>
              <RowItems row={row} labels={labels} />
            </div>
          </td>
        </tr>
      )}
    </Fragment>
  );
}
