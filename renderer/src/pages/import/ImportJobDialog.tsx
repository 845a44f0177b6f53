/** The import dialog once started: progress with Cancel, then how it ended (Back to settings after a failure). */
import type { StagedFile } from '../../../../preload/api';
import { call } from '../../client';
import { Dialog } from '../../components/Dialog';
import { JobProgress, ProgressBar } from '../../components/bits';
import { toShown, type ShownError } from '../../errors';
import { jobsStore, type JobState } from '../../jobs';
import { navigate } from '../../route';
import { ErrorBox } from './ErrorBox';
import { asImportResult, ImportFailure, ImportSuccess } from './ImportOutcome';

interface ImportJobDialogProps {
  jobId: string;
  job: JobState | undefined;
  staged: StagedFile[];
  format: string;
  skipInvalid: boolean;
  /** The newest dataset id before the import, to find the new one should the result not arrive. */
  newestBefore: number;
  error: ShownError | null;
  onError: (e: ShownError) => void;
  onClose: () => void;
  onBack: () => void;
}

function Running({ job, staged, format }: Pick<ImportJobDialogProps, 'job' | 'staged' | 'format'>) {
  return (
    <div className="import-running" data-testid="import-running">
      <p>
        Importing <strong>{staged.map((s) => s.name).join(', ')}</strong> as {format}…
      </p>
      {job ? (
        <JobProgress info={job.info} testid="import-progress" />
      ) : (
        <ProgressBar done={0} total={null} testid="import-progress" label="Import progress" />
      )}
      <p className="muted small">
        You can close this dialog: the import goes on in the background and shows under “Running” on the Datasets page.
      </p>
    </div>
  );
}

function Footer({ jobId, job, onClose, onBack, onError }: Pick<ImportJobDialogProps, 'jobId' | 'job' | 'onClose' | 'onBack' | 'onError'>) {
  const fin = job?.finished ?? null;
  const closeButton = (
    <button type="button" className="button" onClick={onClose} data-testid={fin ? 'import-close' : undefined}>
      Close
    </button>
  );
  if (!fin) {
    const cancel = () =>
      call('jobs.cancel', { jobId }).then(
        () => void jobsStore.refresh(),
        (err: unknown) => onError(toShown(err, 'Cancel', 0)),
      );
    return (
      <>
        {closeButton}
        <button type="button" className="button danger" data-testid="import-cancel" onClick={cancel}>
          Cancel import
        </button>
      </>
    );
  }
  if (fin.ok && !fin.cancelled) return closeButton;
  return (
    <>
      {closeButton}
      <button type="button" className="button primary" onClick={onBack} data-testid="import-back">
        Back to settings
      </button>
    </>
  );
}

export function ImportJobDialog(p: ImportJobDialogProps) {
  const fin = p.job?.finished ?? null;
  let body;
  if (!fin) body = <Running job={p.job} staged={p.staged} format={p.format} />;
  else if (fin.cancelled)
    body = (
      <div className="notice" data-testid="import-cancelled">
        Import cancelled. Nothing was added to the workspace.
      </div>
    );
  else if (!fin.ok) body = <ImportFailure message={fin.error ?? 'the import failed'} skipInvalid={p.skipInvalid} />;
  else {
    const open = (id: number) => {
      p.onClose();
      navigate({ page: 'browse', datasetId: id, tab: 'users' });
    };
    body = <ImportSuccess result={asImportResult(fin.result)} fallbackId={p.newestBefore} onOpen={open} />;
  }
  return (
    <Dialog title="Import dataset" onClose={p.onClose} testid="import-dialog" wide backdropCloses={false} footer={<Footer {...p} />}>
      {body}
      {p.error && <ErrorBox error={p.error} testid="import-error" />}
    </Dialog>
  );
}
