/** Datasets: the list of the workspace's datasets, import, rename, split, delete, open. */
import { useState } from 'react';
import type { DatasetSummary, SplitInfo } from '../../../preload/api';
import { call, CallFailed } from '../client';
import { Dialog } from '../components/Dialog';
import { EmptyState, JobProgress, Spinner } from '../components/bits';
import { useWorkspace } from '../data';
import { useReportError } from '../errors';
import { fmtCreated, fmtInt } from '../format';
import { jobsStore, useJobs } from '../jobs';
import { hrefFor, navigate } from '../route';
import { ImportDialog } from './ImportDialog';

export function DatasetsPage() {
  const { datasets } = useWorkspace();
  const [importing, setImporting] = useState(false);
  const [deleting, setDeleting] = useState<DatasetSummary | null>(null);
  const [splitShown, setSplitShown] = useState<{ dataset: DatasetSummary; split: SplitInfo } | null>(null);

  return (
    <div className="page" data-testid="datasets-page">
      <header className="page-header">
        <div>
          <h1>Datasets</h1>
          <p className="page-sub">
            Users, items and their interactions, imported from files. Open one to browse it, see its statistics or split it for evaluation.
          </p>
        </div>
        <button type="button" className="button primary" onClick={() => setImporting(true)} data-testid="import-button">
          Import dataset…
        </button>
      </header>

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

/** `source` is the imported paths, as a JSON array (or plain text from older imports). */
function sourceText(source: string): string {
  try {
    const v: unknown = JSON.parse(source);
    if (Array.isArray(v)) return `Imported from:\n${v.map(String).join('\n')}`;
  } catch {
    // plain text
  }
  return source;
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

function DatasetsTable({
  datasets,
  onDelete,
  onSplit,
}: {
  datasets: DatasetSummary[];
  onDelete: (d: DatasetSummary) => void;
  onSplit: (d: DatasetSummary, s: SplitInfo) => void;
}) {
  const report = useReportError();
  const { patchDataset, reloadDatasets } = useWorkspace();
  const [renaming, setRenaming] = useState<number | null>(null);
  const [splitting, setSplitting] = useState<number | null>(null);

  const split = async (d: DatasetSummary) => {
    setSplitting(d.id);
    try {
      const s = await call('datasets.split', { id: d.id });
      patchDataset({ ...d, split: s });
      onSplit(d, s);
      void reloadDatasets();
    } catch (err) {
      report(err, `Splitting “${d.name}”`);
    } finally {
      setSplitting(null);
    }
  };

  return (
    <div className="card table-card">
      <table className="table datasets-table" data-testid="datasets-table">
        <thead>
          <tr>
            <th>Name</th>
            <th className="num">Users</th>
            <th className="num">Items</th>
            <th className="num">Interactions</th>
            <th className="num">Skipped</th>
            <th>Split</th>
            <th className="actions-col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {datasets.map((d) => (
            <tr key={d.id} data-testid="dataset-row" data-dataset-id={d.id} data-dataset-name={d.name}>
              <td className="name-cell">
                {renaming === d.id ? (
                  <RenameForm dataset={d} onDone={() => setRenaming(null)} />
                ) : (
                  <>
                    <a
                      href={hrefFor({ page: 'browse', datasetId: d.id, tab: 'users' })}
                      className="dataset-name"
                      data-testid="dataset-name"
                      title={sourceText(d.source)}
                    >
                      {d.name}
                    </a>
                    <div className="dataset-meta">
                      <span className="format-tag" data-testid="dataset-format">
                        {d.format}
                      </span>{' '}
                      <span className="muted small" title={`Created ${fmtCreated(d.createdAt)}`}>
                        {fmtCreated(d.createdAt).slice(0, 10)}
                      </span>
                    </div>
                  </>
                )}
              </td>
              <td className="num" data-testid="dataset-users">
                {fmtInt(d.users)}
              </td>
              <td className="num" data-testid="dataset-items">
                {fmtInt(d.items)}
              </td>
              <td className="num" data-testid="dataset-interactions">
                {fmtInt(d.interactions)}
              </td>
              <td className="num" data-testid="dataset-skipped">
                {d.skipped > 0 ? (
                  <a href={hrefFor({ page: 'skipped', datasetId: d.id })} className="warn-link" title="See the rows that were skipped">
                    {fmtInt(d.skipped)}
                  </a>
                ) : (
                  <span className="muted">0</span>
                )}
              </td>
              <td data-testid="dataset-split-status">
                {d.split ? (
                  <span className="split-status" title={`Rule: ${d.split.rule}`}>
                    <span className="badge badge-train">{fmtInt(d.split.train)}</span>
                    <span className="badge badge-valid">{fmtInt(d.split.valid)}</span>
                    <span className="badge badge-test">{fmtInt(d.split.test)}</span>
                  </span>
                ) : (
                  <span className="muted">not split</span>
                )}
              </td>
              <td className="actions-col">
                <div className="row-actions">
                  <button
                    type="button"
                    className="button small primary"
                    onClick={() => navigate({ page: 'browse', datasetId: d.id, tab: 'users' })}
                    data-testid="dataset-open"
                  >
                    Open
                  </button>
                  <button
                    type="button"
                    className="button small"
                    onClick={() => setRenaming(d.id)}
                    data-testid="dataset-rename"
                    disabled={renaming === d.id}
                  >
                    Rename
                  </button>
                  <button
                    type="button"
                    className="button small"
                    onClick={() => void split(d)}
                    data-testid="dataset-split"
                    disabled={splitting === d.id}
                    title="Leave-one-out by time: each user's last interaction is test, the one before is valid (ties keep file order)"
                  >
                    {splitting === d.id ? 'Splitting…' : d.split ? 'Re-split' : 'Split'}
                  </button>
                  <button type="button" className="button small danger" onClick={() => onDelete(d)} data-testid="dataset-delete">
                    Delete
                  </button>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RenameForm({ dataset, onDone }: { dataset: DatasetSummary; onDone: () => void }) {
  const { patchDataset } = useWorkspace();
  const [name, setName] = useState(dataset.name);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    if (name.trim() === dataset.name) {
      onDone();
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const updated = await call('datasets.rename', { id: dataset.id, name });
      patchDataset(updated);
      onDone();
    } catch (err) {
      setError(err instanceof CallFailed || err instanceof Error ? err.message : String(err));
      setSaving(false);
    }
  };

  return (
    <form
      className="rename-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <input
        autoFocus
        value={name}
        onChange={(e) => setName(e.target.value)}
        onFocus={(e) => e.currentTarget.select()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            onDone();
          }
        }}
        aria-label={`New name for ${dataset.name}`}
        aria-invalid={error ? true : undefined}
        maxLength={120}
        disabled={saving}
        data-testid="dataset-rename-input"
      />
      <button type="submit" className="button small primary" disabled={saving} data-testid="dataset-rename-save">
        Save
      </button>
      <button type="button" className="button small" onClick={onDone} disabled={saving}>
        Cancel
      </button>
      {error && (
        <div className="field-error" role="alert" data-testid="rename-error">
          {error}
        </div>
      )}
      <div className="hint">Enter to save, Esc to cancel</div>
    </form>
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
