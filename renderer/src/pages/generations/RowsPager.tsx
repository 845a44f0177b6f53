/** Previous / next over a set's rows (`[` and `]` too), with where this page sits. */
import { fmtInt } from '../../format';

interface RowsPagerProps {
  offset: number;
  pageSize: number;
  total: number;
  prev: () => void;
  next: () => void;
}

export function RowsPager({ offset, pageSize: PAGE_SIZE, total, prev, next }: RowsPagerProps) {
  return (
    <div className="gen-pager" data-testid="gen-pager">
      <button type="button" className="button small" disabled={offset === 0} onClick={prev} data-testid="gen-prev">
        ← Previous
      </button>
      <span>
        {fmtInt(offset + 1)}–{fmtInt(Math.min(offset + PAGE_SIZE, total))} of {fmtInt(total)}
      </span>
      <button type="button" className="button small" disabled={offset + PAGE_SIZE >= total} onClick={next} data-testid="gen-next">
        Next →
      </button>
      <span className="hint">
        <kbd>[</kbd> <kbd>]</kbd>
      </span>
    </div>
  );
}
