/**
 * The Evaluation page's reads: a run's report (re-read as its sets grow) and the dataset's baselines.
 *
 * `evaluation.baselines` starts computing when nothing is stored, and the contract has no way to ask "is anything
 * stored?" without that. So the page asks only once it knows a report exists (this window computed or saw one,
 * remembered per workspace in localStorage); otherwise it offers "Compute baselines", which returns a stored
 * report at once when there is one.
 */
import { useCallback, useEffect, useState } from 'react';
import type { BaselineReport, EvaluationReport } from '../../../../preload/api-generation';
import type { ExampleSplit } from '../../../../preload/api-templates';
import { call, on } from '../../client';
import { useWorkspace } from '../../data';
import { useReportError } from '../../errors';
import { jobsStore, useJob } from '../../jobs';
import { useLive } from '../generations/live';

export function useReport(runId: number | null, split: ExampleSplit): EvaluationReport | null | undefined {
  const report = useLive(
    `report:${runId ?? ''}:${split}`,
    async () => (runId === null ? null : call('evaluation.report', { runId, split })),
    (changed) => on('generations.changed', changed),
    `Loading the evaluation of run ${runId ?? ''}`,
  );
  return runId === null ? null : report;
}

/** Baseline jobs this window started, by dataset and seed, so a revisit shows the one still running. */
const running = new Map<string, string>();
const storeKey = (dataDir: string, key: string): string => `studio.baselines:${dataDir}:${key}`;

function rememberStored(dataDir: string | undefined, key: string): void {
  try {
    if (dataDir) localStorage.setItem(storeKey(dataDir, key), '1');
  } catch {
    // Storage can be off (private windows); the page then just asks again with the button.
  }
}

function knownStored(dataDir: string | undefined, key: string): boolean {
  try {
    return Boolean(dataDir && localStorage.getItem(storeKey(dataDir, key)));
  } catch {
    return false;
  }
}

export interface Baselines {
  /** undefined: not asked yet (nothing known to be stored); null: asked, none stored. */
  report: BaselineReport | null | undefined;
  jobId: string | null;
  /** Why the last computation failed. */
  error: string | null;
  loading: boolean;
  /** Compute (or fetch, when stored); `refresh` recomputes even when stored. */
  compute: (refresh: boolean) => void;
}

export function useBaselines(datasetId: number, seed: number): Baselines {
  const reportError = useReportError();
  const dataDir = useWorkspace().info?.dataDir;
  const key = `${datasetId}:${seed}`;
  const [state, setState] = useState<{ key: string; report: BaselineReport | null | undefined; error: string | null; loading: boolean }>({
    key,
    report: undefined,
    error: null,
    loading: false,
  });
  const [jobId, setJobId] = useState<string | null>(() => running.get(key) ?? null);
  const job = useJob(jobId);
  const current = state.key === key ? state : { key, report: undefined, error: null, loading: false };

  const ask = useCallback(
    (refresh: boolean) => {
      setState((s) => ({ ...(s.key === key ? s : { report: undefined }), key, error: null, loading: true }));
      call('evaluation.baselines', { datasetId, seed, refresh }).then(
        (r) => {
          if (r.report) rememberStored(dataDir, key);
          if (r.jobId) {
            running.set(key, r.jobId);
            jobsStore.track(r.jobId, 'baselines-eval', 'baselines');
          }
          setJobId(r.jobId);
          setState((s) => (s.key === key ? { ...s, report: r.report, loading: false } : s));
        },
        (err: unknown) => {
          reportError(err, 'Baselines');
          setState((s) => (s.key === key ? { ...s, loading: false } : s));
        },
      );
    },
    [datasetId, seed, key, dataDir, reportError],
  );

  // A new dataset or seed: its own job, and its stored report when one is known to exist.
  useEffect(() => {
    setJobId(running.get(key) ?? null);
    if (knownStored(dataDir, key)) ask(false);
  }, [key, dataDir, ask]);

  // The job ended: fetch what it stored, or say why it failed.
  const finished = job?.finished ?? null;
  useEffect(() => {
    if (!finished || jobId === null) return;
    running.delete(key);
    setJobId(null);
    if (finished.ok && !finished.lost) {
      rememberStored(dataDir, key);
      ask(false);
    } else if (finished.lost) {
      if (knownStored(dataDir, key)) ask(false);
    } else
      setState((s) =>
        s.key === key ? { ...s, error: finished.cancelled ? 'cancelled' : (finished.error ?? 'the computation failed') } : s,
      );
  }, [finished, jobId, key, dataDir, ask]);

  // Another window or the CLI stored new baselines: re-read them if this page shows some.
  useEffect(
    () =>
      on('evaluation.baselinesChanged', (p) => {
        if (p.datasetId === datasetId && running.get(key) === undefined && knownStored(dataDir, key)) ask(false);
      }),
    [datasetId, key, dataDir, ask],
  );

  return { report: current.report, jobId, error: current.error, loading: current.loading, compute: ask };
}
