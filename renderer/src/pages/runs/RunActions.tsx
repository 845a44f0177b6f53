/** What can be done to one run: stop, resume, duplicate, export merged weights, delete (after a confirmation). */
import { useState } from 'react';
import type { Run } from '../../../../preload/api-training';
import { call } from '../../client';
import { ConfirmDialog, Dialog } from '../../components/Dialog';
import { useBusyAction } from '../../components/useBusyAction';
import { fmtBytes } from '../../format';
import { jobsStore } from '../../jobs';

interface Props {
  run: Run;
  onDuplicate: (run: Run) => void;
  /** Called before the delete is sent, so an open view of the run can close first. */
  onDeleting: (run: Run) => void;
  compact?: boolean;
}

export const canResume = (run: Run): boolean => run.status === 'stopped' || run.status === 'interrupted';

export function stopRun(run: Run, report: (e: unknown, context: string) => void): void {
  call('runs.stop', { id: run.id }).catch((e: unknown) => report(e, `Stopping run ${run.id}`));
}

type Busy = 'stop' | 'resume' | 'export' | 'delete';

/** Delete after a confirmation that says what goes. */
function DeleteDialog({ run, onCancel, onConfirm }: { run: Run; onCancel: () => void; onConfirm: () => void }) {
  return (
    <ConfirmDialog
      title={`Delete run #${run.id}?`}
      testid="run-delete-dialog"
      confirmTestid="run-delete-confirm"
      confirmLabel="Delete run and checkpoints"
      onCancel={onCancel}
      onConfirm={onConfirm}
    >
      <p>
        <strong>{run.name}</strong>: its curves, {run.stepsDone} recorded steps and every checkpoint file go.
      </p>
    </ConfirmDialog>
  );
}

function ExportedDialog({ run, exported, onClose }: { run: Run; exported: { file: string; bytes: number }; onClose: () => void }) {
  return (
    <Dialog title="Merged weights written" onClose={onClose} testid="run-export-dialog">
      <p>
        The last checkpoint of <strong>{run.name}</strong>, with any LoRA adapters merged into plain weights ({fmtBytes(exported.bytes)}):
      </p>
      <pre className="run-path" data-testid="run-export-file">
        {exported.file}
      </pre>
    </Dialog>
  );
}

export function RunActions({ run, onDuplicate, onDeleting, compact }: Props) {
  const { busy, act } = useBusyAction<Busy>();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [exported, setExported] = useState<{ file: string; bytes: number } | null>(null);
  const cls = compact ? 'link-button' : 'button small';
  const running = run.status === 'running';
  const resume = async (): Promise<void> => {
    const r = await call('runs.resume', { id: run.id });
    jobsStore.track(r.jobId, 'train', run.name);
  };
  return (
    <span className={compact ? 'run-actions compact' : 'run-actions'} onClick={(e) => e.stopPropagation()}>
      {running && (
        <button
          type="button"
          className={cls}
          disabled={busy !== null}
          data-testid="run-stop"
          onClick={() => void act('stop', () => call('runs.stop', { id: run.id }), `Stopping run ${run.id}`)}
        >
          Stop
        </button>
      )}
      {canResume(run) && (
        <button
          type="button"
          className={cls}
          disabled={busy !== null}
          data-testid="run-resume"
          onClick={() => void act('resume', resume, `Resuming run ${run.id}`)}
        >
          Resume
        </button>
      )}
      <button
        type="button"
        className={cls}
        data-testid="run-duplicate"
        onClick={() => onDuplicate(run)}
        title="Prefill the form with this run's configuration"
      >
        Duplicate
      </button>
      {!running && run.stepsDone > 0 && (
        <button
          type="button"
          className={cls}
          disabled={busy !== null}
          data-testid="run-export"
          title="Write the last checkpoint with LoRA merged into plain weights"
          onClick={() =>
            void act('export', async () => setExported(await call('runs.exportMerged', { id: run.id })), `Exporting run ${run.id}`)
          }
        >
          {busy === 'export' ? 'Exporting…' : 'Export merged'}
        </button>
      )}
      <button
        type="button"
        className={`${cls} danger`}
        disabled={running || busy !== null}
        data-testid="run-delete"
        onClick={() => setConfirmDelete(true)}
        title={running ? 'Stop the run first' : undefined}
      >
        Delete
      </button>
      {confirmDelete && (
        <DeleteDialog
          run={run}
          onCancel={() => setConfirmDelete(false)}
          onConfirm={() => {
            setConfirmDelete(false);
            onDeleting(run);
            void act('delete', () => call('runs.delete', { id: run.id }), `Deleting run ${run.id}`);
          }}
        />
      )}
      {exported && <ExportedDialog run={run} exported={exported} onClose={() => setExported(null)} />}
    </span>
  );
}
