/**
 * The Runs page of a dataset (issue #5): configure and launch training runs on the left; on the right the
 * dataset's runs, then the open run (live curves, summary, checkpoints) or several runs compared on one plot.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DatasetSummary } from '../../../../preload/api';
import type { Run } from '../../../../preload/api-training';
import { EmptyState, Spinner } from '../../components/bits';
import { useReportError } from '../../errors';
import { isTypingTarget } from '../../hooks';
import { jobsStore } from '../../jobs';
import { navigate, type RunsRoute } from '../../route';
import { configToForm, defaultForm, type RunForm as RunFormState } from './configForm';
import { CompareView } from './CompareView';
import { stopRun } from './RunActions';
import { RunDetail } from './RunDetail';
import { RunForm } from './RunForm';
import { RunList } from './RunList';
import { useRunList } from './runsData';

/** `runs.metrics` takes at most this many runs (preload/api-training.ts). */
const MAX_COMPARED = 12;

/** `s` stops the open run; `g s` (the app's "go to Statistics") must not, so a `g` just before disarms it. */
function useStopShortcut(run: Run | null) {
  const report = useReportError();
  const current = useRef(run);
  current.current = run;
  useEffect(() => {
    let lastG = 0;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      if (document.querySelector('[role="dialog"]')) return;
      if (e.key === 'g') lastG = Date.now();
      if (e.key !== 's' || Date.now() - lastG < 1200) return;
      const r = current.current;
      if (r?.status !== 'running') return;
      e.preventDefault();
      stopRun(r, report);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [report]);
}

export function RunsPage({ dataset, route }: { dataset: DatasetSummary; route: RunsRoute }) {
  const runs = useRunList(dataset.id);
  const [form, setFormState] = useState<RunFormState>(defaultForm);
  const [note, setNote] = useState<string | null>(null);
  const [picked, setPicked] = useState<number[]>(route.view === 'compare' ? route.ids : []);
  const formRef = useRef<HTMLFormElement>(null);
  const openId = route.view === 'run' ? route.runId : null;
  const compareKey = route.view === 'compare' ? route.ids.join(',') : null;

  // Opening a comparison by its address ticks its runs.
  useEffect(() => {
    if (compareKey !== null) setPicked(compareKey ? compareKey.split(',').map(Number) : []);
  }, [compareKey]);

  useStopShortcut(runs?.find((r) => r.id === openId) ?? null);

  const setForm = useCallback((change: (f: RunFormState) => RunFormState) => setFormState(change), []);
  const duplicate = useCallback((run: Run) => {
    setFormState(configToForm(run.config, typeof run.config.name === 'string' ? `${run.config.name} (copy)` : ''));
    setNote(`Prefilled from run #${run.id} “${run.name}”. Change what you like and press Train.`);
    formRef.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    formRef.current?.querySelector<HTMLInputElement>('[data-testid="run-name"]')?.focus({ preventScroll: true });
  }, []);
  const deleting = useCallback(
    (run: Run) => {
      setPicked((p) => p.filter((id) => id !== run.id));
      if (openId === run.id) navigate({ page: 'runs', datasetId: dataset.id, view: 'list' });
      else if (route.view === 'compare' && route.ids.includes(run.id))
        navigate({ page: 'runs', datasetId: dataset.id, view: 'compare', ids: route.ids.filter((id) => id !== run.id) });
    },
    [dataset.id, openId, route],
  );
  const started = useCallback(
    (runId: number, jobId: string, label: string) => {
      jobsStore.track(jobId, 'train', label);
      setNote(null);
      navigate({ page: 'runs', datasetId: dataset.id, view: 'run', runId });
    },
    [dataset.id],
  );
  const pick = (id: number, on: boolean): void => setPicked((p) => (on ? [...p.filter((x) => x !== id), id] : p.filter((x) => x !== id)));

  return (
    <section className="page run-page" data-testid="runs-page">
      <header className="page-header">
        <div>
          <h1>Training runs</h1>
          <p className="page-sub">
            RecSysLLM-style GLM trained locally on <strong>{dataset.name}</strong>: blank-infilling pretraining, then multitask fine-tuning
            on the seen templates. Runs train in a worker; close the studio mid-run and resume later from the last checkpoint.
          </p>
        </div>
      </header>
      <div className="run-layout">
        <aside className="run-form-col">
          <RunForm
            datasetId={dataset.id}
            form={form}
            setForm={setForm}
            runs={runs}
            note={note}
            formRef={formRef}
            onReset={() => (setFormState(defaultForm()), setNote(null))}
            onStarted={started}
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
                  onClick={() => navigate({ page: 'runs', datasetId: dataset.id, view: 'compare', ids: [...picked].sort((a, b) => a - b) })}
                >
                  Compare{picked.length > 0 ? ` (${picked.length})` : ''}
                </button>
                {picked.length > 0 && (
                  <button type="button" className="link-button" onClick={() => setPicked([])}>
                    Clear
                  </button>
                )}
              </div>
              <RunList
                datasetId={dataset.id}
                runs={runs}
                openId={openId}
                picked={picked}
                onPick={pick}
                onDuplicate={duplicate}
                onDeleting={deleting}
              />
            </>
          )}
          {route.view === 'run' && <RunDetail key={route.runId} runId={route.runId} onDuplicate={duplicate} onDeleting={deleting} />}
          {route.view === 'compare' && <CompareView datasetId={dataset.id} ids={route.ids} runs={runs ?? []} />}
        </div>
      </div>
    </section>
  );
}
