/** The Entities page's head: the counts, who is annotating (saved under that name), and the tools. */
import type { DatasetSummary } from '../../../../preload/api';
import type { EntityStats } from '../../../../preload/api-entities';
import { fmtInt } from '../../format';
import type { useAnnotator } from './shared';

export type Tool = 'labels' | 'preannotate' | 'export' | 'import' | null;

interface EntitiesHeaderProps {
  dataset: DatasetSummary;
  stats: EntityStats | null;
  annotator: ReturnType<typeof useAnnotator>;
  setTool: (t: Tool) => void;
}

export function EntitiesHeader({ dataset, stats, annotator, setTool }: EntitiesHeaderProps) {
  const empty = stats !== null && stats.records === 0;
  return (
    <>
      <header className="page-header">
        <div>
          <h1>Entities</h1>
          <p className="page-sub">
            {stats === null ? (
              '…'
            ) : empty ? (
              <>Text records of {dataset.name} with their entity spans.</>
            ) : (
              <span data-testid="ent-summary">
                {fmtInt(stats.records)} records · {fmtInt(stats.perLabel.reduce((n, l) => n + l.total, 0))} spans ·{' '}
                {stats.annotators.filter((a) => !a.annotator.startsWith('@')).length} annotators · {fmtInt(stats.byStatus.disputed)}{' '}
                disputed
              </span>
            )}
          </p>
        </div>
        <div className="ent-toolbar">
          <label className="ent-who">
            Annotator
            <input
              value={annotator.name}
              onChange={(e) => annotator.setName(e.target.value)}
              aria-invalid={annotator.problem ? true : undefined}
              title={annotator.problem ?? 'Your spans and reviews are saved under this name'}
              maxLength={60}
              data-testid="ent-annotator"
            />
          </label>
          <button type="button" className="button small" onClick={() => setTool('labels')} data-testid="ent-open-labels">
            Labels…
          </button>
          <button
            type="button"
            className="button small"
            onClick={() => setTool('preannotate')}
            disabled={empty}
            data-testid="ent-open-preannotate"
          >
            Pre-annotate…
          </button>
          <button type="button" className="button small" onClick={() => setTool('export')} disabled={empty} data-testid="ent-open-export">
            Export…
          </button>
          <button type="button" className="button small" onClick={() => setTool('import')} disabled={empty} data-testid="ent-open-import">
            Import…
          </button>
        </div>
      </header>
      {annotator.problem && (
        <p className="field-error" data-testid="ent-annotator-problem">
          Annotator: {annotator.problem} (still saving as “{annotator.valid}”).
        </p>
      )}
    </>
  );
}
