/** The items an item-family row returned, best first, with the true item marked; and how its ranks read. */
import type { GenerationRow } from '../../../../preload/api-generation';
import { itemName, type ItemLabel } from './genData';

/** How many of the returned items a row shows (HR@10 looks no further). */
export const SHOWN_ITEMS = 10;

/** "3", "> 20" (returned, but the true item was not among them), "—" (not an item row). */
export function fmtRank(rank: number | null, returned: number | null): string {
  if (rank !== null) return String(rank);
  return returned === null ? '—' : `> ${returned}`;
}

/** The sampled beam returns 10 of the 100 candidates, so an absent sampled rank is "> 10". */
export const fmtSampledRank = (row: GenerationRow): string => fmtRank(row.sampledRank, row.items === null ? null : 10);

export function RowItems({ row, labels }: { row: GenerationRow; labels: Map<number, ItemLabel> | null }) {
  if (row.items === null) return null;
  if (row.items.length === 0) return <p className="muted">The beam returned no item.</p>;
  const shown = row.items.slice(0, SHOWN_ITEMS);
  const truth = row.rank === null ? null : (row.items[row.rank - 1] ?? null);
  return (
    <div className="gen-items">
      <div className="gen-items-head">
        Returned items (top {shown.length} of {row.items.length})
        {row.rank === null ? (
          <span className="muted">
            {' '}
            · the true item “{row.reference}” is not among the {row.items.length}
          </span>
        ) : row.rank > shown.length ? (
          <span className="muted">
            {' '}
            · the true item “{row.reference}” is at rank {row.rank}
          </span>
        ) : null}
      </div>
      <ol className="gen-item-list" data-testid="gen-items">
        {shown.map((id, i) => (
          <li
            key={id}
            className={id === truth ? 'gen-item gen-item-true' : 'gen-item'}
            data-testid="gen-item"
            data-true={id === truth ? 'true' : undefined}
            title={id === truth ? 'the true item' : undefined}
          >
            <span className="gen-item-rank">{i + 1}</span> {itemName(labels, id)}
            {id === truth && <span className="badge gen-true-badge">true item</span>}
          </li>
        ))}
      </ol>
    </div>
  );
}
