/** The dataset's generation sets: what each generated, its status and progress, invalid items; stop, resume, delete. */
import type { GenerationSet } from '../../../../preload/api-generation';
import type { Run } from '../../../../preload/api-training';
import { call } from '../../client';
import { ProgressBar } from '../../components/bits';
import { ItemTable, type ItemColumn } from '../../components/ItemTable';
import { DoneCount, ErrorNote } from '../../components/listCells';
import { useBusyAction } from '../../components/useBusyAction';
import { fmtCreated, fmtInt } from '../../format';
import { hrefFor, navigate } from '../../route';
import { describeDecoding, describeSet, describeSpeed, SetStatus } from './setDescriptions';
import { OwnerNote } from '../../components/JobOwner';
import { SetActions } from './SetActions';

// The Evaluation page names sets as the list does.
export { describeDecoding } from './setDescriptions';

function setColumns(datasetId: number, runName: (id: number) => string): ItemColumn<GenerationSet>[] {
  return [
    {
      header: 'Set',
      cellClassName: 'nowrap',
      cell: (s) => (
        <>
          <a href={hrefFor({ page: 'generations', datasetId, view: 'set', setId: s.id, outcome: 'any' })} data-testid="gen-set-open">
            Set #{s.id}
          </a>
          <span className="run-sub">{fmtCreated(s.createdAt)}</span>
        </>
      ),
    },
    {
      header: 'Run',
      cellClassName: 'gen-run-cell',
      title: (s) => runName(s.runId),
      cell: (s) => (
        <>
          #{s.runId} {runName(s.runId)}
          <span className="run-sub">step {s.checkpoint}</span>
        </>
      ),
    },
    {
      header: 'Family · split · templates',
      cell: (s) => (
        <>
          {describeSet(s)}
          <span className="run-sub">
            {describeDecoding(s)}
            {!s.excludeHistory && ' · history allowed'}
            {describeSpeed(s) && <span data-testid="gen-set-speed"> · {describeSpeed(s)}</span>}
          </span>
        </>
      ),
    },
    {
      header: 'Status',
      cell: (s) => (
        <>
          <SetStatus status={s.status} />
          <OwnerNote owner={s.owner} running={s.status === 'running'} />
          <ErrorNote error={s.error} />
        </>
      ),
    },
    { header: 'Progress', cellClassName: 'run-steps-cell', cell: (s) => <SetProgress set={s} /> },
  ];
}

function SetProgress({ set: s }: { set: GenerationSet }) {
  return (
    <>
      <DoneCount done={s.done} total={s.total} testid="gen-set-progress" />
      <ProgressBar done={s.done} total={s.total} label={`set ${s.id} progress`} />
      {s.invalidItems > 0 && (
        <span className="run-sub gen-invalid" data-testid="gen-set-invalid" title="Outputs that name no catalog item">
          {fmtInt(s.invalidItems)} invalid
        </span>
      )}
    </>
  );
}

interface Props {
  datasetId: number;
  sets: GenerationSet[];
  runs: readonly Run[];
  openId: number | null;
}

export function SetList({ datasetId, sets, runs, openId }: Props) {
  const action = useBusyAction<number>();
  const runName = (id: number): string => runs.find((r) => r.id === id)?.name ?? `run ${id}`;
  return (
    <ItemTable
      rows={sets}
      columns={setColumns(datasetId, runName)}
      className="gen-set-table"
      testid="gen-set-list"
      rowTestid="gen-set-row"
      rowData={(s) => ({ 'data-set-id': s.id, 'data-status': s.status })}
      openId={openId}
      actions={(s, askDelete) => <SetActions set={s} action={action} onDelete={askDelete} />}
      deleteQuestion={(s) => ({
        title: `Delete set #${s.id}?`,
        testid: 'gen-delete-dialog',
        confirmTestid: 'gen-delete-confirm',
        confirmLabel: 'Delete set and its rows',
        body: (
          <p>
            {describeSet(s)}: {fmtInt(s.done)} generated rows go, and the evaluation report falls back on older sets.
          </p>
        ),
        onConfirm: () => {
          if (s.id === openId) navigate({ page: 'generations', datasetId, view: 'list', runId: null });
          void action.act(s.id, () => call('generations.delete', { setId: s.id }), `Deleting set ${s.id}`);
        },
      })}
    />
  );
}
