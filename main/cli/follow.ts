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
  /** Asks the job to stop (Ctrl+C); `said` is printed first. */
  stop: { said: string; run: () => void };
}

export function followJob(studio: Studio, jobId: string, io: CliIo, o: FollowOptions): Promise<void> {
  return new Promise((done) => {
    let lastLine = 0;
    let pending: string | null = null;
    const off = studio.events.onAny((name, payload) => {
      if (name === 'job.progress') {
        const p = payload as JobInfo;
        if (p.jobId !== jobId) return;
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
      } else if (name === 'job.finished' && (payload as { jobId: string }).jobId === jobId) {
        // The service records the outcome on the same event (queued while another process holds the lock); settle after.
        setImmediate(() => {
          off();
          process.off('SIGINT', stop);
          if (io.tty) process.stderr.write('\n');
          else if (pending) io.err(pending);
          void studio.writes.settled().then(done);
        });
      }
    });
    const stop = (): void => {
      io.err(`\n${o.stop.said}`);
      o.stop.run();
    };
    process.once('SIGINT', stop);
  });
}
