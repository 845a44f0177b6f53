/** The dataset's LUM runs: status, progress, condition, size, last loss, back end, ranker AUC; stop, resume, delete. */
import { useState } from 'react';
import type { LumRun } from '../../../../preload/api-lum';
import { ProgressBar } from '../../components/bits';
import { ConfirmDialog } from '../../components/Dialog';
import { call } from '../../client';
import { useReportError } from '../../errors';
import { fmtCreated, fmtInt } from '../../format';
import { hrefFor } from '../../route';
import { fmtLoss, StatusBadge } from '../runs/RunList';
import { OwnerNote } from '../../components/JobOwner';

export function LumActions({ run, onDeleted, compact }: { run: LumRun; onDeleted: (run: LumRun) => void; compact?: boolean }) {
  const report = useReportError();
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const cls = compact ? 'link-button' : 'button small';
  const act = (fn: () => Promise<unknown>, context: string): void => {
    setBusy(true);
    fn()
      .catch((e: unknown) => report(e, context))
      .finally(() => setBusy(false));
  };
  return (
    <span className={compact ? 'run-actions compact' : 'run-actions'}>
      {run.status === 'running' && (
        <button
          type="button"
          className={cls}
          disabled={busy}
          data-testid="lum-stop"
          onClick={() => act(() => call('lum.stop', { id: run.id }), `Stopping LUM run ${run.id}`)}
        >
          Stop
        </button>
      )}
      {(run.status === 'stopped' || run.status === 'interrupted' || run.status === 'failed') && (
        <button
          type="button"
          className={cls}
          disabled={busy}
          data-testid="lum-resume"
          title={run.lastCheckpoint === null ? 'Starts over: no checkpoint yet' : `Continues from step ${run.lastCheckpoint}`}
          onClick={() => act(() => call('lum.resume', { id: run.id }), `Resuming LUM run ${run.id}`)}
        >
          Resume
        </button>
      )}
      {run.status !== 'running' && run.rankJobId === null && (
        <button type="button" className={`${cls} danger`} disabled={busy} data-testid="lum-delete" onClick={() => setConfirm(true)}>
          Delete
        </button>
      )}
      {confirm && (
        <ConfirmDialog
          title={`Delete LUM run #${run.id}?`}
          confirmLabel="Delete"
          onCancel={() => setConfirm(false)}
          onConfirm={() => {
            setConfirm(false);
            onDeleted(run);
            act(() => call('lum.delete', { id: run.id }), `Deleting LUM run ${run.id}`);
          }}
          testid="lum-delete-dialog"
          confirmTestid="lum-delete-confirm"
        >
          <p>Its curves, checkpoints and rankings go with it.</p>
        </ConfirmDialog>
      )}
    </span>
  );
}

export function LumRunList({
  datasetId,
  runs,
  openId,
  onDeleted,
}: {
  datasetId: number;
  runs: LumRun[];
  openId: number | null;
  onDeleted: (run: LumRun) => void;
}) {
  return (
    <div className="card table-card">
      <table className="table run-table" data-testid="lum-list">
        <thead>
          <tr>
            <th>Run</th>
            <th>Status</th>
            <th>Steps</th>
            <th>Condition</th>
            <th className="num">Last loss</th>
            <th className="num">AUC</th>
            <th>Back end</th>
            <th className="actions-col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => {
            const full = r.rankings.find((k) => k.variant === 'full');
            return (
              <tr
                key={r.id}
                className={r.id === openId ? 'selected' : undefined}
                data-testid="lum-row"
                data-run-id={r.id}
                data-status={r.status}
              >
                <td className="run-name-cell">
                  <a href={hrefFor({ page: 'lum', datasetId, runId: r.id })} data-testid="lum-open" title={r.name}>
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
                  <span className="run-steps" data-testid="lum-row-steps" data-done={r.stepsDone}>
                    {fmtInt(r.stepsDone)} / {r.totalSteps === null ? '?' : fmtInt(r.totalSteps)}
                  </span>
                  {(r.totalSteps !== null || r.status === 'running') && (
                    <ProgressBar done={r.stepsDone} total={r.totalSteps} label={`LUM run ${r.id} progress`} />
                  )}
                </td>
                <td>{r.resolved ? (r.resolved.condition ?? <span className="muted">none</span>) : <span className="muted">—</span>}</td>
                <td className="num">{fmtLoss(r.lastLoss)}</td>
                <td className="num" data-testid="lum-row-auc">
                  {full ? full.auc.toFixed(4) : <span className="muted">—</span>}
                </td>
                <td>{r.backend ? <code>{r.backend}</code> : <span className="muted">—</span>}</td>
                <td className="actions-col">
                  <LumActions run={r} onDeleted={onDeleted} compact />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
