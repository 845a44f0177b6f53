/**
 * A run taken to PyTorch (issue #15): write its bundle, see whether PyTorch is here (and what to install when it is
 * not), train the bundle locally through torchrun's launcher with live progress and its loss beside the studio's,
 * and bring the weights back as a checkpoint of the run (from the bundle's checkpoints or a picked file).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { BundleStatus, LaunchPoint, PyTorchInfo } from '../../../../preload/api-bundle';
import type { MetricPoint, Run } from '../../../../preload/api-training';
import { call, isElectron, on, uploadFile } from '../../client';
import type { Series } from '../../components/LineChart';
import { JobProgress, Spinner } from '../../components/bits';
import { ConfirmDialog } from '../../components/Dialog';
import { useReportError } from '../../errors';
import { fmtBytes, fmtCreated, fmtInt } from '../../format';
import { jobsStore, useJob } from '../../jobs';
import { useLive } from '../../live';
import { color, thin } from './curves';
import { RunChart } from './RunChart';
import { fmtLoss } from './RunList';

interface Props {
  run: Run;
  /** The run's own curve, drawn beside the PyTorch launches'. */
  metrics: readonly MetricPoint[];
  /** The run's checkpoint steps, oldest first: a bundle starts at one of them or at the initial weights (0). */
  checkpointSteps: readonly number[];
}

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

export function BundlePanel({ run, metrics, checkpointSteps }: Props) {
  const report = useReportError();
  const status = useBundle(run.id);
  const [torch, setTorch] = useState<PyTorchInfo | null>(null);
  const [checking, setChecking] = useState(false);
  const [processes, setProcesses] = useState(2);
  const [from, setFrom] = useState<number | null>(null);
  const [bundleSteps, setBundleSteps] = useState('');
  const start = from ?? defaultBundleStart(run, checkpointSteps);
  const remaining = run.totalSteps === null ? null : Math.max(0, run.totalSteps - start);
  const stepsValue = bundleSteps.trim() === '' ? undefined : Math.max(1, Math.floor(Number(bundleSteps)) || 1);
  const canWrite = remaining !== 0 || stepsValue !== undefined;
  const [busy, setBusy] = useState<string | null>(null);
  const [confirmRewrite, setConfirmRewrite] = useState(false);
  const [imported, setImported] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const writing = useJob(status?.writingJobId ?? null);
  const liveLaunch = status?.launches.find((l) => l.status === 'running') ?? null;
  const launchJob = useJob(liveLaunch?.jobId ?? null);
  const shown = (status?.launches ?? []).slice(-6);
  const lastStep = shown.map((l) => `${l.id}:${l.stepsDone}:${l.status}`).join(',');
  const curves = useLaunchCurves(
    shown.map((l) => l.id),
    lastStep,
  );

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
    // Once per panel: the answer is cached by the back end, and 'Check again' asks anew.
  }, []);

  const act = async (what: string, fn: () => Promise<void>): Promise<void> => {
    setBusy(what);
    try {
      await fn();
    } catch (e) {
      report(e, what);
    } finally {
      setBusy(null);
    }
  };
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

  const series = useMemo((): Series[] => {
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

  const writeOptions = (
    <span className="run-bundle-options">
      <label className="small">
        from{' '}
        <select value={start} onChange={(e) => setFrom(Number(e.target.value))} data-testid="bundle-from">
          <option value={0}>initial weights (step 0)</option>
          {checkpointSteps
            .filter((x) => x > 0)
            .map((x) => (
              <option key={x} value={x}>
                checkpoint at step {x}
              </option>
            ))}
        </select>
      </label>
      <label className="small">
        steps{' '}
        <input
          type="number"
          min={1}
          value={bundleSteps}
          placeholder={remaining ? `${remaining} (to the end)` : 'how many?'}
          onChange={(e) => setBundleSteps(e.target.value)}
          data-testid="bundle-steps-input"
          style={{ width: '8em' }}
        />
      </label>
    </span>
  );

  if (status === undefined) return <Spinner label="Loading the bundle…" />;
  if (status === null) return null;
  const b = status.bundle;
  const started = run.resolved !== null;
  const newest = b?.checkpoints.at(-1) ?? null;
  const writingNow = writing && !writing.finished;

  return (
    <section className="card run-bundle" data-testid="run-bundle">
      <div className="run-chart-head">
        <h3>PyTorch bundle</h3>
        <span className="muted small">train this run with torchrun on GPUs or several machines, then bring the weights back</span>
      </div>

      <p className="run-bundle-torch" data-testid="bundle-pytorch" data-available={torch ? String(torch.available) : 'unknown'}>
        {torch === null ? (
          <span className="muted">Looking for PyTorch…</span>
        ) : torch.available ? (
          <span>✓ {torch.message}</span>
        ) : (
          <span className="warning-text" role="note">
            {torch.message}
          </span>
        )}{' '}
        {torch && !torch.available && (
          <button
            type="button"
            className="link-button"
            disabled={checking}
            onClick={() => void check(true)}
            data-testid="bundle-pytorch-recheck"
          >
            {checking ? 'checking…' : 'Check again'}
          </button>
        )}
      </p>

      {writingNow ? (
        <div data-testid="bundle-writing">
          <JobProgress info={writing.info} />
        </div>
      ) : !b ? (
        <div className="run-bundle-empty" data-testid="bundle-empty">
          <p className="muted">
            {started
              ? 'No bundle yet. A bundle holds this run’s configuration, tokenizer, weights and batches, and a PyTorch trainer (train.py) with a README for Slurm and Kubernetes.'
              : 'The bundle can be written once the run has started (its tokenizer and model shape are fixed then).'}
          </p>
          {started && writeOptions}
          <button
            type="button"
            className="button small primary"
            disabled={!started || !canWrite || busy !== null}
            onClick={() => void write()}
            data-testid="bundle-write"
          >
            Write bundle
          </button>
        </div>
      ) : (
        <>
          <dl className="kv" data-testid="bundle-info">
            <dt>Folder</dt>
            <dd>
              <code className="run-path" data-testid="bundle-dir">
                {b.dir}
              </code>
            </dd>
            <dt>Steps</dt>
            <dd data-testid="bundle-steps">
              {fmtInt(b.startStep)}–{fmtInt(b.endStep - 1)} ({fmtInt(b.endStep - b.startStep)} batches, {fmtInt(b.tokens)} tokens,{' '}
              {fmtBytes(b.bytes)})
            </dd>
            <dt>Items</dt>
            <dd data-testid="bundle-itemids">
              {b.itemIds ? `identifier set ${b.itemIds} (itemids.json; its tokens are the tokenizer's added tokens)` : 'by their titles'}
            </dd>
            <dt>Studio loss of its first batch</dt>
            <dd>
              {fmtLoss(b.studioLoss)} <span className="muted small">(check: python3 train.py --parity)</span>
            </dd>
            <dt>Written</dt>
            <dd>{fmtCreated(b.createdAt)}</dd>
          </dl>
          <pre className="run-json-view" data-testid="bundle-commands">
            {`cd ${b.dir}\npython3 train.py --parity\ntorchrun --nproc_per_node=2 train.py\n# PyTorch 1.13 on Python 3.11 (Debian 12), whose torchrun fails: the same launcher, started by the script\npython3 train.py --nproc_per_node=2`}
          </pre>
          <div className="run-bundle-actions">
            {liveLaunch ? (
              <button
                type="button"
                className="button small"
                data-testid="bundle-stop"
                onClick={() =>
                  void act('Stopping the launch', () => call('bundles.stop', { launchId: liveLaunch.id }).then(() => undefined))
                }
              >
                Stop torchrun
              </button>
            ) : (
              <>
                <label className="small">
                  processes{' '}
                  <input
                    type="number"
                    min={1}
                    max={64}
                    value={processes}
                    onChange={(e) => setProcesses(Math.max(1, Number(e.target.value) || 1))}
                    data-testid="bundle-processes"
                    style={{ width: '4em' }}
                  />
                </label>
                <button
                  type="button"
                  className="button small primary"
                  disabled={!torch?.available || busy !== null}
                  title={torch && !torch.available ? torch.message : undefined}
                  onClick={() => void launch()}
                  data-testid="bundle-launch"
                >
                  Train with torchrun
                </button>
              </>
            )}
            <button
              type="button"
              className="button small"
              disabled={!newest || newest.imported || liveLaunch !== null || busy !== null}
              title={newest ? `step-${newest.step} from the bundle’s checkpoints` : 'train the bundle first'}
              onClick={() => void importFrom()}
              data-testid="bundle-import"
            >
              {busy?.startsWith('Importing') ? 'Importing…' : newest ? `Import weights (step ${newest.step})` : 'Import weights'}
            </button>
            <button
              type="button"
              className="button small"
              disabled={busy !== null}
              onClick={() => void pickFile()}
              data-testid="bundle-import-file"
            >
              Import a file…
            </button>
            <input
              ref={fileInput}
              type="file"
              accept=".safetensors"
              hidden
              data-testid="bundle-import-input"
              onChange={(e) => {
                const f = e.target.files?.[0];
                e.target.value = '';
                if (f) void act('Uploading weights', async () => importFrom((await uploadFile(f)).id));
              }}
            />
            <span className="run-bundle-rewrite">
              {writeOptions}
              <button
                type="button"
                className="button small"
                disabled={liveLaunch !== null || !canWrite || busy !== null}
                onClick={() => (b.checkpoints.length ? setConfirmRewrite(true) : void write())}
                data-testid="bundle-rewrite"
              >
                Rewrite bundle
              </button>
            </span>
          </div>
          {imported && (
            <p className="ok-text" role="status" data-testid="bundle-imported">
              {imported} Generate from it on the Generations page.
            </p>
          )}
        </>
      )}

      {launchJob && !launchJob.finished && (
        <div data-testid="bundle-launch-progress">
          <JobProgress info={launchJob.info} />
        </div>
      )}
      {series.length > 1 && (
        <RunChart title="Loss: studio and PyTorch" series={series} yLabel="loss" testid="bundle-loss-chart" logToggle />
      )}
      {status.launches.length > 0 && (
        <table className="table compact" data-testid="bundle-launches">
          <thead>
            <tr>
              <th>launch</th>
              <th className="num">processes</th>
              <th>steps</th>
              <th>status</th>
              <th className="num">loss</th>
              <th>where</th>
            </tr>
          </thead>
          <tbody>
            {status.launches.map((l) => (
              <tr key={l.id} data-testid="bundle-launch-row" data-status={l.status} title={l.error ?? undefined}>
                <td>#{l.id}</td>
                <td className="num">{l.processes}</td>
                <td className="nowrap">
                  {l.stepsDone} / {l.endStep}
                </td>
                <td>{l.status}</td>
                <td className="num">{fmtLoss(l.lastLoss)}</td>
                <td className="muted small">
                  {l.error ??
                    (l.detail
                      ? `${String(l.detail.world)} × ${String(l.detail.device)} (${String(l.detail.backend)}), torch ${String(l.detail.torch)}`
                      : '')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {status.imports.length > 0 && (
        <p className="muted small" data-testid="bundle-imports">
          Imported from PyTorch: {status.imports.map((i) => `step ${i.step}`).join(', ')}.
        </p>
      )}
      {confirmRewrite && b && (
        <ConfirmDialog
          title="Rewrite the bundle?"
          testid="bundle-rewrite-dialog"
          confirmTestid="bundle-rewrite-confirm"
          confirmLabel="Rewrite it"
          onCancel={() => setConfirmRewrite(false)}
          onConfirm={() => {
            setConfirmRewrite(false);
            void write();
          }}
        >
          <p>
            The bundle is written again from this run’s newest checkpoint; its {b.checkpoints.length} PyTorch checkpoint
            {b.checkpoints.length === 1 ? '' : 's'} go with the old one
            {b.checkpoints.some((c) => !c.imported) ? ', some of them not imported yet' : ''}.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
