/**
 * Waiting for another process's write lock without blocking the thread. SQLite's own busy wait sleeps the calling
 * thread, which on the window's or the server's thread would freeze every other request; so those connections wait
 * briefly (setBusyTimeout) and the waiting continues here, between event-loop turns.
 */
import { busyError, CancelledError, isBusy } from '../errors';
import type { Db } from './connection';

/** The busy wait of a connection on a thread that serves a window or HTTP requests: short enough to go unnoticed. */
export const INTERACTIVE_BUSY_TIMEOUT_MS = 25;

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** 10, 20, 40 … 400 ms, jittered so that two waiting processes do not retry in step. */
export function backoff(attempt: number): number {
  const base = Math.min(400, 10 * 2 ** Math.min(attempt, 6));
  return base / 2 + (Math.random() * base) / 2;
}

export interface RetryOptions {
  /** Give up (with a `busy` error) after this long. */
  waitMs: number;
  signal?: AbortSignal;
  /** Called before each wait, e.g. to say "waiting for the workspace" in a job's progress. */
  onWait?: (waitedMs: number) => void;
  /** Whether a failed try left nothing behind, so that trying again cannot write something twice. */
  safeToRetry?: () => boolean;
}

/** Runs `fn`; while it fails because the workspace is locked, waits without blocking and runs it again. */
export async function retryBusy<T>(fn: () => T | Promise<T>, options: RetryOptions): Promise<T> {
  const start = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isBusy(err)) throw err;
      if (options.safeToRetry && !options.safeToRetry()) throw busyError('part of the change was written before the lock was lost');
      const waited = Date.now() - start;
      if (waited >= options.waitMs) throw busyError(`waited ${(waited / 1000).toFixed(1)} s`);
      options.onWait?.(waited);
      await sleep(Math.min(backoff(attempt), Math.max(1, options.waitMs - waited)));
      if (options.signal?.aborted) throw new CancelledError();
    }
  }
}

/**
 * Calls made by a window or over HTTP, retried while the workspace is locked. A try is repeated only when the
 * connection changed no rows during it (SQLite's total_changes), so a call that wrote part of its work before it
 * met the lock is reported as busy rather than run twice.
 */
export function busyRetrier(db: Db, waitMs: number): <T>(fn: () => T | Promise<T>) => Promise<T> {
  const changes = db.prepare('SELECT total_changes()').pluck();
  return (fn) => {
    let before = 0;
    return retryBusy(
      () => {
        before = changes.get() as number;
        return fn();
      },
      { waitMs, safeToRetry: () => !db.inTransaction && changes.get() === before },
    );
  };
}

interface Pending {
  fn: () => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/**
 * The main thread's bookkeeping writes for jobs (a run's metrics, a set's rows, a job's final status), in order.
 * A write runs at once when nothing is queued and the lock is free, exactly as a plain statement would; when another
 * process holds the lock it is queued, and the queue retries in the background (up to `waitMs` per write).
 */
export class WriteQueue {
  private readonly pending: Pending[] = [];
  private draining = false;

  constructor(
    private readonly onError: (err: unknown) => void,
    private readonly waitMs = 10 * 60_000,
  ) {}

  /** Writes now when it can; otherwise after what is queued. Errors other than a lock throw here as before. */
  write(fn: () => unknown): void {
    if (this.pending.length === 0) {
      try {
        fn();
        return;
      } catch (err) {
        if (!isBusy(err)) throw err;
      }
    }
    this.enqueue(fn).catch(this.onError);
  }

  /** Runs `fn` after every write queued so far (with the same retries) and resolves with its value. */
  after<T>(fn: () => T): Promise<T> {
    return this.enqueue(fn) as Promise<T>;
  }

  /** Resolves when everything queued so far is written (or failed). */
  settled(): Promise<void> {
    return this.enqueue(() => undefined).then(() => undefined);
  }

  get size(): number {
    return this.pending.length;
  }

  private enqueue(fn: () => unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.pending.push({ fn, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    while (this.pending.length > 0) {
      const head = this.pending[0]!;
      try {
        head.resolve(await retryBusy(head.fn, { waitMs: this.waitMs }));
      } catch (err) {
        head.reject(err);
      }
      this.pending.shift();
    }
    this.draining = false;
  }
}
