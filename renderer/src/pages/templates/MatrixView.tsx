/** The matrix: one record (a user and their last interaction) rendered through every template of every family, side by side. */
import { useEffect, useState } from 'react';
import type { DatasetSummary } from '../../../../preload/api';
import type { CallResult } from '../../../../preload/api';
import { call } from '../../client';
import { EmptyState, Spinner } from '../../components/bits';
import { toShown } from '../../errors';
import { fmtInt } from '../../format';
import { useBracketPaging } from '../../hooks';
import { hrefFor } from '../../route';
import type { Family } from '../../../../preload/api-templates';
import { FAMILIES, FAMILY_TITLE } from './model';
import { RenderedView, SpanLegend } from './RenderedView';
import { SeenBadge } from './TemplateList';

type Matrix = CallResult<'templates.matrix'>;
type Cell = Matrix['cells'][number];

interface Props {
  dataset: DatasetSummary;
  seed: number;
  index: number;
  onIndex: (i: number) => void;
}

/** The matrix of the record at `index`; the back end clamps an index past the end, and the page follows it. */
function useMatrix({ dataset, seed, index, onIndex }: Props) {
  const [matrix, setMatrix] = useState<Matrix | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  useEffect(() => {
    let alive = true;
    setLoading(true);
    call('templates.matrix', { datasetId: dataset.id, index, seed }).then(
      (m) => {
        if (!alive) return;
        setMatrix(m);
        setError(null);
        setLoading(false);
        if (m.index !== index && m.total > 0) onIndex(m.index);
      },
      (e: unknown) => {
        if (!alive) return;
        setError(toShown(e, '', 0).message);
        setLoading(false);
      },
    );
    return () => {
      alive = false;
    };
  }, [dataset.id, index, seed, onIndex]);
  const total = matrix?.total ?? 0;
  useBracketPaging((delta) => {
    const next = index + delta;
    if (next < 0 || next >= total) return false;
    onIndex(next);
    return true;
  });
  return { matrix, error, loading, total };
}

function MatrixBar({ dataset, index, onIndex, matrix, loading, total }: Omit<Props, 'seed'> & ReturnType<typeof useMatrix>) {
  return (
    <div className="tpl-matrix-bar">
      <button
        type="button"
        className="button small"
        onClick={() => onIndex(index - 1)}
        disabled={index <= 0}
        data-testid="tpl-matrix-prev"
        title="Previous record ([)"
      >
        ‹ Previous record
      </button>
      <span className="tpl-index" data-testid="tpl-matrix-index" data-index={index}>
        record {total > 0 ? `${fmtInt(index + 1)} of ${fmtInt(total)}` : '–'}
      </span>
      <button
        type="button"
        className="button small"
        onClick={() => onIndex(index + 1)}
        disabled={total === 0 || index >= total - 1}
        data-testid="tpl-matrix-next"
        title="Next record (])"
      >
        Next record ›
      </button>
      {matrix && (
        <span>
          user{' '}
          <a href={hrefFor({ page: 'timeline', datasetId: dataset.id, userId: matrix.user.id })} data-testid="tpl-matrix-user">
            {matrix.user.extId}
          </a>
        </span>
      )}
      {loading && <span className="spinner tpl-busy" aria-label="Rendering" />}
      {matrix && <SpanLegend texts={matrix.cells.flatMap((c) => [c.input, c.target])} />}
    </div>
  );
}

function MatrixCell({ c }: { c: Cell }) {
  return (
    <article className="card tpl-cell" data-testid="tpl-cell" data-id={c.id}>
      <header className="tpl-cell-head">
        <a href={hrefFor({ page: 'templates', view: 'edit', templateId: c.id })} className="tpl-item-id" title="Edit this template">
          {c.id}
        </a>
        <span className="tpl-cell-name">{c.name}</span>
        <SeenBadge seen={c.seen} />
      </header>
      {c.error ? (
        <p className="field-error">{c.error}</p>
      ) : (
        <>
          {c.input && <RenderedView rendered={c.input} />}
          <div className="tpl-cell-target">
            <span className="tpl-arrow" aria-label="target">
              →
            </span>
            {c.target ? <RenderedView rendered={c.target} /> : <span className="muted">no example for this record</span>}
          </div>
        </>
      )}
    </article>
  );
}

function MatrixFamily({ family, cells }: { family: Family; cells: Cell[] }) {
  return (
    <section className="tpl-matrix-family" data-testid="tpl-matrix-family" data-family={family}>
      <h3>
        {FAMILY_TITLE[family]} <span className="tab-count">{cells.length}</span>
      </h3>
      <div className="tpl-matrix-grid">
        {cells.map((c) => (
          <MatrixCell key={c.id} c={c} />
        ))}
      </div>
    </section>
  );
}

export function MatrixView(props: Props) {
  const m = useMatrix(props);
  const { matrix, error, loading } = m;
  return (
    <section className="tpl-matrix" data-testid="tpl-matrix" data-state={loading ? 'loading' : error ? 'error' : 'ready'}>
      <MatrixBar {...props} {...m} />
      {error ? (
        <div className="error-box" role="alert" data-testid="tpl-matrix-error">
          {error}
        </div>
      ) : matrix === null ? (
        <Spinner label="Rendering every template…" />
      ) : matrix.cells.length === 0 ? (
        <EmptyState title="No templates to render">
          <p>Restore the built-in set or import one (toolbar above).</p>
        </EmptyState>
      ) : (
        FAMILIES.map((family) => {
          const cells = matrix.cells.filter((c) => c.family === family);
          return cells.length === 0 ? null : <MatrixFamily key={family} family={family} cells={cells} />;
        })
      )}
    </section>
  );
}
