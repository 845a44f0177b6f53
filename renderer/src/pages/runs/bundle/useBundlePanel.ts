/** State and actions of a run's PyTorch bundle panel: the bundle's live status, PyTorch's presence, the write options. */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { BundleStatus, LaunchPoint, PyTorchInfo } from '../../../../../preload/api-bundle';
import type { MetricPoint, Run } from '../../../../../preload/api-training';
import { call, isElectron, on, uploadFile } from '../../../client';
import type { Series } from '../../../components/LineChart';
import { useReportError } from '../../../errors';
import { useBusyAction } from '../../../components/useBusyAction';
import { jobsStore, useJob } from '../../../jobs';
import { useLive } from '../../../live';
import { color, thin } from '../curves';

/** Where a new bundle starts by default: the newest checkpoint while steps remain, else the initial weights. */
export function defaultBundleStart(run: Run, checkpointSteps: readonly number[]): number {
  const newest = checkpointSteps.at(-1) ?? 0;
  return run.totalSteps !== null && newest >= run.totalSteps ? 0 : newest;
}

const useBundle = (runId: number): BundleStatus | null | undefined =>
  useLive(
    `bundle:${runId}`,
    () => call('bundles.get', { runId }),
    (changed) => {
      const offs = [
        on('bundles.changed', (p) => p.runId === runId && changed()),
        on('runs.changed', (p) => p.runId === runId && changed()),
      ];
      return () => offs.forEach((off) => off());
    },
    `Loading run ${runId}'s bundle`,
    500,
  );

const useLaunchCurves = (ids: readonly number[], bump: unknown): { launchId: number; metrics: LaunchPoint[] }[] | null | undefined =>
  useLive(
    `launch-curves:${ids.join(',')}:${String(bump)}`,
    () => (ids.length ? call('bundles.metrics', { launchIds: [...ids] }) : Promise.resolve([])),
    () => () => undefined,
    'Loading the PyTorch curves',
  );

/** Whether PyTorch is here; asked once per panel (the back end caches it), and anew on 'Check again'. */
function usePyTorch() {
  const report = useReportError();
  const [torch, setTorch] = useState<PyTorchInfo | null>(null);
  const [checking, setChecking] = useState(false);
  const check = async (refresh: boolean): Promise<void> => {
    setChecking(true);
    try {
      setTorch(await call('bundles.pytorch', { refresh }));
    } catch (e) {
      report(e, 'Looking for PyTorch');
    } finally {
      setChecking(false);
    }
  };
  useEffect(() => {
    void check(false);
  }, []);
  return { torch, checking, check };
}

/** Where the bundle starts and how many steps it holds. */
export function useWriteOptions(run: Run, checkpointSteps: readonly number[]) {
  const [from, setFrom] = useState<number | null>(null);
  const [bundleSteps, setBundleSteps] = useState('');
  const start = from ?? defaultBundleStart(run, checkpointSteps);
  const remaining = run.totalSteps === null ? null : Math.max(0, run.totalSteps - start);
  const stepsValue = bundleSteps.trim() === '' ? undefined : Math.max(1, Math.floor(Number(bundleSteps)) || 1);
  const canWrite = remaining !== 0 || stepsValue !== undefined;
  return { start, setFrom, bundleSteps, setBundleSteps, remaining, stepsValue, canWrite, checkpointSteps };
}
export type WriteOptionsState = ReturnType<typeof useWriteOptions>;

/** The run's own loss beside each shown torchrun launch's, dashed. */
function useSeries(metrics: readonly MetricPoint[], status: BundleStatus | null | undefined): Series[] {
  const shown = (status?.launches ?? []).slice(-6);
  const lastStep = shown.map((l) => `${l.id}:${l.stepsDone}:${l.status}`).join(',');
  const curves = useLaunchCurves(
    shown.map((l) => l.id),
    lastStep,
  );
  return useMemo((): Series[] => {
    const own: Series = { name: 'studio', color: '#111827', points: thin(metrics).map((m) => ({ x: m.step + 1, y: m.loss })) };
    const torchSeries = (curves ?? []).map((c, i) => {
      const l = shown.find((x) => x.id === c.launchId);
      return {
        name: `torchrun #${c.launchId} ×${l?.processes ?? '?'}`,
        color: color(i + 1),
        dashed: true,
        points: thin(c.metrics).map((m) => ({ x: m.step + 1, y: m.loss })),
      };
    });
    return [own, ...torchSeries].filter((s) => s.points.length > 0);
  }, [metrics, curves, shown]);
}

export function useBundlePanel(run: Run, metrics: readonly MetricPoint[], checkpointSteps: readonly number[]) {
  const status = useBundle(run.id);
  const pytorch = usePyTorch();
  const options = useWriteOptions(run, checkpointSteps);
  const [processes, setProcesses] = useState(2);
  const { busy, act } = useBusyAction();
  const [imported, setImported] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const writing = useJob(status?.writingJobId ?? null);
  const liveLaunch = status?.launches.find((l) => l.status === 'running') ?? null;
  const launchJob = useJob(liveLaunch?.jobId ?? null);
  const series = useSeries(metrics, status);

  const { start, stepsValue } = options;
  const write = (): Promise<void> =>
    act(`Writing run ${run.id}'s bundle`, async () => {
      const { jobId } = await call('bundles.write', { runId: run.id, step: start, ...(stepsValue ? { steps: stepsValue } : {}) });
      jobsStore.track(jobId, 'bundle', `bundle run ${run.id}`);
    });
  const launch = (): Promise<void> =>
    act(`Training run ${run.id}'s bundle with torchrun`, async () => {
      const { jobId } = await call('bundles.launch', { runId: run.id, processes });
      jobsStore.track(jobId, 'torchrun', `torchrun ×${processes}, run ${run.id}`);
    });
  const stop = (): Promise<void> =>
    act('Stopping the launch', () =>
      liveLaunch ? call('bundles.stop', { launchId: liveLaunch.id }).then(() => undefined) : Promise.resolve(),
    );
  const importFrom = (file?: string): Promise<void> =>
    act(`Importing weights into run ${run.id}`, async () => {
      const r = await call('bundles.importWeights', file === undefined ? { runId: run.id } : { runId: run.id, file });
      setImported(`Step ${r.step} is now a checkpoint of this run${r.withOptimizer ? ' (with its optimizer state)' : ''}.`);
    });
  const pickFile = async (): Promise<void> => {
    if (isElectron) {
      const picked = await call('files.pick', {});
      if (picked[0]) await importFrom(picked[0].id);
    } else fileInput.current?.click();
  };
  const uploadPicked = (f: File): Promise<void> => act('Uploading weights', async () => importFrom((await uploadFile(f)).id));

  return {
    status,
    ...pytorch,
    options,
    processes,
    setProcesses,
    busy,
    imported,
    fileInput,
    writing,
    liveLaunch,
    launchJob,
    series,
    write,
    launch,
    stop,
    importFrom,
    pickFile,
    uploadPicked,
  };
}
export type BundlePanelState = ReturnType<typeof useBundlePanel>;
