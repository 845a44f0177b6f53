/**
 * The Evaluation page's reads: a run's report (re-read as its sets grow) and the dataset's baselines (read with
 * `compute: false`, so opening the page never starts a computation; "Compute baselines" does).
 */
import { useCallback, useEffect, useState } from 'react';
import type { BaselineReport, EvaluationReport } from '../../../../preload/api-generation';
import type { ExampleSplit } from '../../../../preload/api-templates';
import { call, on } from '../../client';
import { useReportError } from '../../errors';
import { jobsStore, useJob } from '../../jobs';
import { useLive } from '../../live';

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
    (refresh: boolean, compute = true) => {
      setState((s) => ({ ...(s.key === key ? s : { report: undefined }), key, error: null, loading: true }));
      call('evaluation.baselines', { datasetId, seed, refresh, compute }).then(
        (r) => {
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
    [datasetId, seed, key, reportError],
  );
  const read = useCallback(() => ask(false, false), [ask]);

  // A new dataset or seed: its own job, and its stored report if there is one.
  useEffect(() => {
    setJobId(running.get(key) ?? null);
    read();
  }, [key, read]);

  // The job ended: fetch what it stored, or say why it failed.
  const finished = job?.finished ?? null;
  useEffect(() => {
    if (!finished || jobId === null) return;
    running.delete(key);
    setJobId(null);
    if (finished.ok || finished.lost) read();
    else
      setState((s) =>
        s.key === key ? { ...s, error: finished.cancelled ? 'cancelled' : (finished.error ?? 'the computation failed') } : s,
      );
  }, [finished, jobId, key, read]);

  // Another window or the CLI stored new baselines: re-read them if this page shows some.
  useEffect(
    () =>
      on('evaluation.baselinesChanged', (p) => {
        if (p.datasetId === datasetId && running.get(key) === undefined) read();
      }),
    [datasetId, key, read],
  );

  return { report: current.report, jobId, error: current.error, loading: current.loading, compute: ask };
}
