/** The dataset's generation sets: what each generated, its status and progress, invalid items; stop, resume, delete. */
import { useState } from 'react';
import type { GenerationSet } from '../../../../preload/api-generation';
import type { Run } from '../../../../preload/api-training';
import { call } from '../../client';
import { ProgressBar } from '../../components/bits';
import { ConfirmDialog } from '../../components/Dialog';
import { useReportError } from '../../errors';
import { fmtCreated, fmtInt } from '../../format';
import { jobsStore } from '../../jobs';
import { hrefFor, navigate } from '../../route';
import { FREE_BEAM_MAX, ITEM_WIDTH } from './decodingKinds';

export function SetStatus({ status }: { status: GenerationSet['status'] }) {
  return (
    <span className={`badge run-status run-status-${status}`} data-testid="gen-set-status" data-status={status}>
      {status}
    </span>
  );
}

export const canResumeSet = (s: GenerationSet): boolean => (s.status === 'stopped' || s.status === 'interrupted') && s.jobId === null;

/** "catalog beam ×20" (item families), "sample T=0.8 top-k 40 · seed 3", "beam ×8", "greedy". */
export function describeDecoding(s: GenerationSet): string {
  const d = s.decoding;
  if (s.family === 'sequential' || s.family === 'direct')
    return `catalog beam ×${Math.max(ITEM_WIDTH.min, Math.min(ITEM_WIDTH.max, d.width))}`;
  if (d.method === 'beam') return `beam ×${Math.min(d.width, FREE_BEAM_MAX)}`;
  if (d.method === 'sample')
    return `sample T=${d.temperature}${d.topK ? ` top-k ${d.topK}` : ''}${d.topP < 1 ? ` top-p ${d.topP}` : ''} · seed ${d.seed}`;
  return 'greedy';
}

/** "4.21 ms per example": the catalog beam's time per example (many users decoded together), once an item set ran. */
export function describeSpeed(s: GenerationSet): string | null {
  const ms = s.msPerExample;
  return ms === null ? null : `${ms < 10 ? ms.toFixed(2) : ms.toFixed(1)} ms per example`;
}

/** "sequential · test · 2-3, 2-13 · first 6". */
export function describeSet(s: GenerationSet): string {
  const parts: string[] = [s.family, s.split, s.templates ? s.templates.join(', ') : 'all templates'];
  if (s.limit !== null) parts.push(`first ${fmtInt(s.limit)}`);
  return parts.join(' · ');
}

interface Props {
  datasetId: number;
  sets: GenerationSet[];
  runs: readonly Run[];
  openId: number | null;
}

export function SetList({ datasetId, sets, runs, openId }: Props) {
  const report = useReportError();
  const [busy, setBusy] = useState<number | null>(null);
  const [deleting, setDeleting] = useState<GenerationSet | null>(null);
  const runName = (id: number): string => runs.find((r) => r.id === id)?.name ?? `run ${id}`;

  const act = async (s: GenerationSet, fn: () => Promise<unknown>, context: string): Promise<void> => {
    setBusy(s.id);
    try {
      await fn();
    } catch (e) {
      report(e, context);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="card table-card">
      <table className="table gen-set-table" data-testid="gen-set-list">
        <thead>
          <tr>
            <th>Set</th>
            <th>Run</th>
            <th>Family · split · templates</th>
            <th>Status</th>
            <th>Progress</th>
            <th className="actions-col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {sets.map((s) => (
            <tr
              key={s.id}
              className={s.id === openId ? 'selected' : undefined}
              data-testid="gen-set-row"
              data-set-id={s.id}
              data-status={s.status}
            >
              <td className="nowrap">
                <a href={hrefFor({ page: 'generations', datasetId, view: 'set', setId: s.id, outcome: 'any' })} data-testid="gen-set-open">
                  Set #{s.id}
                </a>
                <span className="run-sub">{fmtCreated(s.createdAt)}</span>
              </td>
              <td className="gen-run-cell" title={runName(s.runId)}>
                #{s.runId} {runName(s.runId)}
                <span className="run-sub">step {s.checkpoint}</span>
              </td>
              <td>
                {describeSet(s)}
                <span className="run-sub">
                  {describeDecoding(s)}
                  {!s.excludeHistory && ' · history allowed'}
                  {describeSpeed(s) && <span data-testid="gen-set-speed"> · {describeSpeed(s)}</span>}
                </span>
              </td>
              <td>
                <SetStatus status={s.status} />
                {s.error && (
                  <span className="run-sub gen-error" title={s.error}>
                    {s.error}
                  </span>
                )}
              </td>
              <td className="run-steps-cell">
                <span className="run-steps" data-testid="gen-set-progress" data-done={s.done}>
                  {fmtInt(s.done)} / {s.total === null ? '?' : fmtInt(s.total)}
                </span>
                <ProgressBar done={s.done} total={s.total} label={`set ${s.id} progress`} />
                {s.invalidItems > 0 && (
                  <span className="run-sub gen-invalid" data-testid="gen-set-invalid" title="Outputs that name no catalog item">
                    {fmtInt(s.invalidItems)} invalid
                  </span>
                )}
              </td>
              <td className="actions-col">
                <span className="run-actions compact">
                  {s.jobId !== null && (
                    <button
                      type="button"
                      className="link-button"
                      disabled={busy === s.id}
                      data-testid="gen-set-stop"
                      title="Stop after the current example; resume later"
                      onClick={() => void act(s, () => call('jobs.cancel', { jobId: s.jobId as string }), `Stopping set ${s.id}`)}
                    >
                      Stop
                    </button>
                  )}
                  {canResumeSet(s) && (
                    <button
                      type="button"
                      className="link-button"
                      disabled={busy === s.id}
                      data-testid="gen-set-resume"
                      onClick={() =>
                        void act(
                          s,
                          async () => {
                            const r = await call('generations.resume', { setId: s.id });
                            jobsStore.track(r.jobId, 'generate', `${s.family} · ${s.split} · run ${s.runId}`);
                          },
                          `Resuming set ${s.id}`,
                        )
                      }
                    >
                      Resume
                    </button>
                  )}
                  <button
                    type="button"
                    className="link-button danger"
                    disabled={s.jobId !== null || busy === s.id}
                    title={s.jobId !== null ? 'Stop it first' : undefined}
                    data-testid="gen-set-delete"
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
          title={`Delete set #${deleting.id}?`}
          testid="gen-delete-dialog"
          confirmTestid="gen-delete-confirm"
          confirmLabel="Delete set and its rows"
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const s = deleting;
            setDeleting(null);
            if (s.id === openId) navigate({ page: 'generations', datasetId, view: 'list', runId: null });
            void act(s, () => call('generations.delete', { setId: s.id }), `Deleting set ${s.id}`);
          }}
        >
          <p>
            {describeSet(deleting)}: {fmtInt(deleting.done)} generated rows go, and the evaluation report falls back on older sets.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
