/** The top of a run's page: its title and actions, its live progress with the ETA, and its curves. */
import { useMemo } from 'react';
import type { MetricPoint, Run, ValidationPoint } from '../../../../preload/api-training';
import { ProgressRow } from '../../components/bits';
import { OwnerNote } from '../../components/JobOwner';
import { fmtDuration, fmtInt } from '../../format';
import { hrefFor } from '../../route';
import { gradNormSeries, lossSeries, lrSeries, speedSeries, validationSeries } from './curves';
import { RunActions } from './RunActions';
import { RunChart } from './RunChart';
import { StatusBadge } from './RunList';

interface HeaderProps {
  run: Run;
  onDuplicate: (run: Run) => void;
  onDeleting: (run: Run) => void;
}

export function RunHeader({ run, onDuplicate, onDeleting }: HeaderProps) {
  return (
    <header className="run-detail-head">
      <h2>
        #{run.id} {run.name} <StatusBadge status={run.status} />
        <OwnerNote owner={run.owner} running={run.status === 'running'} />
      </h2>
      <span className="run-actions">
        {run.lastCheckpoint !== null && (
          <a
            className="button small"
            href={hrefFor({ page: 'generations', datasetId: run.datasetId, view: 'list', runId: run.id })}
            data-testid="run-generate"
            title={`Generate from this run's checkpoint at step ${run.lastCheckpoint} on the Generations page`}
          >
            Generate…
          </a>
        )}
        <RunActions run={run} onDuplicate={onDuplicate} onDeleting={onDeleting} />
      </span>
    </header>
  );
}

/** A running run's bar, phase, steps and ETA ("estimating…" until the first step time is measured). */
export function RunLive({ run, phase, eta }: { run: Run; phase: string | null; eta: number | null }) {
  return (
    <ProgressRow
      done={run.stepsDone}
      total={run.totalSteps}
      label="training progress"
      phase={phase ?? 'starting'}
      testid="run-live"
      phaseTestid="run-phase"
    >
      <span data-testid="run-live-steps" data-done={run.stepsDone}>
        {fmtInt(run.stepsDone)} / {run.totalSteps === null ? '?' : fmtInt(run.totalSteps)} steps
      </span>
      <span data-testid="run-eta" title="From the measured step time, after the first steps (kernel set-up) are left out">
        ETA {eta === null ? 'estimating…' : fmtDuration(eta)}
      </span>
      <span className="muted">
        <kbd>s</kbd> stops
      </span>
    </ProgressRow>
  );
}

export function RunCharts({ metrics, validation }: { metrics: readonly MetricPoint[]; validation: readonly ValidationPoint[] }) {
  const charts = useMemo(
    () => ({
      loss: lossSeries(metrics),
      valid: validationSeries(validation),
      lr: lrSeries(metrics),
      speed: speedSeries(metrics),
      grad: gradNormSeries(metrics),
    }),
    [metrics, validation],
  );
  return (
    <div className="run-charts">
      <RunChart title="Loss (overall and per family)" series={charts.loss} yLabel="loss" testid="run-loss-chart" logToggle smoothing />
      <RunChart
        title={`Validation loss (overall and per family${validation[0] ? `, ${fmtInt(validation[0].examples)} examples` : ''})`}
        series={charts.valid}
        yLabel="loss"
        testid="run-valid-chart"
        logToggle
        smoothing
        empty="The first validation point appears after a few fine-tuning steps."
      />
      <RunChart title="Learning rate" series={charts.lr} yLabel="learning rate" testid="run-lr-chart" />
      <RunChart title="Tokens per second" series={charts.speed} yLabel="tokens/s" testid="run-speed-chart" />
      <RunChart title="Gradient norm (before clipping)" series={charts.grad} yLabel="norm" testid="run-grad-chart" logToggle smoothing />
    </div>
  );
}
