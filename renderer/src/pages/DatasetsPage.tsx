/** Datasets: the list of the workspace's datasets, import, rename, split, delete, open. */
import { useState } from 'react';
import type { DatasetSummary, SplitInfo } from '../../../preload/api';
import { call } from '../client';
import { Dialog } from '../components/Dialog';
import { EmptyState, JobProgress, Spinner } from '../components/bits';
import { useWorkspace } from '../data';
import { useReportError } from '../errors';
import { fmtCreated, fmtInt } from '../format';
import { jobsStore, useJobs } from '../jobs';
import { DatasetsTable } from './datasets/DatasetsTable';
import { ImportDialog } from './ImportDialog';
import { PageHeader } from '../components/PageHeader';

export function DatasetsPage() {
  const { datasets } = useWorkspace();
  const [importing, setImporting] = useState(false);
  const [deleting, setDeleting] = useState<DatasetSummary | null>(null);
  const [splitShown, setSplitShown] = useState<{ dataset: DatasetSummary; split: SplitInfo } | null>(null);

  return (
    <div className="page" data-testid="datasets-page">
      <PageHeader
        title="Datasets"
        sub={
          <>
            Users, items and their interactions, imported from files. Open one to browse it, see its statistics or split it for evaluation.
          </>
        }
      >
        <button type="button" className="button primary" onClick={() => setImporting(true)} data-testid="import-button">
          Import dataset…
        </button>
      </PageHeader>

      <RunningJobs />

      {datasets === null ? (
        <Spinner label="Loading datasets…" />
      ) : datasets.length === 0 ? (
        <EmptyState title="No datasets yet" testid="datasets-empty">
          <p>
            Import <strong>RecBole</strong> atomic files, <strong>MovieLens</strong>, <strong>Amazon</strong> reviews or your own{' '}
            <strong>CSV/JSONL</strong> files to get started.
          </p>
          <button type="button" className="button primary" onClick={() => setImporting(true)} data-testid="import-button-empty">
            Import dataset…
          </button>
          <p className="muted small">
            From a terminal: <code>studio import --format csv ratings.csv</code>
          </p>
        </EmptyState>
      ) : (
        <DatasetsTable datasets={datasets} onDelete={setDeleting} onSplit={(dataset, split) => setSplitShown({ dataset, split })} />
      )}

      {importing && <ImportDialog onClose={() => setImporting(false)} />}
      {deleting && <DeleteDialog dataset={deleting} onClose={() => setDeleting(null)} />}
      {splitShown && (
        <Dialog
          title={`Split of “${splitShown.dataset.name}”`}
          onClose={() => setSplitShown(null)}
          testid="split-dialog"
          footer={
            <button type="button" className="button primary" onClick={() => setSplitShown(null)} data-autofocus>
              Done
            </button>
          }
        >
          <SplitSummary split={splitShown.split} />
        </Dialog>
      )}
    </div>
  );
}

function SplitSummary({ split }: { split: SplitInfo }) {
  const total = split.train + split.valid + split.test;
  const pct = (n: number) => (total ? ` (${((n / total) * 100).toFixed(1)}%)` : '');
  return (
    <div className="split-summary" data-testid="split-result">
      <dl className="kv">
        <dt>
          <span className="badge badge-train">train</span>
        </dt>
        <dd data-testid="split-train">
          {fmtInt(split.train)}
          <span className="muted">{pct(split.train)}</span>
        </dd>
        <dt>
          <span className="badge badge-valid">valid</span>
        </dt>
        <dd data-testid="split-valid">
          {fmtInt(split.valid)}
          <span className="muted">{pct(split.valid)}</span>
        </dd>
        <dt>
          <span className="badge badge-test">test</span>
        </dt>
        <dd data-testid="split-test">
          {fmtInt(split.test)}
          <span className="muted">{pct(split.test)}</span>
        </dd>
      </dl>
      <p className="split-rule" data-testid="split-rule">
        <strong>Rule:</strong> {split.rule}
      </p>
      <p className="muted small">
        Split {fmtCreated(split.createdAt)}. The rule is stored with the split and shown beside every metric computed on it.
      </p>
    </div>
  );
}

function RunningJobs() {
  const report = useReportError();
  const jobs = useJobs().filter((j) => !j.finished);
  if (jobs.length === 0) return null;
  return (
    <section className="card running-jobs" data-testid="running-jobs" aria-label="Running jobs">
      <h2 className="card-title">Running</h2>
      {jobs.map((j) => (
        <div className="running-job" key={j.info.jobId} data-testid="running-job">
          <div className="running-job-head">
            <strong>{j.info.label}</strong>
            <span className="muted small">{j.info.kind}</span>
            <button
              type="button"
              className="button small"
              data-testid="job-cancel"
              onClick={() =>
                call('jobs.cancel', { jobId: j.info.jobId }).then(
                  () => jobsStore.refresh(),
                  (err: unknown) => report(err, 'Cancelling'),
                )
              }
            >
              Cancel
            </button>
          </div>
          <JobProgress info={j.info} testid="job-progress" />
        </div>
      ))}
    </section>
  );
}

function DeleteDialog({ dataset, onClose }: { dataset: DatasetSummary; onClose: () => void }) {
  const { reloadDatasets } = useWorkspace();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await call('datasets.delete', { id: dataset.id });
      await reloadDatasets();
      onClose();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };
  return (
    <Dialog
      title="Delete dataset?"
      onClose={onClose}
      testid="delete-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose} disabled={busy} data-autofocus>
            Cancel
          </button>
          <button type="button" className="button danger-solid" onClick={() => void remove()} disabled={busy} data-testid="confirm-delete">
            {busy ? 'Deleting…' : `Delete “${dataset.name}”`}
          </button>
        </>
      }
    >
      <p>
        Delete <strong data-testid="delete-dataset-name">{dataset.name}</strong> and its {fmtInt(dataset.users)} users,{' '}
        {fmtInt(dataset.items)} items and {fmtInt(dataset.interactions)} interactions from this workspace?
      </p>
      <p className="muted">This cannot be undone. The source files are not touched.</p>
      {error && (
        <div className="field-error" role="alert">
          {error}
        </div>
      )}
    </Dialog>
  );
}
