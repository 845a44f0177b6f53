/**
 * Which studio process runs a job. Several may share one workspace (this window, `studio serve`, a CLI command), so a
 * running run, generation set or baseline fit says whose it is; one whose process is gone says so until the next
 * check marks it interrupted.
 */
import type { JobOwner } from '../../../preload/api-jobs';
import { fmtCreated } from '../format';

export function OwnerNote({ owner, running }: { owner: JobOwner | null; running: boolean }) {
  if (!running) return null;
  if (!owner)
    return (
      <span
        className="run-sub owner-note owner-gone"
        data-testid="job-owner"
        data-owner="none"
        title="No live studio process holds this job"
      >
        no live process (it will show as interrupted)
      </span>
    );
  const who = owner.self ? 'this studio' : `${owner.process}, pid ${owner.pid}`;
  return (
    <span
      className="run-sub owner-note"
      data-testid="job-owner"
      data-owner={owner.self ? 'self' : String(owner.pid)}
      title={`${owner.process} (pid ${owner.pid} on ${owner.host}) has run it since ${fmtCreated(owner.since)}`}
    >
      in {who}
    </span>
  );
}
