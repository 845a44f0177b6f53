/** The dataset's LUM runs: status, progress, condition, size, last loss, back end, ranker AUC; stop, resume, delete. */
import { useState } from 'react';
import type { LumRun } from '../../../../preload/api-lum';
import { ProgressBar } from '../../components/bits';
import { ConfirmDialog } from '../../components/Dialog';
import { ItemTable, type ItemColumn } from '../../components/ItemTable';
import { DoneCount, NameCell } from '../../components/listCells';
import { useBusyAction } from '../../components/useBusyAction';
import { call } from '../../client';
import { hrefFor } from '../../route';
import { fmtLoss, StatusBadge } from '../runs/RunList';
import { OwnerNote } from '../../components/JobOwner';

export function LumActions({ run, onDeleted, compact }: { run: LumRun; onDeleted: (run: LumRun) => void; compact?: boolean }) {
  const action = useBusyAction<true>();
  const busy = action.busy !== null;
  const [confirm, setConfirm] = useState(false);
  const cls = compact ? 'link-button' : 'button small';
  const act = (fn: () => Promise<unknown>, context: string): void => void action.act(true, fn, context);
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

function lumColumns(datasetId: number): ItemColumn<LumRun>[] {
  const none = <span className="muted">—</span>;
  return [
    {
      header: 'Run',
      cellClassName: 'run-name-cell',
      cell: (r) => (
        <NameCell
          href={hrefFor({ page: 'lum', datasetId, runId: r.id })}
          testid="lum-open"
          title={r.name}
          id={r.id}
          createdAt={r.createdAt}
        >
          {r.name}
        </NameCell>
      ),
    },
    {
      header: 'Status',
      cell: (r) => (
        <>
          <StatusBadge status={r.status} />
          <OwnerNote owner={r.owner} running={r.status === 'running'} />
        </>
      ),
    },
    {
      header: 'Steps',
      cellClassName: 'run-steps-cell',
      cell: (r) => (
        <>
          <DoneCount done={r.stepsDone} total={r.totalSteps} testid="lum-row-steps" />
          {(r.totalSteps !== null || r.status === 'running') && (
            <ProgressBar done={r.stepsDone} total={r.totalSteps} label={`LUM run ${r.id} progress`} />
          )}
        </>
      ),
    },
    { header: 'Condition', cell: (r) => (r.resolved ? (r.resolved.condition ?? <span className="muted">none</span>) : none) },
    { header: 'Last loss', className: 'num', cell: (r) => fmtLoss(r.lastLoss) },
    {
      header: 'AUC',
      className: 'num',
      testid: 'lum-row-auc',
      cell: (r) => {
        const full = r.rankings.find((k) => k.variant === 'full');
        return full ? full.auc.toFixed(4) : none;
      },
    },
    { header: 'Back end', cell: (r) => (r.backend ? <code>{r.backend}</code> : none) },
  ];
}

interface LumRunListProps {
  datasetId: number;
  runs: LumRun[];
  openId: number | null;
  onDeleted: (run: LumRun) => void;
}

export function LumRunList({ datasetId, runs, openId, onDeleted }: LumRunListProps) {
  // The actions ask before deleting themselves, as they do on the open run's page.
  return (
    <ItemTable
      rows={runs}
      columns={lumColumns(datasetId)}
      className="run-table"
      testid="lum-list"
      rowTestid="lum-row"
      rowData={(r) => ({ 'data-run-id': r.id, 'data-status': r.status })}
      openId={openId}
      actions={(r) => <LumActions run={r} onDeleted={onDeleted} compact />}
    />
  );
}
