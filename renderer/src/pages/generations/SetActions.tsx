/** A generation set's row actions: stop a running set, resume a stopped one, delete one that is not running. */
import type { GenerationSet } from '../../../../preload/api-generation';
import { call } from '../../client';
import type { useBusyAction } from '../../components/useBusyAction';
import { jobsStore } from '../../jobs';

const canResumeSet = (s: GenerationSet): boolean => (s.status === 'stopped' || s.status === 'interrupted') && s.jobId === null;

interface SetActionsProps {
  set: GenerationSet;
  action: ReturnType<typeof useBusyAction<number>>;
  onDelete: () => void;
}

export function SetActions({ set: s, action, onDelete }: SetActionsProps) {
  const busy = action.busy === s.id;
  const resume = async (): Promise<void> => {
    const r = await call('generations.resume', { setId: s.id });
    jobsStore.track(r.jobId, 'generate', `${s.family} · ${s.split} · run ${s.runId}`);
  };
  return (
    <span className="run-actions compact">
      {s.jobId !== null && (
        <button
          type="button"
          className="link-button"
          disabled={busy}
          data-testid="gen-set-stop"
          title="Stop after the current example; resume later"
          onClick={() => void action.act(s.id, () => call('jobs.cancel', { jobId: s.jobId as string }), `Stopping set ${s.id}`)}
        >
          Stop
        </button>
      )}
      {canResumeSet(s) && (
        <button
          type="button"
          className="link-button"
          disabled={busy}
          data-testid="gen-set-resume"
          onClick={() => void action.act(s.id, resume, `Resuming set ${s.id}`)}
        >
          Resume
        </button>
      )}
      <button
        type="button"
        className="link-button danger"
        disabled={s.jobId !== null || busy}
        title={s.jobId !== null ? 'Stop it first' : undefined}
        data-testid="gen-set-delete"
        onClick={onDelete}
      >
        Delete
      </button>
    </span>
  );
}
