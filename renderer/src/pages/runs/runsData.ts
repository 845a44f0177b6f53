/**
 * The Runs page's reads, kept live by `runs.changed`. A running run emits that event every step, which can be
 * many times a second; each reader refetches at most once per THROTTLE_MS (first change at once, the last one
 * never dropped) and never has two fetches in flight, so a slow answer cannot overwrite a newer one.
 */
import type { CallResult } from '../../../../preload/api';
import type { Run } from '../../../../preload/api-training';
import { call, on } from '../../client';
import { useLive } from '../../live';

export const THROTTLE_MS = 250;

export type RunDetailData = CallResult<'runs.get'>;
export type RunCurves = CallResult<'runs.metrics'>;

/** A live read refetched (throttled) on each `runs.changed` that `relevant` accepts. */
const useLiveRuns = <T>(key: string, load: () => Promise<T>, relevant: (runId: number) => boolean, context: string): T | null | undefined =>
  useLive(
    key,
    load,
    (changed) =>
      on('runs.changed', ({ runId }) => {
        if (relevant(runId)) changed();
      }),
    context,
    THROTTLE_MS,
  );

/** The dataset's runs, newest first. A deleted run also emits `runs.changed`, so every change is relevant. */
export function useRunList(datasetId: number): Run[] | null | undefined {
  return useLiveRuns(
    `list:${datasetId}`,
    () => call('runs.list', { datasetId }),
    () => true,
    'Loading runs',
  );
}

/** One run with all its metrics, checkpoints and ETA. */
export function useRunDetail(runId: number): RunDetailData | null | undefined {
  return useLiveRuns(
    `run:${runId}`,
    () => call('runs.get', { id: runId }),
    (id) => id === runId,
    `Loading run ${runId}`,
  );
}

/** The curves of several runs (thinned by the back end to ≤ 2,000 points each). */
export function useRunCurves(ids: readonly number[]): RunCurves | null | undefined {
  const key = ids.join(',');
  return useLiveRuns(
    `curves:${key}`,
    () => (ids.length ? call('runs.metrics', { ids: [...ids] }) : Promise.resolve([])),
    (id) => ids.includes(id),
    'Loading curves',
  );
}
