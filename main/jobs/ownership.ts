/**
 * Which studio process runs each long job. Several processes may open one workspace at once (a window, `studio
 * serve`, a CLI command), so a job's row says whose it is: the owner's pid, host, what the process is, and the name
 * of the process's lock file (db/process-lock.ts), which the operating system frees the moment the process ends.
 * A job left running whose owner no longer holds its lock was cut off and is marked interrupted; a job another live
 * process runs is left alone. Every kind of job with a status row (runs, LUM runs, generation sets, baseline fits,
 * identifier builds, bundle launches) goes through this one module.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { JobOwner } from '../../preload/api-jobs';
import type { Db } from '../db/connection';
import { lockHeld, ProcessLock } from '../db/process-lock';
import { isBusy } from '../errors';
import { JobOwnerStore, type OwnerRow } from './sql';

/** The kinds of job that keep a row with a status while they run. */
export type OwnedJobKind = 'train' | 'lum' | 'generate' | 'baseline' | 'itemids' | 'bundle';

let processLabel = process.versions.electron ? 'desktop window' : 'studio';

/** Says what this process is (`studio serve`, `studio train`), shown beside the jobs it owns. */
export function setProcessLabel(label: string): void {
  processLabel = label;
}

/** One lock per workspace folder per process, shared by every Studio this process opens on it. */
const held = new Map<string, { lock: ProcessLock; users: number }>();

/** How long a lock check is trusted: lists ask per row, the answer changes only when a process ends. */
const LIVENESS_TTL_MS = 1000;

export class JobOwnership {
  private readonly store: JobOwnerStore;
  private readonly dir: string;
  private using = false;
  private readonly checked = new Map<string, { held: boolean; at: number }>();

  constructor(db: Db, dataDir: string) {
    this.store = new JobOwnerStore(db);
    this.dir = join(dataDir, 'locks');
  }

  /** This process's lock name once it has claimed a job (the lock is taken lazily: read-only commands take none). */
  private mine(): string | undefined {
    return held.get(this.dir)?.lock.name;
  }

  private lock(): ProcessLock {
    let entry = held.get(this.dir);
    if (!entry) {
      entry = { lock: ProcessLock.acquire(this.dir), users: 0 };
      held.set(this.dir, entry);
    }
    if (!this.using) {
      entry.users++;
      this.using = true;
    }
    return entry.lock;
  }

  /** Records this process as the job's owner; call it in the same write that sets the job running. */
  claim(kind: OwnedJobKind, ref: number): void {
    const lock = this.lock();
    this.store.claim({
      kind,
      ref,
      pid: process.pid,
      host: hostname(),
      process: processLabel,
      lock: lock.name,
      since: new Date().toISOString(),
    });
  }

  /** Forgets this process as the job's owner (the job ended here). */
  release(kind: OwnedJobKind, ref: number): void {
    const mine = this.mine();
    if (mine) this.store.release(kind, ref, mine);
  }

  /** Whether the row's owner still holds its lock; `fresh` skips the short cache that lists use. */
  private alive(row: OwnerRow, fresh = false): boolean {
    if (row.lock === this.mine()) return true;
    const now = Date.now();
    const cached = this.checked.get(row.lock);
    if (!fresh && cached && now - cached.at < LIVENESS_TTL_MS) return cached.held;
    const isHeld = lockHeld(this.dir, row.lock);
    this.checked.set(row.lock, { held: isHeld, at: now });
    return isHeld;
  }

  /** Of these running jobs, those whose owner is gone or was never recorded: they were cut off. */
  gone(kind: OwnedJobKind, running: readonly number[]): number[] {
    if (running.length === 0) return [];
    const owners = new Map(this.store.forKind(kind).map((r) => [r.ref, r]));
    return running.filter((ref) => {
      const owner = owners.get(ref);
      return owner === undefined || !this.alive(owner, true);
    });
  }

  /**
   * Marks the running jobs whose owner is gone as interrupted (through `interrupt`, the feature's own SQL) and
   * returns them. Best effort: when another process holds the write lock it does nothing, and the next sweep
   * (the next open, or the periodic one of a window or server) does it.
   */
  sweep(kind: OwnedJobKind, running: readonly number[], interrupt: (ids: number[]) => void): number[] {
    try {
      const gone = this.gone(kind, running);
      if (gone.length === 0) return [];
      interrupt(gone);
      for (const ref of gone) this.store.drop(kind, ref);
      return gone;
    } catch (err) {
      if (isBusy(err)) return [];
      throw err;
    }
  }

  /** The live owners of a kind's jobs, by job id: what the window shows beside a running job. */
  owners(kind: OwnedJobKind): Map<number, JobOwner> {
    const out = new Map<number, JobOwner>();
    const mine = this.mine();
    for (const row of this.store.forKind(kind)) {
      if (!this.alive(row)) continue;
      out.set(row.ref, { pid: row.pid, host: row.host, process: row.process, since: row.since, self: row.lock === mine });
    }
    return out;
  }

  close(): void {
    if (!this.using) return;
    this.using = false;
    const entry = held.get(this.dir);
    if (!entry) return;
    entry.users--;
    if (entry.users > 0) return;
    held.delete(this.dir);
    entry.lock.release();
  }
}
