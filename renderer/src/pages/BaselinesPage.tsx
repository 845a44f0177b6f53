/**
 * Constrained baselines trained by stochastic Frank-Wolfe: configure and launch a fit, watch objective,
 * exact gap and estimated gap per epoch (log scale), compare with deterministic FW and the unit-batch
 * MHK baseline, and read the metrics against the naive reference.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { BaselineModel, BaselineRun, DatasetSummary } from '../../../preload/api';
import { call, on } from '../client';
import { EmptyState, ProgressRow } from '../components/bits';
import { LineChart, type Series } from '../components/LineChart';
import { LabeledInput } from '../components/LabeledInput';
import { useReportError } from '../errors';
import { useJob } from '../jobs';
import { OwnerNote } from '../components/JobOwner';

const MODELS: { value: BaselineModel; label: string; radius: number }[] = [
  { value: 'nuclear-mc', label: 'Rating prediction — nuclear-norm matrix completion', radius: 500 },
  { value: 'l1-linear', label: 'Rating prediction — l1-constrained linear model on user & item features', radius: 5 },
  { value: 'l1-logistic', label: 'Click prediction (rating ≥ 4) — l1-constrained logistic model on features', radius: 10 },
];
const SOLVER_LABEL: Record<string, string> = { sfw: 'SFW (batch B)', fw: 'deterministic FW', mhk: 'MHK (batch 1)' };
const SOLVER_COLOR: Record<string, string> = { sfw: '#2563eb', fw: '#dc2626', mhk: '#16a34a' };

export function BaselinesPage({ dataset }: { dataset: DatasetSummary }) {
  const report = useReportError();
  const [runs, setRuns] = useState<BaselineRun[] | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId);

  const refresh = useCallback(() => {
    call('baselines.list', { datasetId: dataset.id }).then(setRuns, (e: unknown) => report(e, 'Loading baseline runs'));
  }, [dataset.id, report]);
  useEffect(() => {
    refresh();
    return on('baselines.changed', refresh);
  }, [refresh]);

  const current = runs?.find((r) => r.id === selected) ?? runs?.[0] ?? null;

  return (
    <section className="page" data-testid="baselines-page">
      <header className="page-header">
        <h1>Constrained baselines</h1>
        <p className="muted">
          Fitted by stochastic Frank-Wolfe on the training split of <strong>{dataset.name}</strong>; metrics on its valid and test splits.
        </p>
      </header>
      <StartForm
        datasetId={dataset.id}
        hasSplit={dataset.split !== null}
        onStarted={(j, runId) => (setJobId(j), setSelected(runId))}
        running={Boolean(job && !job.finished)}
      />
      {job && !job.finished && (
        <ProgressRow
          done={job.info.done}
          total={job.info.total}
          label="baseline fit progress"
          phase={job.info.phase}
          testid="baseline-progress"
        >
          <span>
            {job.info.done} / {job.info.total ?? '?'} epochs
          </span>
          <button
            type="button"
            className="button"
            data-testid="baseline-cancel"
            onClick={() => void call('jobs.cancel', { jobId: job.info.jobId })}
          >
            Cancel
          </button>
        </ProgressRow>
      )}
      {runs === null ? null : runs.length === 0 ? (
        <EmptyState title="No baseline runs yet" testid="baselines-empty">
          Choose a model in the form above and press Fit: the objective and the Frank-Wolfe gap appear here epoch by epoch.
        </EmptyState>
      ) : (
        <>
          <RunsTable
            runs={runs}
            selected={current?.id ?? null}
            onSelect={setSelected}
            onDelete={(id) => void call('baselines.delete', { id }).then(refresh, (e: unknown) => report(e, 'Delete'))}
          />
          {current && <RunDetail run={current} />}
        </>
      )}
    </section>
  );
}

interface StartProps {
  datasetId: number;
  /** Runs and templates derive their splits per family as they go; these baselines score on the stored one. */
  hasSplit: boolean;
  onStarted: (jobId: string, runId: number) => void;
  running: boolean;
}

const START_DEFAULTS = {
  model: 'nuclear-mc' as BaselineModel,
  radius: '',
  epochs: '20',
  batchSize: '100',
  sampler: 'random:1',
  tol: '',
  compare: true,
};
type StartValues = typeof START_DEFAULTS;

/** The form's values, and `start`, which records the split first when the dataset has none stored. */
function useStartBaseline({ datasetId, hasSplit, onStarted }: StartProps) {
  const report = useReportError();
  const [v, setValues] = useState<StartValues>(START_DEFAULTS);
  const set = <K extends keyof StartValues>(k: K, value: StartValues[K]): void => setValues((old) => ({ ...old, [k]: value }));
  const start = (): void => {
    const split = hasSplit ? Promise.resolve(null) : call('datasets.split', { id: datasetId });
    split
      .then(() =>
        call('baselines.start', {
          datasetId,
          model: v.model,
          ...(v.radius ? { radius: Number(v.radius) } : {}),
          epochs: Number(v.epochs),
          batchSize: Number(v.batchSize),
          sampler: v.sampler,
          tol: v.tol ? Number(v.tol) : null,
          compare: v.compare,
        }),
      )
      .then(
        (r) => onStarted(r.jobId, r.runId),
        (e: unknown) => report(e, 'Start baseline'),
      );
  };
  return { v, set, start };
}

function StartForm(props: StartProps) {
  const { hasSplit, running } = props;
  const { v, set, start } = useStartBaseline(props);
  const defaultRadius = MODELS.find((m) => m.value === v.model)?.radius ?? 1;
  return (
    <form
      className="form-grid"
      data-testid="baseline-form"
      onSubmit={(e) => {
        e.preventDefault();
        start();
      }}
    >
      {!hasSplit && (
        <p className="muted form-note" data-testid="baselines-needs-split">
          These baselines are fitted on the dataset&apos;s stored leave-one-out split (each user&apos;s last interaction is test, the one
          before valid), which is not recorded yet — Fit records it first. Runs and templates need no stored split: they derive theirs per
          family.
        </p>
      )}
      <label>
        Model
        <select value={v.model} onChange={(e) => set('model', e.target.value as BaselineModel)} data-testid="baseline-model">
          {MODELS.map((m) => (
            <option key={m.value} value={m.value}>
              {m.label}
            </option>
          ))}
        </select>
      </label>
      <LabeledInput
        label="Radius R"
        type="number"
        min="0"
        step="any"
        placeholder={String(defaultRadius)}
        value={v.radius}
        onChange={(x) => set('radius', x)}
        testid="baseline-radius"
      />
      <LabeledInput
        label="Epochs"
        type="number"
        min="1"
        max="1000"
        value={v.epochs}
        onChange={(x) => set('epochs', x)}
        testid="baseline-epochs"
      />
      <LabeledInput
        label="Batch size B"
        type="number"
        min="1"
        value={v.batchSize}
        onChange={(x) => set('batchSize', x)}
        testid="baseline-batch"
      />
      <LabeledInput
        label="Sampler"
        value={v.sampler}
        onChange={(x) => set('sampler', x)}
        title="cyclic or random:SEED"
        testid="baseline-sampler"
      />
      <LabeledInput
        label="Stop when estimated gap ≤"
        type="number"
        min="0"
        step="any"
        placeholder="run all epochs"
        value={v.tol}
        onChange={(x) => set('tol', x)}
        testid="baseline-tol"
      />
      <label className="checkbox">
        <input type="checkbox" checked={v.compare} onChange={(e) => set('compare', e.target.checked)} data-testid="baseline-compare" />
        Compare with deterministic FW and MHK
      </label>
      <button type="submit" className="button primary" disabled={running} data-testid="baseline-start">
        Fit
      </button>
    </form>
  );
}

const metricKeys = (run: BaselineRun): string[] => Object.keys(run.outcome?.metrics.sfw ?? run.outcome?.reference ?? {});

function RunsTable({
  runs,
  selected,
  onSelect,
  onDelete,
}: {
  runs: BaselineRun[];
  selected: number | null;
  onSelect: (id: number) => void;
  onDelete: (id: number) => void;
}) {
  return (
    <table className="table" data-testid="baseline-runs">
      <thead>
        <tr>
          <th>#</th>
          <th>Model</th>
          <th>Status</th>
          <th>R</th>
          <th>Epochs</th>
          <th>B</th>
          <th>SFW test metrics (reference)</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr
            key={r.id}
            className={r.id === selected ? 'selected' : undefined}
            onClick={() => onSelect(r.id)}
            data-testid="baseline-run-row"
          >
            <td>{r.id}</td>
            <td>{r.model}</td>
            <td data-testid="baseline-run-status">
              {r.status}
              <OwnerNote owner={r.owner} running={r.status === 'running'} />
            </td>
            <td>{r.config.radius}</td>
            <td>{r.config.epochs}</td>
            <td>{r.config.batchSize}</td>
            <td>
              {metricKeys(r)
                .filter((k) => k.startsWith('test'))
                .map((k) => `${k.slice(5)} ${fmt(r.outcome?.metrics.sfw?.[k])} (${fmt(r.outcome?.reference[k])})`)
                .join(' · ') ||
                (r.error ?? '—')}
            </td>
            <td>
              <button
                type="button"
                className="link-button"
                disabled={r.status === 'running'}
                onClick={(e) => (e.stopPropagation(), onDelete(r.id))}
              >
                Delete
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const fmt = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(4));

function RunDetail({ run }: { run: BaselineRun }) {
  const curves = run.outcome?.curves ?? {};
  const solvers = Object.keys(curves);
  const gapSeries = useMemo<Series[]>(
    () =>
      solvers.flatMap((s) => [
        {
          name: `${SOLVER_LABEL[s] ?? s} gap`,
          color: SOLVER_COLOR[s] ?? '#555',
          points: (curves[s] ?? []).filter((p) => p.gap !== null).map((p) => ({ x: p.epoch, y: p.gap as number })),
        },
        {
          name: `${SOLVER_LABEL[s] ?? s} estimated gap`,
          color: SOLVER_COLOR[s] ?? '#555',
          dashed: true,
          points: (curves[s] ?? []).map((p) => ({ x: p.epoch, y: p.gapEstimate })),
        },
      ]),
    [curves, solvers],
  );
  const objective = solvers.map((s) => ({
    name: SOLVER_LABEL[s] ?? s,
    color: SOLVER_COLOR[s] ?? '#555',
    points: (curves[s] ?? []).map((p) => ({ x: p.epoch, y: p.objective })),
  }));
  const keys = metricKeys(run);
  return (
    <div className="baseline-detail" data-testid="baseline-detail">
      <h2>
        Run #{run.id}: {run.model} <span className="muted">({run.status})</span>
        <OwnerNote owner={run.owner} running={run.status === 'running'} />
      </h2>
      {run.error && <p className="error-text">{run.error}</p>}
      <div className="charts-row">
        <LineChart series={gapSeries} xLabel="epoch" yLabel="Frank-Wolfe gap" logY testid="baseline-gap-chart" />
        <LineChart series={objective} xLabel="epoch" yLabel="objective" logY testid="baseline-objective-chart" />
      </div>
      {run.outcome && keys.length > 0 && (
        <table className="table compact" data-testid="baseline-metrics">
          <thead>
            <tr>
              <th>metric</th>
              {Object.keys(run.outcome.metrics).map((s) => (
                <th key={s}>{SOLVER_LABEL[s] ?? s}</th>
              ))}
              <th>reference</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k}>
                <td>{k}</td>
                {Object.keys(run.outcome!.metrics).map((s) => (
                  <td key={s}>{fmt(run.outcome!.metrics[s]?.[k])}</td>
                ))}
                <td>{fmt(run.outcome!.reference[k])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {run.outcome && run.outcome.topFeatures.length > 0 && (
        <details open>
          <summary>
            Largest weights ({run.outcome.nonZero} of {run.outcome.features} features non-zero)
          </summary>
          <ul className="feature-weights">
            {run.outcome.topFeatures.map((f) => (
              <li key={f.name}>
                <code>{f.name}</code> {f.weight.toFixed(4)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
