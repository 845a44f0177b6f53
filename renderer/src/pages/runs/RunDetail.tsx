/**
 * One run: live progress (phase, ETA), the compute back end and why faster rungs were skipped, the curves, the
 * summary, the configuration it resolved to, its checkpoints, and the error of a failed run.
 */
import type { Run } from '../../../../preload/api-training';
import { EmptyState, Spinner } from '../../components/bits';
import { fmtBytes, fmtCreated, fmtInt, fmtValue } from '../../format';
import { useJob } from '../../jobs';
import { hrefFor } from '../../route';
import { BundlePanel } from './BundlePanel';
import { RunCharts, RunHeader, RunLive } from './RunViewParts';
import { fmtLoss } from './RunList';
import { budgetOf, identifierSetOf } from './resolvedFacts';
import { useRunDetail, type RunDetailData } from './runsData';

interface Props {
  runId: number;
  onDuplicate: (run: Run) => void;
  onDeleting: (run: Run) => void;
}

export function RunDetail({ runId, onDuplicate, onDeleting }: Props) {
  const data = useRunDetail(runId);
  if (data === undefined) return <Spinner label={`Loading run ${runId}…`} />;
  if (data === null) {
    return (
      <EmptyState title={`Run ${runId} could not be loaded`} testid="run-missing">
        <p>It may have been deleted.</p>
      </EmptyState>
    );
  }
  return <RunView data={data} onDuplicate={onDuplicate} onDeleting={onDeleting} />;
}

function RunView({ data, onDuplicate, onDeleting }: { data: RunDetailData } & Omit<Props, 'runId'>) {
  const { run, metrics, validation, checkpoints } = data;
  const job = useJob(run.jobId);
  const live = run.status === 'running' && job && !job.finished ? job.info : null;
  return (
    <section className="run-detail" data-testid="run-detail" data-run-id={run.id} data-status={run.status}>
      <RunHeader run={run} onDuplicate={onDuplicate} onDeleting={onDeleting} />
      {run.status === 'running' && <RunLive run={run} phase={live?.phase ?? null} eta={live?.etaSeconds ?? data.etaSeconds} />}
      {run.error && (
        <div className="error-box" role="alert" data-testid="run-error">
          <strong>The run failed:</strong> {run.error}
        </div>
      )}
      <dl className="kv run-facts">
        <dt>Compute back end</dt>
        <dd data-testid="run-backend-used">
          {run.backend ? <code>{run.backend}</code> : <span className="muted">not chosen yet</span>}
          {run.backendNote && (
            <span className="hint run-backend-note" data-testid="run-backend-note">
              {' '}
              — {run.backendNote}
            </span>
          )}
        </dd>
        <IdentifierFacts run={run} />
        <dt>Created</dt>
        <dd>
          {fmtCreated(run.createdAt)} <span className="muted">· updated {fmtCreated(run.updatedAt)}</span>
        </dd>
      </dl>
      <Summary run={run} />
      {(metrics.length > 0 || run.status === 'running') && <RunCharts metrics={metrics} validation={validation} />}
      <div className="run-detail-grid">
        <ResolvedConfig run={run} />
        <Checkpoints checkpoints={checkpoints} />
      </div>
      <BundlePanel run={run} metrics={metrics} checkpointSteps={checkpoints.map((c) => c.step)} />
    </section>
  );
}

/** The identifier set the run writes items with, and how a time budget sized its steps. */
function IdentifierFacts({ run }: { run: Run }) {
  const set = identifierSetOf(run);
  const named = typeof run.config.itemIds === 'string' ? run.config.itemIds : null;
  const budget = budgetOf(run);
  return (
    <>
      <dt>Item identifiers</dt>
      <dd data-testid="run-itemids">
        {set ? (
          <>
            <a href={hrefFor({ page: 'itemids', datasetId: run.datasetId, setId: set.id })}>
              {set.name} v{set.version}
            </a>{' '}
            <span className="muted">({set.scheme})</span>
          </>
        ) : named ? (
          <span className="muted">{named} (its newest finished version, resolved when the run starts)</span>
        ) : (
          <span className="muted">titles</span>
        )}
      </dd>
      {budget && (
        <>
          <dt>Time budget</dt>
          <dd data-testid="run-budget" data-calibrated={budget.calibrated}>
            {budget.minutes} min —{' '}
            {budget.calibrated
              ? `steps sized from the budget after timing the first ones: ${fmtInt(budget.steps ?? 0)} fine-tuning${budget.pretrainSteps ? ` after ${fmtInt(budget.pretrainSteps)} pretraining` : ''}`
              : 'its steps are sized from the budget once the first ones are timed'}
          </dd>
        </>
      )}
    </>
  );
}

function Summary({ run }: { run: Run }) {
  const s = run.summary;
  if (!s || s.steps === 0) {
    return (
      <div className="card run-summary" data-testid="run-summary">
        <span className="muted">
          {run.status === 'running'
            ? `The summary appears when the run ends. Last loss ${fmtLoss(run.lastLoss)}.`
            : 'No step was recorded, so there is nothing to sum up.'}
        </span>
      </div>
    );
  }
  const families = Object.entries(s.lossByFamily);
  return (
    <div className="card run-summary" data-testid="run-summary">
      <div className="stat-row">
        <div className="figure">
          <div className="figure-value" data-testid="run-summary-loss">
            {fmtLoss(s.initialLoss)} → {fmtLoss(s.finalLoss)}
          </div>
          <div className="figure-label">loss, first step → mean of the last 10</div>
        </div>
        <div className="figure">
          <div className="figure-value">{fmtInt(s.steps)}</div>
          <div className="figure-label">steps</div>
        </div>
        <div className="figure">
          <div className="figure-value" data-testid="run-summary-speed">
            {fmtInt(s.tokensPerSecond)}
          </div>
          <div className="figure-label">tokens/s (median)</div>
        </div>
        <div className="figure">
          {/* "native: openblas (libopenblas.so.0), 2 threads" is too long for a figure: the rung big, the detail under it. */}
          <div className="figure-value" data-testid="run-summary-backend" title={s.backend}>
            {s.backend.split(':')[0]}
          </div>
          <div className="figure-label">
            back end{s.backend.includes(':') && <span className="figure-detail">{s.backend.slice(s.backend.indexOf(':') + 1).trim()}</span>}
          </div>
        </div>
      </div>
      {families.length > 0 && (
        <table className="table compact run-family-loss" data-testid="run-summary-families">
          <thead>
            <tr>
              <th>family</th>
              <th className="num">final loss</th>
            </tr>
          </thead>
          <tbody>
            {families.map(([f, l]) => (
              <tr key={f}>
                <td>{f}</td>
                <td className="num">{fmtLoss(l)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

const MODEL_LABEL: Record<string, string> = {
  layers: 'layers',
  width: 'width',
  heads: 'heads',
  ffn: 'feed-forward',
  maxLength: 'context length',
  vocabSize: 'vocabulary',
  dropout: 'dropout',
};
const SCHEDULE_KEYS = [
  'steps',
  'pretrainSteps',
  'minutes',
  'templates',
  'batchSize',
  'learningRate',
  'warmupSteps',
  'weightDecay',
  'clipNorm',
  'seed',
  'checkpointEvery',
  'familyWeights',
  'spanOrder',
  'from',
  'lora',
  'backend',
];

function ResolvedConfig({ run }: { run: Run }) {
  const resolved = run.resolved;
  const model =
    resolved && typeof resolved.model === 'object' && resolved.model !== null ? (resolved.model as Record<string, unknown>) : null;
  return (
    <div className="card run-resolved" data-testid="run-resolved">
      <h3>Configuration</h3>
      {resolved === null ? (
        <p className="muted">Resolved when the run starts (model shape, steps, warm-up).</p>
      ) : (
        <dl className="kv">
          {model && Object.entries(model).map(([k, v]) => <FactRow key={k} label={MODEL_LABEL[k] ?? k} value={v} />)}
          {SCHEDULE_KEYS.filter((k) => resolved[k] !== undefined).map((k) => (
            <FactRow key={k} label={k} value={resolved[k]} />
          ))}
        </dl>
      )}
      <details>
        <summary>As sent (run.json)</summary>
        <pre className="run-json-view">{JSON.stringify(run.config, null, 2)}</pre>
      </details>
      {resolved && (
        <details>
          <summary>Everything resolved</summary>
          <pre className="run-json-view">{JSON.stringify(resolved, null, 2)}</pre>
        </details>
      )}
    </div>
  );
}

function FactRow({ label, value }: { label: string; value: unknown }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>
        {typeof value === 'object' && value !== null && !Array.isArray(value) ? <code>{JSON.stringify(value)}</code> : fmtValue(value)}
      </dd>
    </>
  );
}

function Checkpoints({ checkpoints }: { checkpoints: RunDetailData['checkpoints'] }) {
  return (
    <div className="card run-checkpoints" data-testid="run-checkpoints">
      <h3>Checkpoints</h3>
      {checkpoints.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <table className="table compact">
          <thead>
            <tr>
              <th className="num">step</th>
              <th>file</th>
              <th className="num">size</th>
            </tr>
          </thead>
          <tbody>
            {checkpoints.map((c) => (
              <tr key={c.step} data-testid="run-checkpoint" title={`written ${fmtCreated(c.createdAt)}`}>
                <td className="num">{c.step}</td>
                <td className="run-path-cell" title={c.file}>
                  <code>{c.file.split(/[\\/]/).pop()}</code>
                </td>
                <td className="num nowrap">{fmtBytes(c.bytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
