/**
 * A run taken to PyTorch (issue #15): write its bundle, see whether PyTorch is here (and what to install when it is
 * not), train the bundle locally through torchrun's launcher with live progress and its loss beside the studio's,
 * and bring the weights back as a checkpoint of the run (from the bundle's checkpoints or a picked file).
 */
import { useState } from 'react';
import type { BundleStatus } from '../../../../preload/api-bundle';
import type { MetricPoint, Run } from '../../../../preload/api-training';
import { JobProgress, Spinner } from '../../components/bits';
import { ConfirmDialog } from '../../components/Dialog';
import { BundleActions } from './bundle/BundleActions';
import { BundleInfo } from './bundle/BundleInfo';
import { BundleLaunches } from './bundle/BundleLaunches';
import { BundleWriteOptions } from './bundle/BundleWriteOptions';
import { PyTorchLine } from './bundle/PyTorchLine';
import { useBundlePanel, type BundlePanelState } from './bundle/useBundlePanel';
import { RunChart } from './RunChart';

interface Props {
  run: Run;
  /** The run's own curve, drawn beside the PyTorch launches'. */
  metrics: readonly MetricPoint[];
  /** The run's checkpoint steps, oldest first: a bundle starts at one of them or at the initial weights (0). */
  checkpointSteps: readonly number[];
}

/** No bundle yet: what one holds, and (once the run has started) the button that writes it. */
function NoBundle({ s, started }: { s: BundlePanelState; started: boolean }) {
  return (
    <div className="run-bundle-empty" data-testid="bundle-empty">
      <p className="muted">
        {started
          ? 'No bundle yet. A bundle holds this run’s configuration, tokenizer, weights and batches, and a PyTorch trainer (train.py) with a README for Slurm and Kubernetes.'
          : 'The bundle can be written once the run has started (its tokenizer and model shape are fixed then).'}
      </p>
      {started && <BundleWriteOptions options={s.options} />}
      <button
        type="button"
        className="button small primary"
        disabled={!started || !s.options.canWrite || s.busy !== null}
        onClick={() => void s.write()}
        data-testid="bundle-write"
      >
        Write bundle
      </button>
    </div>
  );
}

type Bundle = NonNullable<BundleStatus['bundle']>;

function RewriteDialog({ bundle: b, onCancel, onConfirm }: { bundle: Bundle; onCancel: () => void; onConfirm: () => void }) {
  return (
    <ConfirmDialog
      title="Rewrite the bundle?"
      testid="bundle-rewrite-dialog"
      confirmTestid="bundle-rewrite-confirm"
      confirmLabel="Rewrite it"
      onCancel={onCancel}
      onConfirm={onConfirm}
    >
      <p>
        The bundle is written again from this run’s newest checkpoint; its {b.checkpoints.length} PyTorch checkpoint
        {b.checkpoints.length === 1 ? '' : 's'} go with the old one
        {b.checkpoints.some((c) => !c.imported) ? ', some of them not imported yet' : ''}.
      </p>
    </ConfirmDialog>
  );
}

export function BundlePanel({ run, metrics, checkpointSteps }: Props) {
  const s = useBundlePanel(run, metrics, checkpointSteps);
  const [confirmRewrite, setConfirmRewrite] = useState(false);
  const { status, writing, launchJob } = s;
  if (status === undefined) return <Spinner label="Loading the bundle…" />;
  if (status === null) return null;
  const b = status.bundle;
  return (
    <section className="card run-bundle" data-testid="run-bundle">
      <div className="run-chart-head">
        <h3>PyTorch bundle</h3>
        <span className="muted small">train this run with torchrun on GPUs or several machines, then bring the weights back</span>
      </div>
      <PyTorchLine torch={s.torch} checking={s.checking} check={s.check} />
      {writing && !writing.finished ? (
        <div data-testid="bundle-writing">
          <JobProgress info={writing.info} />
        </div>
      ) : !b ? (
        <NoBundle s={s} started={run.resolved !== null} />
      ) : (
        <>
          <BundleInfo bundle={b} />
          <BundleActions s={s} bundle={b} onRewrite={() => (b.checkpoints.length ? setConfirmRewrite(true) : void s.write())} />
          {s.imported && (
            <p className="ok-text" role="status" data-testid="bundle-imported">
              {s.imported} Generate from it on the Generations page.
            </p>
          )}
        </>
      )}
      {launchJob && !launchJob.finished && (
        <div data-testid="bundle-launch-progress">
          <JobProgress info={launchJob.info} />
        </div>
      )}
      {s.series.length > 1 && (
        <RunChart title="Loss: studio and PyTorch" series={s.series} yLabel="loss" testid="bundle-loss-chart" logToggle />
      )}
      <BundleLaunches status={status} />
      {confirmRewrite && b && (
        <RewriteDialog
          bundle={b}
          onCancel={() => setConfirmRewrite(false)}
          onConfirm={() => {
            setConfirmRewrite(false);
            void s.write();
          }}
        />
      )}
    </section>
  );
}
