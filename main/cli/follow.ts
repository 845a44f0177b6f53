/**
 * Following a job from the CLI: a progress line on stderr (redrawn in place on a terminal, else one line every
 * 2 s and the last one at the end), Ctrl+C asking the job to stop its own way, and a promise that settles once
 * the job has finished and its service has recorded the outcome.
 */
import type { JobInfo } from '../../preload/api';
import { formatProgress } from '../jobs/progress';
import type { Studio } from '../studio';
import type { CliIo } from './io';

export interface FollowOptions {
  /** The word before the bar ("train", "generate"). */
  label: string;
  /** What `done` counts ("steps", "examples"). */
  unit: string;
  /** Asks the job to stop (Ctrl+C); `said`, when given, is printed first. None: Ctrl+C ends the process as usual. */
  stop?: { said?: string; run: () => void };
}

export function followJob(studio: Studio, jobId: string, io: CliIo, o: FollowOptions): Promise<void> {
  return new Promise((done) => {
    let lastLine = 0;
    let pending: string | null = null;
    const stop = (): void => {
      if (!o.stop) return;
      if (o.stop.said) io.err(`\n${o.stop.said}`);
      o.stop.run();
    };
    studio.jobs.onProgress(jobId, (p: JobInfo) => {
      const now = Date.now();
      const line = `${o.label} ${formatProgress(p.done, p.total, p.rate, p.etaSeconds, o.unit)} · ${p.phase}`;
      if (!io.tty && now - lastLine < 2000) {
        pending = line;
        return;
      }
      pending = null;
      lastLine = now;
      if (io.tty) process.stderr.write(`\r${line.slice(0, 118).padEnd(118)}`);
      else io.err(line);
    });
    studio.jobs.onFinished(jobId, () => {
      // The service records the outcome on the same event (queued while another process holds the lock); settle after.
      setImmediate(() => {
        if (o.stop) process.off('SIGINT', stop);
        if (io.tty) process.stderr.write('\n');
        else if (pending) io.err(pending);
        void studio.writes.settled().then(done);
      });
    });
    if (o.stop) process.once('SIGINT', stop);
  });
}
