/** The new-run form's state beyond its fields: the source run's checkpoints, the families the dataset cannot feed, starting. */
import { useEffect, useMemo, useState } from 'react';
import type { Run } from '../../../../preload/api-training';
import { call, CallFailed } from '../../client';
import {
  checkConfig,
  fieldOfError,
  formToConfig,
  unfedFamilies,
  untickUnfed,
  type FamilyName,
  type RunForm as RunFormState,
} from './configForm';
import { useItemIdSets } from '../itemids/itemIdsData';
import { useTemplateList } from '../templates/data';
import type { SetForm } from './RunFormFields';

export interface StartError {
  message: string;
  field: string | null;
}

/** Runs another can start from: any not running that wrote a checkpoint (`lastCheckpoint` says so without a fetch per run). */
export const sourcesOf = (runs: Run[] | null | undefined): Run[] =>
  (runs ?? []).filter((r) => r.status !== 'running' && r.lastCheckpoint !== null);

/** The picked source's older checkpoint steps, for choosing one other than the last (one read, of that run only). */
function useSourceCheckpoints(runId: number | null): number[] | null {
  const [steps, setSteps] = useState<{ runId: number; steps: number[] } | null>(null);
  useEffect(() => {
    if (runId === null) return;
    let alive = true;
    call('runs.get', { id: runId }).then(
      (d) => alive && setSteps({ runId, steps: d.checkpoints.map((c) => c.step) }),
      () => alive && setSteps({ runId, steps: [] }),
    );
    return () => {
      alive = false;
    };
  }, [runId]);
  return steps?.runId === runId ? steps.steps : null;
}

/** Families this dataset cannot feed, with why (null while counting). */
function useUnfedFamilies(datasetId: number): Map<FamilyName, string> | null {
  const [unfed, setUnfed] = useState<{ datasetId: number; unfed: Map<FamilyName, string> } | null>(null);
  useEffect(() => {
    let alive = true;
    call('examples.counts', { datasetId, seed: 1 }).then(
      (c) => alive && setUnfed({ datasetId, unfed: unfedFamilies(c.data) }),
      () => alive && setUnfed({ datasetId, unfed: new Map() }),
    );
    return () => {
      alive = false;
    };
  }, [datasetId]);
  return unfed?.datasetId === datasetId ? unfed.unfed : null;
}

/** The draft's config and its issues, the lists the sections offer, and `start`, which checks and calls `runs.start`. */
export function useRunForm(
  datasetId: number,
  form: RunFormState,
  setForm: SetForm,
  onStarted: (runId: number, jobId: string, label: string) => void,
) {
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<StartError | null>(null);
  const config = useMemo(() => formToConfig(form), [form]);
  const json = useMemo(() => JSON.stringify(config, null, 2), [config]);
  const issues = useMemo(() => {
    const found = checkConfig(config);
    if (startError?.field && !found.has(startError.field)) found.set(startError.field, startError.message);
    return found;
  }, [config, startError]);
  const checkpoints = useSourceCheckpoints(form.fromRunId);
  const { templates } = useTemplateList();
  const idSets = useItemIdSets(datasetId);
  const unfed = useUnfedFamilies(datasetId);
  // A family the dataset cannot feed would be silently skipped: untick it (the section says why).
  useEffect(() => {
    if (unfed) setForm((f) => untickUnfed(f, unfed));
  }, [unfed, setForm, form.families]);

  // A changed form makes an old refusal stale.
  useEffect(() => setStartError(null), [form]);

  const start = async (): Promise<void> => {
    if (starting) return;
    const first = [...checkConfig(config)][0];
    if (first) {
      setStartError({ message: `${first[0]}: ${first[1]}`, field: first[0] });
      return;
    }
    setStarting(true);
    try {
      const r = await call('runs.start', { datasetId, config });
      onStarted(r.runId, r.jobId, form.name.trim() || `run ${r.runId}`);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      setStartError({ message, field: e instanceof CallFailed ? fieldOfError(message, e.where) : null });
    } finally {
      setStarting(false);
    }
  };
  return { json, issues, checkpoints, templates, idSets, unfed, starting, startError, start };
}
