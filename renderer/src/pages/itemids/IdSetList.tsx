/** The dataset's identifier sets: name and version, scheme, status (with the build's bar), items, unique, collisions; delete. */
import type { ItemIdSet } from '../../../../preload/api-itemids';
import { call } from '../../client';
import { ProgressBar } from '../../components/bits';
import { ItemTable, type ItemColumn } from '../../components/ItemTable';
import { ErrorNote, NameCell } from '../../components/listCells';
import { useReportError } from '../../errors';
import { fmtInt } from '../../format';
import { useJob } from '../../jobs';
import { hrefFor } from '../../route';
import { OwnerNote } from '../../components/JobOwner';

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

function setColumns(datasetId: number): ItemColumn<ItemIdSet>[] {
  return [
    {
      header: 'Set',
      cellClassName: 'run-name-cell',
      cell: (s) => (
        <NameCell
          href={hrefFor({ page: 'itemids', datasetId, setId: s.id })}
          testid="ids-set-open"
          title={`${s.name} v${s.version}`}
          id={s.id}
          createdAt={s.createdAt}
        >
          {s.name} <span className="muted">v{s.version}</span>
        </NameCell>
      ),
    },
    { header: 'Scheme', cell: (s) => s.scheme },
    {
      header: 'Status',
      cell: (s) => (
        <>
          <SetStatus status={s.status} />
          <OwnerNote owner={s.owner} running={s.status === 'building'} />
          {s.status === 'building' && <RowProgress set={s} />}
          <ErrorNote error={s.error} />
        </>
      ),
    },
    { header: 'Items', className: 'num', cell: (s) => count(s, 'items') },
    { header: 'Unique', className: 'num', cell: (s) => count(s, 'uniqueItems') },
    { header: 'Collisions', className: 'num', testid: 'ids-set-collisions', cell: (s) => count(s, 'collisions') },
  ];
}

function DeleteSet({ set: s, onDelete }: { set: ItemIdSet; onDelete: () => void }) {
  return (
    <span className="run-actions compact">
      <button
        type="button"
        className="link-button danger"
        disabled={s.jobId !== null}
        title={s.jobId !== null ? 'It is being built' : `Delete ${s.name} v${s.version}`}
        data-testid="ids-set-delete"
        onClick={onDelete}
      >
        Delete
      </button>
    </span>
  );
}

export function IdSetList({ datasetId, sets, openId, usedBy, onDeleting }: Props) {
  const report = useReportError();
  return (
    <ItemTable
      rows={sets}
      columns={setColumns(datasetId)}
      className="run-table ids-set-table"
      testid="ids-set-list"
      rowTestid="ids-set-row"
      rowData={(s) => ({ 'data-set-id': s.id, 'data-name': s.name, 'data-status': s.status })}
      openId={openId}
      actions={(s, askDelete) => <DeleteSet set={s} onDelete={askDelete} />}
      deleteQuestion={(s) => ({
        title: `Delete ${s.name} v${s.version}?`,
        testid: 'ids-delete-dialog',
        confirmTestid: 'ids-delete-confirm',
        confirmLabel: 'Delete the set and its codes',
        body: (
          <>
            <p>
              Its codes for {itemsOf(s)} go. A new run naming “{s.name}” then takes its newest remaining version.
            </p>
            <UsedBy runs={usedBy(s.id)} />
          </>
        ),
        onConfirm: () => {
          onDeleting(s);
          call('itemids.delete', { id: s.id }).catch((e: unknown) => report(e, `Deleting identifier set ${s.id}`));
        },
      })}
    />
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
