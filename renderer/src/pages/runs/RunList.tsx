/** The dataset's runs: status, progress, last loss, back end; ticks pick runs to compare. */
import type { Run, RunStatus } from '../../../../preload/api-training';
import { ProgressBar } from '../../components/bits';
import { fmtCreated, fmtInt } from '../../format';
import { hrefFor } from '../../route';
import { RunActions } from './RunActions';
import { OwnerNote } from '../../components/JobOwner';

export function StatusBadge({ status }: { status: RunStatus }) {
  return (
    <span className={`badge run-status run-status-${status}`} data-testid="run-status" data-status={status}>
      {status}
    </span>
  );
}

export const fmtLoss = (v: number | null | undefined): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(4);

interface Props {
  datasetId: number;
  runs: Run[];
  openId: number | null;
  picked: readonly number[];
  onPick: (id: number, on: boolean) => void;
  onDuplicate: (run: Run) => void;
  onDeleting: (run: Run) => void;
}

export function RunList({ datasetId, runs, openId, picked, onPick, onDuplicate, onDeleting }: Props) {
  return (
    <div className="card table-card">
      <table className="table run-table" data-testid="run-list">
        <thead>
          <tr>
            <th>
              <span className="visually-hidden">Compare</span>
            </th>
            <th>Run</th>
            <th>Status</th>
            <th>Steps</th>
            <th className="num">Last loss</th>
            <th>Back end</th>
            <th className="actions-col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr
              key={r.id}
              className={r.id === openId ? 'selected' : undefined}
              data-testid="run-row"
              data-run-id={r.id}
              data-status={r.status}
            >
              <td>
                <input
                  type="checkbox"
                  aria-label={`Compare run ${r.id}`}
                  checked={picked.includes(r.id)}
                  data-testid="run-pick"
                  onChange={(e) => onPick(r.id, e.target.checked)}
                />
              </td>
              <td className="run-name-cell">
                <a href={hrefFor({ page: 'runs', datasetId, view: 'run', runId: r.id })} data-testid="run-open" title={r.name}>
                  {r.name}
                </a>
                <span className="run-sub">
                  #{r.id} · {fmtCreated(r.createdAt)}
                </span>
              </td>
              <td>
                <StatusBadge status={r.status} />
                <OwnerNote owner={r.owner} running={r.status === 'running'} />
              </td>
              <td className="run-steps-cell">
                <span className="run-steps" data-testid="run-row-steps" data-done={r.stepsDone}>
                  {fmtInt(r.stepsDone)} / {r.totalSteps === null ? '?' : fmtInt(r.totalSteps)}
                </span>
                {(r.totalSteps !== null || r.status === 'running') && (
                  <ProgressBar done={r.stepsDone} total={r.totalSteps} label={`run ${r.id} progress`} />
                )}
              </td>
              <td className="num" data-testid="run-last-loss">
                {fmtLoss(r.lastLoss)}
              </td>
              <td>
                {r.backend ? (
                  <code className="run-backend-cell" title={r.backend}>
                    {r.backend.split(':')[0]}
                  </code>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td className="actions-col">
                <RunActions run={r} onDuplicate={onDuplicate} onDeleting={onDeleting} compact />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
