/** The Runs page's state: the form (and its prefill by Duplicate), the ticked runs, and what deleting or starting one does. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DatasetSummary } from '../../../../preload/api';
import type { Run } from '../../../../preload/api-training';
import { useReportError } from '../../errors';
import { useStopShortcut } from '../../hooks';
import { jobsStore } from '../../jobs';
import { navigate, type RunsRoute } from '../../route';
import { configToForm, defaultForm, type RunForm as RunFormState } from './configForm';
import { stopRun } from './RunActions';
import { useRunList } from './runsData';

export function useRunsPage(dataset: DatasetSummary, route: RunsRoute) {
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

  const report = useReportError();
  useStopShortcut(runs?.find((r) => r.id === openId) ?? null, (r) => stopRun(r, report));

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

  const reset = (): void => {
    setFormState(defaultForm());
    setNote(null);
  };
  return { runs, form, setForm, note, picked, setPicked, pick, formRef, openId, duplicate, deleting, started, reset };
}
