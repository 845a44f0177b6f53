/** The datasets table: a row per dataset with its counts and split, renamed in place, split, opened or deleted. */
import { useState } from 'react';
import type { DatasetSummary, SplitInfo } from '../../../../preload/api';
import { call } from '../../client';
import { useWorkspace } from '../../data';
import { useReportError } from '../../errors';
import { fmtCreated, fmtInt } from '../../format';
import { hrefFor, navigate } from '../../route';
import { RenameForm } from './RenameForm';

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

function NameCell({ d, renaming, onDone }: { d: DatasetSummary; renaming: boolean; onDone: () => void }) {
  return (
    <td className="name-cell">
      {renaming ? (
        <RenameForm dataset={d} onDone={onDone} />
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
  );
}

function SplitStatus({ d }: { d: DatasetSummary }) {
  return (
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
  );
}

interface ActionsProps {
  d: DatasetSummary;
  renaming: boolean;
  splitting: boolean;
  onRename: () => void;
  onSplit: () => void;
  onDelete: () => void;
}

function RowActions({ d, renaming, splitting, onRename, onSplit, onDelete }: ActionsProps) {
  return (
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
        <button type="button" className="button small" onClick={onRename} data-testid="dataset-rename" disabled={renaming}>
          Rename
        </button>
        <button
          type="button"
          className="button small"
          onClick={onSplit}
          data-testid="dataset-split"
          disabled={splitting}
          title="Leave-one-out by time: each user's last interaction is test, the one before is valid (ties keep file order)"
        >
          {splitting ? 'Splitting…' : d.split ? 'Re-split' : 'Split'}
        </button>
        <button type="button" className="button small danger" onClick={onDelete} data-testid="dataset-delete">
          Delete
        </button>
      </div>
    </td>
  );
}

/** Splits a dataset (leave-one-out by time) and shows the result. */
function useSplit(onSplit: (d: DatasetSummary, s: SplitInfo) => void) {
  const report = useReportError();
  const { patchDataset, reloadDatasets } = useWorkspace();
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
  return { splitting, split };
}

interface TableProps {
  datasets: DatasetSummary[];
  onDelete: (d: DatasetSummary) => void;
  onSplit: (d: DatasetSummary, s: SplitInfo) => void;
}

export function DatasetsTable({ datasets, onDelete, onSplit }: TableProps) {
  const [renaming, setRenaming] = useState<number | null>(null);
  const { splitting, split } = useSplit(onSplit);
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
              <NameCell d={d} renaming={renaming === d.id} onDone={() => setRenaming(null)} />
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
              <SplitStatus d={d} />
              <RowActions
                d={d}
                renaming={renaming === d.id}
                splitting={splitting === d.id}
                onRename={() => setRenaming(d.id)}
                onSplit={() => void split(d)}
                onDelete={() => onDelete(d)}
              />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
