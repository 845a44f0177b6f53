import { randomUUID } from 'node:crypto';
import type { JobFinished, JobInfo } from '../../preload/api';
import { CancelledError, toCallError } from '../errors';
import type { StudioEvents } from '../events';
import { RateMeter } from './progress';

export interface JobReport {
  done: number;
  total: number | null;
  phase: string;
  /** The job's own estimate (null: still estimating), in place of the rate meter's when given. */
  etaSeconds?: number | null;
}

export type JobRunner<T> = (report: (p: JobReport) => void, signal: AbortSignal) => Promise<T>;

interface Running {
  info: JobInfo;
  controller: AbortController;
}

/**
 * How a job that can stop itself ended: done, stopped (its result says it stopped at a request, or it was
 * cancelled) or failed. Training, generation and LUM runs record this status.
 */
export function stoppableStatus(e: JobFinished): 'done' | 'stopped' | 'failed' {
  if (e.ok) return (e.result as { stopped?: boolean } | undefined)?.stopped === true ? 'stopped' : 'done';
  return e.cancelled ? 'stopped' : 'failed';
}

/** Long work (imports now; training and generation later) with progress events and cancellation. */
export class JobManager {
  private readonly running = new Map<string, Running>();

  constructor(private readonly events: StudioEvents) {}

  start<T>(kind: string, label: string, run: JobRunner<T>, onDone?: (result: T) => void): string {
    const jobId = randomUUID();
    const controller = new AbortController();
    const meter = new RateMeter();
    const info: JobInfo = { jobId, kind, label, done: 0, total: null, rate: 0, etaSeconds: null, phase: 'starting' };
    this.running.set(jobId, { info, controller });
    this.events.emit('job.progress', { ...info });
    const report = (p: JobReport): void => {
      const measured = meter.update(p.done, p.total);
      const etaSeconds = p.etaSeconds === undefined ? measured.etaSeconds : p.etaSeconds;
      Object.assign(info, { done: p.done, total: p.total, phase: p.phase, rate: measured.rate, etaSeconds });
      this.events.emit('job.progress', { ...info });
    };
    void run(report, controller.signal).then(
      (result) => {
        this.running.delete(jobId);
        onDone?.(result);
        this.events.emit('job.finished', { jobId, kind, ok: true, cancelled: false, result });
      },
      (err: unknown) => {
        this.running.delete(jobId);
        const cancelled = err instanceof CancelledError || controller.signal.aborted;
        const error = toCallError(err);
        this.events.emit('job.finished', {
          jobId,
          kind,
          ok: false,
          cancelled,
          error: cancelled ? 'cancelled' : error.message,
          ...(error.where && !cancelled ? { where: error.where } : {}),
        });
      },
    );
    return jobId;
  }

  /** Calls `listener` once, when the job ends (done, failed or cancelled), with the contract's payload; returns the unsubscribe. */
  onFinished(jobId: string, listener: (e: JobFinished) => void): () => void {
    const off = this.events.on('job.finished', (e) => {
      if (e.jobId !== jobId) return;
      off();
      listener(e);
    });
    return off;
  }

  /** Calls `listener` on each progress report of the job until it ends; returns the unsubscribe. */
  onProgress(jobId: string, listener: (e: JobInfo) => void): () => void {
    const off = this.events.on('job.progress', (e) => {
      if (e.jobId === jobId) listener(e);
    });
    this.onFinished(jobId, off);
    return off;
  }

  list(): JobInfo[] {
    return [...this.running.values()].map((r) => ({ ...r.info }));
  }

  cancel(jobId: string): boolean {
    const job = this.running.get(jobId);
    if (!job) return false;
    job.controller.abort();
    return true;
  }

  /** Cancels everything and waits (bounded) for the jobs to wind down, e.g. before the workspace closes. */
  async cancelAll(timeoutMs = 5000): Promise<void> {
    for (const job of this.running.values()) job.controller.abort();
    const deadline = Date.now() + timeoutMs;
    while (this.running.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  }
}
