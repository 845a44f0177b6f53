/**
 * One store of background jobs for the whole window: fed by `job.progress` / `job.finished` events
 * from the moment the app starts (so a fast job that ends before `import.start` even returns is not
 * missed), seeded and healed by polling `jobs.list` while anything runs.
 */
import { useSyncExternalStore } from 'react';
import type { JobFinished, JobInfo } from '../../preload/api';
import { call, on } from './client';

export interface JobState {
  info: JobInfo;
  /** Set once the job ended; `lost` when it vanished from `jobs.list` without a `job.finished` event reaching us. */
  finished: (JobFinished & { lost?: boolean }) | null;
  seenAt: number;
}

type Listener = () => void;

class JobsStore {
  private jobs = new Map<string, JobState>();
  private snapshot: JobState[] = [];
  private listeners = new Set<Listener>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private started = false;
  private onError: (err: unknown) => void = () => {};

  start(onError: (err: unknown) => void): () => void {
    this.onError = onError;
    if (this.started) return () => {};
    this.started = true;
    const offProgress = on('job.progress', (info) => this.upsert(info));
    const offFinished = on('job.finished', (fin) => this.finish(fin));
    void this.refresh();
    return () => {
      offProgress();
      offFinished();
      if (this.timer) clearTimeout(this.timer);
      this.started = false;
    };
  }

  subscribe = (l: Listener): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  getSnapshot = (): JobState[] => this.snapshot;

  get(jobId: string): JobState | undefined {
    return this.jobs.get(jobId);
  }

  /** A job this window just started: known at once, even before its first progress event. */
  track(jobId: string, kind: string, label: string): void {
    if (!this.jobs.has(jobId)) {
      this.jobs.set(jobId, {
        info: { jobId, kind, label, done: 0, total: null, rate: 0, etaSeconds: null, phase: 'starting' },
        finished: null,
        seenAt: Date.now(),
      });
      this.emit();
    }
    this.schedule(300);
  }

  forget(jobId: string): void {
    if (this.jobs.delete(jobId)) this.emit();
  }

  async refresh(): Promise<void> {
    try {
      const list = await call('jobs.list', {});
      const running = new Set(list.map((j) => j.jobId));
      for (const info of list) this.upsert(info, false);
      for (const [id, state] of this.jobs) {
        // Gone from the list but no finished event: it ended while the event channel was down.
        if (!state.finished && !running.has(id) && Date.now() - state.seenAt > 250) {
          this.jobs.set(id, { ...state, finished: { jobId: id, kind: state.info.kind, ok: true, cancelled: false, lost: true } });
        }
      }
      this.emit();
    } catch (err) {
      this.onError(err);
    }
    if (this.snapshot.some((j) => !j.finished)) this.schedule(1500);
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.refresh();
    }, ms);
  }

  private upsert(info: JobInfo, emit = true): void {
    const prev = this.jobs.get(info.jobId);
    if (prev?.finished && !prev.finished.lost) return; // a late progress event after the end
    this.jobs.set(info.jobId, { info, finished: null, seenAt: prev?.seenAt ?? Date.now() });
    if (emit) this.emit();
    if (!this.timer) this.schedule(1500);
  }

  private finish(fin: JobFinished): void {
    const prev = this.jobs.get(fin.jobId);
    const info: JobInfo = prev?.info ?? {
      jobId: fin.jobId,
      kind: fin.kind,
      label: fin.kind,
      done: 0,
      total: null,
      rate: 0,
      etaSeconds: null,
      phase: 'done',
    };
    this.jobs.set(fin.jobId, { info, finished: fin, seenAt: prev?.seenAt ?? Date.now() });
    this.emit();
  }

  private emit(): void {
    this.snapshot = [...this.jobs.values()];
    for (const l of this.listeners) l();
  }
}

export const jobsStore = new JobsStore();

export function useJobs(): JobState[] {
  return useSyncExternalStore(jobsStore.subscribe, jobsStore.getSnapshot);
}

export function useJob(jobId: string | null): JobState | undefined {
  const all = useJobs();
  return jobId ? all.find((j) => j.info.jobId === jobId) : undefined;
}
