/**
 * The Runs page of a dataset (issue #5): configure and launch training runs on the left; on the right the
 * dataset's runs, then the open run (live curves, summary, checkpoints) or several runs compared on one plot.
 */
import type { DatasetSummary } from '../../../../preload/api';
import type { Run } from '../../../../preload/api-training';
import { EmptyState, Spinner } from '../../components/bits';
import { navigate, type RunsRoute } from '../../route';
import { CompareView } from './CompareView';
import { RunDetail } from './RunDetail';
import { RunForm } from './RunForm';
import { RunList } from './RunList';
import { useRunsPage } from './useRunsPage';
import { PageHeader } from '../../components/PageHeader';

/** `runs.metrics` takes at most this many runs (preload/api-training.ts). */
const MAX_COMPARED = 12;

/** How many runs, how many ticked, and Compare. */
function CompareBar({ datasetId, runs, picked, onClear }: { datasetId: number; runs: Run[]; picked: number[]; onClear: () => void }) {
  return (
    <div className="toolbar run-toolbar">
      <span className="muted">
        {runs.length} run{runs.length === 1 ? '' : 's'}
        {picked.length > 0 && ` · ${picked.length} ticked`}
      </span>
      <button
        type="button"
        className="button small"
        disabled={picked.length === 0 || picked.length > MAX_COMPARED}
        title={picked.length > MAX_COMPARED ? `At most ${MAX_COMPARED} runs on one plot` : 'Their loss curves on one plot'}
        data-testid="run-compare"
        onClick={() => navigate({ page: 'runs', datasetId, view: 'compare', ids: [...picked].sort((a, b) => a - b) })}
      >
        Compare{picked.length > 0 ? ` (${picked.length})` : ''}
      </button>
      {picked.length > 0 && (
        <button type="button" className="link-button" onClick={onClear}>
          Clear
        </button>
      )}
    </div>
  );
}

export function RunsPage({ dataset, route }: { dataset: DatasetSummary; route: RunsRoute }) {
  const p = useRunsPage(dataset, route);
  const { runs, picked } = p;
  return (
    <section className="page run-page" data-testid="runs-page">
      <PageHeader
        title="Training runs"
        sub={
          <>
            RecSysLLM-style GLM trained locally on <strong>{dataset.name}</strong>: blank-infilling pretraining, then multitask fine-tuning
            on the seen templates. Runs train in a worker; close the studio mid-run and resume later from the last checkpoint.
          </>
        }
      />
      <div className="run-layout">
        <aside className="run-form-col">
          <RunForm
            datasetId={dataset.id}
            form={p.form}
            setForm={p.setForm}
            runs={runs}
            note={p.note}
            formRef={p.formRef}
            onReset={p.reset}
            onStarted={p.started}
          />
        </aside>
        <div className="run-main">
          {runs === undefined ? (
            <Spinner label="Loading runs…" />
          ) : runs === null ? null : runs.length === 0 ? (
            <EmptyState title="No runs yet — configure one on the left and press Train" testid="runs-empty">
              <p>The defaults are the tiny model and 200 fine-tuning steps. Curves, checkpoints and a summary appear here as it trains.</p>
            </EmptyState>
          ) : (
            <>
              <CompareBar datasetId={dataset.id} runs={runs} picked={picked} onClear={() => p.setPicked([])} />
              <RunList
                datasetId={dataset.id}
                runs={runs}
                openId={p.openId}
                picked={picked}
                onPick={p.pick}
                onDuplicate={p.duplicate}
                onDeleting={p.deleting}
              />
            </>
          )}
          {route.view === 'run' && <RunDetail key={route.runId} runId={route.runId} onDuplicate={p.duplicate} onDeleting={p.deleting} />}
          {route.view === 'compare' && <CompareView datasetId={dataset.id} ids={route.ids} runs={runs ?? []} />}
        </div>
      </div>
    </section>
  );
}
