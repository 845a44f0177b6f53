/**
 * The Runs page's reads, kept live by `runs.changed`. A running run emits that event every step, which can be
 * many times a second; each reader refetches at most once per THROTTLE_MS (first change at once, the last one
 * never dropped) and never has two fetches in flight, so a slow answer cannot overwrite a newer one.
 */
import { useEffect, useRef, useState } from 'react';
import type { CallResult } from '../../../../preload/api';
import type { Run } from '../../../../preload/api-training';
import { call, on } from '../../client';
import { useReportError } from '../../errors';

export const THROTTLE_MS = 250;

export type RunDetailData = CallResult<'runs.get'>;
export type RunCurves = CallResult<'runs.metrics'>;

/**
 * `load` is re-run on mount, when `key` changes, and (throttled) on each `runs.changed` that `relevant` accepts.
 * Returns undefined until the first answer arrives; `null` when the load failed (the error is reported).
 */
function useLiveRuns<T>(key: string, load: () => Promise<T>, relevant: (runId: number) => boolean, context: string): T | null | undefined {
  const report = useReportError();
  const [data, setData] = useState<{ key: string; value: T | null } | undefined>(undefined);
  const latest = useRef({ load, relevant, report, context });
  latest.current = { load, relevant, report, context };

  useEffect(() => {
    let alive = true;
    let inFlight = false;
    let dirty = false;
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const fetchNow = (): void => {
      timer = null;
      inFlight = true;
      last = Date.now();
      latest.current
        .load()
        .then(
          (value) => {
            if (alive) setData({ key, value });
          },
          (err: unknown) => {
            if (!alive) return;
            latest.current.report(err, latest.current.context);
            setData((d) => (d?.key === key ? d : { key, value: null }));
          },
        )
        .finally(() => {
          inFlight = false;
          if (alive && dirty) {
            dirty = false;
            schedule();
          }
        });
    };
    const schedule = (): void => {
      if (inFlight) {
        dirty = true;
        return;
      }
      if (timer !== null) return;
      timer = setTimeout(fetchNow, Math.max(0, last + THROTTLE_MS - Date.now()));
    };
    fetchNow();
    const off = on('runs.changed', ({ runId }) => {
      if (latest.current.relevant(runId)) schedule();
    });
    return () => {
      alive = false;
      off();
      if (timer !== null) clearTimeout(timer);
    };
  }, [key]);

  return data?.key === key ? data.value : undefined;
}

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
