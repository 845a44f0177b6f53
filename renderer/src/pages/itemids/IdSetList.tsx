/** The dataset's identifier sets: name and version, scheme, status (with the build's bar), items, unique, collisions; delete. */
import { useState } from 'react';
import type { ItemIdSet } from '../../../../preload/api-itemids';
import { call } from '../../client';
import { ProgressBar } from '../../components/bits';
import { ConfirmDialog } from '../../components/Dialog';
import { useReportError } from '../../errors';
import { fmtCreated, fmtInt } from '../../format';
import { useJob } from '../../jobs';
import { hrefFor } from '../../route';

export function SetStatus({ status }: { status: ItemIdSet['status'] }) {
  // `building` looks like a running run.
  const look = status === 'building' ? 'running' : status;
  return (
    <span className={`badge run-status run-status-${look}`} data-testid="ids-set-status" data-status={status}>
      {status}
    </span>
  );
}

function RowProgress({ set }: { set: ItemIdSet }) {
  const job = useJob(set.jobId);
  return <ProgressBar done={job?.info.done ?? 0} total={job?.info.total ?? null} label={`build of ${set.name} v${set.version}`} />;
}

interface Props {
  datasetId: number;
  sets: ItemIdSet[];
  openId: number | null;
  /** The runs of the dataset that trained with a set ("#3 name"), to say what a delete takes from them. */
  usedBy: (setId: number) => string[];
  /** A set is about to go: the page leaves it if it is open. */
  onDeleting: (set: ItemIdSet) => void;
}

const count = (set: ItemIdSet, key: 'items' | 'uniqueItems' | 'collisions'): string => (set.stats ? fmtInt(set.stats[key]) : '—');

export function IdSetList({ datasetId, sets, openId, usedBy, onDeleting }: Props) {
  const report = useReportError();
  const [deleting, setDeleting] = useState<ItemIdSet | null>(null);
  return (
    <div className="card table-card">
      <table className="table run-table ids-set-table" data-testid="ids-set-list">
        <thead>
          <tr>
            <th>Set</th>
            <th>Scheme</th>
            <th>Status</th>
            <th className="num">Items</th>
            <th className="num">Unique</th>
            <th className="num">Collisions</th>
            <th className="actions-col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {sets.map((s) => (
            <tr
              key={s.id}
              className={s.id === openId ? 'selected' : undefined}
              data-testid="ids-set-row"
              data-set-id={s.id}
              data-name={s.name}
              data-status={s.status}
            >
              <td className="run-name-cell">
                <a href={hrefFor({ page: 'itemids', datasetId, setId: s.id })} data-testid="ids-set-open" title={`${s.name} v${s.version}`}>
                  {s.name} <span className="muted">v{s.version}</span>
                </a>
                <span className="run-sub">
                  #{s.id} · {fmtCreated(s.createdAt)}
                </span>
              </td>
              <td>{s.scheme}</td>
              <td>
                <SetStatus status={s.status} />
                {s.status === 'building' && <RowProgress set={s} />}
                {s.error && (
                  <span className="run-sub gen-error" title={s.error}>
                    {s.error}
                  </span>
                )}
              </td>
              <td className="num">{count(s, 'items')}</td>
              <td className="num">{count(s, 'uniqueItems')}</td>
              <td className="num" data-testid="ids-set-collisions">
                {count(s, 'collisions')}
              </td>
              <td className="actions-col">
                <span className="run-actions compact">
                  <button
                    type="button"
                    className="link-button danger"
                    disabled={s.jobId !== null}
                    title={s.jobId !== null ? 'It is being built' : `Delete ${s.name} v${s.version}`}
                    data-testid="ids-set-delete"
                    onClick={() => setDeleting(s)}
                  >
                    Delete
                  </button>
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name} v${deleting.version}?`}
          testid="ids-delete-dialog"
          confirmTestid="ids-delete-confirm"
          confirmLabel="Delete the set and its codes"
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const s = deleting;
            setDeleting(null);
            onDeleting(s);
            call('itemids.delete', { id: s.id }).catch((e: unknown) => report(e, `Deleting identifier set ${s.id}`));
          }}
        >
          <p>
            Its codes for {itemsOf(deleting)} go. A new run naming “{deleting.name}” then takes its newest remaining version.
          </p>
          <UsedBy runs={usedBy(deleting.id)} />
        </ConfirmDialog>
      )}
    </div>
  );
}

const itemsOf = (set: ItemIdSet): string => (set.stats ? `${fmtInt(set.stats.items)} items` : 'its items');

function UsedBy({ runs }: { runs: string[] }) {
  if (runs.length === 0) return <p className="muted">No run of this dataset trained with it.</p>;
  return (
    <p className="notice" data-testid="ids-delete-used">
      {runs.length === 1 ? 'Run' : `${runs.length} runs`} {runs.join(', ')} trained with it: generating from{' '}
      {runs.length === 1 ? 'it' : 'them'} needs these codes.
    </p>
  );
}
