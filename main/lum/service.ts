/**
 * The LUM service: starts runs in a worker and records their metrics and checkpoints as the worker reports them,
 * stops and resumes them (also across studio processes), marks runs a closed or killed studio left behind as
 * interrupted, queries a run's knowledge and trains the rankers on it. Implements the lum.* calls.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  LumConfig,
  type LumMetric,
  type LumRanking,
  type LumRun,
  type LumSummary,
  type RankVariant,
  type LumChanged,
} from '../../preload/api-lum';
import type { JobFinished } from '../../preload/api';
import type { JobOwner } from '../../preload/api-jobs';
import type { WriteQueue } from '../db/busy';
import type { Db } from '../db/connection';
import { StudioError, workerFailure } from '../errors';
import type { StudioEvents } from '../events';
import { stoppableStatus, type JobManager } from '../jobs/manager';
import type { JobOwnership } from '../jobs/ownership';
import { runWorkerJob } from '../jobs/spawn';
import { readVocab, STOP_FILE } from './config';
import { conditionFields, conditionId, defaultConditionField } from './data';
import type { QueryOutcome } from './runner';
import { LumStore, missingUsers, readLumItems, type StoredLumRun } from './sql';
import type { LumJobData, LumWorkerMessage } from './worker';

export interface LumDeps {
  db: Db;
  dbFile: string;
  dataDir: string;
  jobs: JobManager;
  events: StudioEvents;
  /** Which process trains each run, so another studio process opening the workspace leaves a live one alone. */
  owners: JobOwnership;
  /** The worker's reports are written through this, so a lock held by another process never blocks this thread. */
  writes: WriteQueue;
  dataset: (id: number) => { id: number; name: string };
}

/** Checkpoints kept per run (the newest). */
export const KEEP_LUM_CHECKPOINTS = 3;

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : 0;
};

/** First loss, the mean of the last 10 steps, speed (median, first step left out), tokens and compute. */
export function summarizeLum(run: StoredLumRun, metrics: readonly LumMetric[]): LumSummary {
  const tail = metrics.slice(-10);
  const tokens = metrics.reduce((a, m) => a + m.tokens, 0);
  return {
    steps: metrics.length ? metrics.at(-1)!.step + 1 : 0,
    initialLoss: metrics[0]?.loss ?? null,
    finalLoss: metrics.length ? mean(tail.map((m) => m.loss)) : null,
    finalAccuracy: metrics.length ? mean(tail.map((m) => m.accuracy)) : null,
    tokensPerSecond: Math.round(median(metrics.slice(1).map((m) => m.tokensPerSecond))),
    tokens,
    compute: 6 * (run.resolved?.nonEmbeddingParams ?? 0) * tokens,
    backend: run.backend ?? 'unknown',
  };
}

/** The first problem of a zod parse as the studio's bad-input error, naming the field. */
function badConfig(issue: { path: PropertyKey[]; code: string; message: string; keys?: string[] }): StudioError {
  const field = issue.path.map(String).join('.') || '(config)';
  const what = issue.code === 'unrecognized_keys' ? `unknown key(s): ${issue.keys?.join(', ')}` : issue.message;
  return new StudioError('bad_input', `lum config: ${field}: ${what}`, { field });
}

export interface QueryRequest {
  runId: number;
  users: string[] | 'test';
  conditions: string[];
  top: number;
  vectors?: boolean;
}

export class LumService {
  readonly store: LumStore;
  private readonly live = new Map<number, { jobId: string; stop: SharedArrayBuffer; etaSeconds: number | null }>();
  private readonly ranking = new Map<number, string>();

  constructor(private readonly deps: LumDeps) {
    this.store = new LumStore(deps.db);
    this.markInterrupted();
  }

  /** Calls `listener` on each `lum.changed` event (the contract's payload); returns the unsubscribe. */
  onChanged(listener: (e: LumChanged) => void): () => void {
    return this.deps.events.on('lum.changed', listener);
  }

  /** Runs left 'running' whose owning process is gone were cut off; a run another live studio owns stays running. */
  markInterrupted(): number[] {
    const running = this.store.list().filter((r) => r.status === 'running');
    return this.deps.owners.sweep(
      'lum',
      running.map((r) => r.id),
      (ids) => {
        const now = new Date().toISOString();
        for (const id of ids) this.store.setStatus(id, 'interrupted', null, now);
      },
    );
  }

  private runDir(id: number): string {
    return join(this.deps.dataDir, 'lum', String(id));
  }

  private withLive(r: StoredLumRun, owners?: Map<number, JobOwner>): LumRun {
    return {
      ...r,
      jobId: this.live.get(r.id)?.jobId ?? null,
      owner: r.status === 'running' ? ((owners ?? this.deps.owners.owners('lum')).get(r.id) ?? null) : null,
      rankJobId: this.ranking.get(r.id) ?? null,
      rankings: this.store.rankings(r.id),
    };
  }

  private need(id: number): StoredLumRun {
    const r = this.store.get(id);
    if (!r) throw new StudioError('not_found', `no LUM run ${id}`);
    return r;
  }

  /** The item fields a run can condition on (categorical, shared by several items) and the default one. */
  fields(datasetId: number): { fields: ReturnType<typeof conditionFields>; defaultField: string | null } {
    const items = readLumItems(this.deps.db, this.deps.dataset(datasetId).id);
    return { fields: conditionFields(items), defaultField: defaultConditionField(items) };
  }

  list(datasetId?: number): LumRun[] {
    const owners = this.deps.owners.owners('lum');
    return this.store.list(datasetId).map((r) => this.withLive(r, owners));
  }

  get(id: number): { run: LumRun; metrics: LumMetric[]; checkpoints: ReturnType<LumStore['checkpoints']>; etaSeconds: number | null } {
    return {
      run: this.withLive(this.need(id)),
      metrics: this.store.metrics(id),
      checkpoints: this.store.checkpoints(id),
      etaSeconds: this.live.get(id)?.etaSeconds ?? null,
    };
  }

  /** Validates the configuration (unknown keys, ranges, the condition field) and starts the run. */
  start(datasetId: number, raw: unknown, onFinished?: (run: LumRun) => void): { runId: number; jobId: string } {
    const dataset = this.deps.dataset(datasetId);
    const parsed = LumConfig.safeParse(raw);
    if (!parsed.success) throw badConfig(parsed.error.issues[0]!);
    const c = parsed.data;
    // The shape's rules (heads divide the width) are the schema's own, checked above.
    const field = this.fieldOf(dataset.id, c);
    const name = c.name ?? `LUM ${c.preset} · ${field ?? 'no conditions'}`;
    const runId = this.store.create(dataset.id, name, raw, new Date().toISOString());
    return { runId, jobId: this.launch(runId, null, onFinished) };
  }

  /** The condition field a configuration asks for: the default, none (null), or a field the items have. */
  private fieldOf(datasetId: number, c: LumConfig): string | null {
    const { fields, defaultField } = this.fields(datasetId);
    if (c.condition === undefined) return defaultField;
    if (c.condition === null) return null;
    if (!fields.some((f) => f.field === c.condition)) {
      const names = fields.map((f) => f.field).join(', ') || 'none';
      throw new StudioError('bad_input', `lum config: condition: the items have no categorical field "${c.condition}" (fields: ${names})`, {
        field: 'condition',
      });
    }
    return c.condition;
  }

  private launch(runId: number, resume: { file: string; step: number } | null, onFinished?: (run: LumRun) => void): string {
    const run = this.need(runId);
    const config = LumConfig.parse(run.config);
    const dataset = this.deps.dataset(run.datasetId);
    const runDir = this.runDir(runId);
    mkdirSync(runDir, { recursive: true });
    rmSync(join(runDir, STOP_FILE), { force: true });
    const stop = new SharedArrayBuffer(4);
    const field = existsSync(join(runDir, 'vocab.json')) ? readVocab(runDir).field : this.fieldOf(dataset.id, config);
    const job: LumJobData = {
      kind: 'train',
      dbFile: this.deps.dbFile,
      stop,
      runId,
      datasetId: dataset.id,
      runDir,
      config,
      field,
      resume,
      elapsedBefore: resume ? (this.store.metrics(runId).find((m) => m.step === resume.step - 1)?.elapsed ?? 0) : 0,
    };
    this.store.begin(runId, resume?.step ?? 0, new Date().toISOString(), () => this.deps.owners.claim('lum', runId));
    let total: number | null = null;
    let minutes: number | null = null;
    const live = { jobId: '', stop, etaSeconds: null as number | null };
    const changed = (): void => this.deps.events.emit('lum.changed', { runId });
    const jobId = this.deps.jobs.start<{ stopped: boolean }>('lum-train', `${run.name} on ${dataset.name}`, (report, signal) =>
      runWorkerJob<LumWorkerMessage, { stopped: boolean }>(
        'lum/worker',
        job,
        signal,
        () => Atomics.store(new Int32Array(stop), 0, 1),
        (m) => {
          const now = new Date().toISOString();
          if (m.type === 'phase') report({ done: resume?.step ?? 0, total, phase: m.phase });
          else if (m.type === 'ready') {
            total = m.totalSteps;
            minutes = m.resolved.minutes;
            this.deps.writes.write(() =>
              this.store.started(runId, { ...m.resolved, name: run.name }, m.backend, m.note, m.totalSteps, now),
            );
            report({
              done: minutes === null ? m.startStep : 0,
              total: minutes === null ? total : Math.round(minutes * 60),
              phase: `training on ${m.backend}`,
            });
            changed();
          } else if (m.type === 'step') {
            this.deps.writes.write(() => this.store.addMetric(runId, m.metric, now));
            const phase = `step ${m.metric.step + 1} · loss ${m.metric.loss.toFixed(3)} · accuracy ${(100 * m.metric.accuracy).toFixed(1)}%`;
            // A time-bounded run counts its progress in seconds.
            if (minutes === null) report({ done: m.metric.step + 1, total, phase });
            else report({ done: Math.min(Math.round(m.metric.elapsed), minutes * 60), total: Math.round(minutes * 60), phase });
            live.etaSeconds = this.deps.jobs.list().find((j) => j.jobId === live.jobId)?.etaSeconds ?? null;
            changed();
          } else if (m.type === 'checkpoint') {
            this.deps.writes.write(() => this.addCheckpoint(runId, m.step, m.file, m.bytes, now));
            changed();
          } else if (m.type === 'done') return { value: { stopped: m.stopped } };
          else if (m.type === 'failed') throw workerFailure(m.error);
          return undefined;
        },
      ),
    );
    live.jobId = jobId;
    this.live.set(runId, live);
    changed();
    this.whenFinished(jobId, (p) => {
      this.live.delete(runId);
      const status = stoppableStatus(p);
      // After the worker's queued reports, so the summary sees every step.
      void this.deps.writes
        .after(() => {
          const now = new Date().toISOString();
          this.store.setStatus(runId, status, p.ok || p.cancelled ? null : (p.error ?? 'failed'), now);
          this.store.setSummary(runId, summarizeLum(this.need(runId), this.store.metrics(runId)), now);
          this.deps.owners.release('lum', runId);
        })
        .catch((err: unknown) => console.error(`LUM run ${runId}: its final status was not written (${(err as Error).message})`))
        .finally(() => {
          changed();
          onFinished?.(this.withLive(this.need(runId)));
        });
    });
    return jobId;
  }

  /** Calls `fn` once, when the job ends (the manager's `job.finished`). */
  private whenFinished(jobId: string, fn: (p: JobFinished) => void): void {
    this.deps.jobs.onFinished(jobId, fn);
  }

  /**
   * Records a checkpoint and forgets the ones past the newest KEEP_LUM_CHECKPOINTS, in one transaction (a write that meets
   * another process's lock is tried again whole); their files are deleted once that committed.
   */
  private addCheckpoint(runId: number, step: number, file: string, bytes: number, now: string): void {
    const pruned = this.deps.db.transaction(() => {
      this.store.addCheckpoint(runId, step, file, bytes, now);
      const old = this.store.checkpoints(runId).slice(0, -KEEP_LUM_CHECKPOINTS);
      for (const cp of old) this.store.dropCheckpoint(runId, cp.step);
      return old;
    })();
    for (const cp of pruned) rmSync(cp.file, { force: true });
  }

  /** Asks the run to stop after its current step; works for a run another studio process is training too. */
  stop(id: number): boolean {
    const run = this.need(id);
    const live = this.live.get(id);
    if (live) Atomics.store(new Int32Array(live.stop), 0, 1);
    else if (run.status !== 'running') return false;
    writeFileSync(join(this.runDir(id), STOP_FILE), new Date().toISOString());
    return true;
  }

  /** Continues from the last checkpoint; a run without one starts over. */
  resume(id: number, onFinished?: (run: LumRun) => void): { runId: number; jobId: string } {
    const run = this.need(id);
    if (this.live.has(id) || run.status === 'running') throw new StudioError('conflict', `LUM run ${id} is running`);
    if (run.status === 'done') throw new StudioError('conflict', `LUM run ${id} is done; start another run to train more`);
    const cp = this.store.checkpoints(id).at(-1);
    const resume = cp && existsSync(cp.file) ? { file: cp.file, step: cp.step } : null;
    return { runId: id, jobId: this.launch(id, resume, onFinished) };
  }

  delete(id: number): boolean {
    if (this.live.has(id) || this.ranking.has(id)) throw new StudioError('conflict', `LUM run ${id} is busy: stop it first`);
    const deleted = this.store.delete(id);
    if (deleted) rmSync(this.runDir(id), { recursive: true, force: true });
    this.deps.events.emit('lum.changed', { runId: id });
    return deleted;
  }

  /** The newest checkpoint, which querying and ranking read. */
  private lastCheckpoint(id: number): { step: number; file: string } {
    const cp = this.store.checkpoints(id).at(-1);
    if (!cp || !existsSync(cp.file))
      throw new StudioError('bad_input', `LUM run ${id} has no checkpoint yet: train it first`, { field: 'runId' });
    return cp;
  }

  /**
   * Step 2, knowledge querying, in a worker (a job with progress): one group-query pass per user. Conditions and
   * users are checked here first, so bad input fails at once with a clear message.
   */
  async query(req: QueryRequest): Promise<QueryOutcome> {
    const run = this.need(req.runId);
    const checkpoint = this.lastCheckpoint(run.id);
    const runDir = this.runDir(run.id);
    const vocab = readVocab(runDir);
    for (const c of req.conditions) conditionId(vocab, c);
    if (req.users !== 'test') {
      const missing = missingUsers(this.deps.db, run.datasetId, req.users);
      if (missing.length)
        throw new StudioError('bad_input', `no user ${missing.slice(0, 5).join(', ')} in the dataset`, { field: 'users' });
    }
    const job: LumJobData = {
      kind: 'query',
      dbFile: this.deps.dbFile,
      stop: new SharedArrayBuffer(4),
      runId: run.id,
      datasetId: run.datasetId,
      runDir,
      checkpoint,
      users: req.users,
      conditions: req.conditions,
      top: req.top,
      vectors: req.vectors ?? false,
    };
    const label = `query ${run.name}: ${req.conditions.length} condition${req.conditions.length === 1 ? '' : 's'}`;
    return new Promise((resolve, reject) => {
      this.deps.jobs.start('lum-query', label, async (report, signal) => {
        try {
          const out = await runWorkerJob<LumWorkerMessage, QueryOutcome>(
            'lum/worker',
            job,
            signal,
            (w) => void w.terminate(),
            (m) => {
              if (m.type === 'phase') report({ done: 0, total: null, phase: m.phase });
              else if (m.type === 'progress') report({ done: m.done, total: m.total, phase: m.phase });
              else if (m.type === 'queried') return { value: m.result };
              else if (m.type === 'failed') throw workerFailure(m.error);
              return undefined;
            },
          );
          resolve(out);
          return { users: out.users.length };
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
          throw err;
        }
      });
    });
  }

  /** Step 3: trains the click rankers on the run's newest checkpoint in a worker; each result is stored as it comes. */
  rank(
    runId: number,
    variants: readonly RankVariant[],
    onFinished?: (rankings: LumRanking[], error: string | null) => void,
    seed = 1,
  ): { jobId: string } {
    const run = this.need(runId);
    if (this.ranking.has(runId)) throw new StudioError('conflict', `the rankers of LUM run ${runId} are already training`);
    const checkpoint = this.lastCheckpoint(run.id);
    const stop = new SharedArrayBuffer(4);
    const job: LumJobData = {
      kind: 'rank',
      dbFile: this.deps.dbFile,
      stop,
      runId: run.id,
      datasetId: run.datasetId,
      runDir: this.runDir(run.id),
      checkpoint,
      variants: [...new Set(variants)],
      seed,
    };
    const changed = (): void => this.deps.events.emit('lum.changed', { runId });
    const jobId = this.deps.jobs.start('lum-rank', `rankers on ${run.name}`, (report, signal) =>
      runWorkerJob<LumWorkerMessage, true>(
        'lum/worker',
        job,
        signal,
        () => Atomics.store(new Int32Array(stop), 0, 1),
        (m) => {
          if (m.type === 'phase') report({ done: 0, total: null, phase: m.phase });
          else if (m.type === 'progress') report({ done: m.done, total: m.total, phase: m.phase });
          else if (m.type === 'ranked') {
            const now = new Date().toISOString();
            this.deps.writes.write(() => this.store.addRanking(runId, m.variant, checkpoint.step, m.auc, m.gauc, m.report, now));
            changed();
          } else if (m.type === 'rankDone') return { value: true };
          else if (m.type === 'failed') throw workerFailure(m.error);
          return undefined;
        },
      ),
    );
    this.ranking.set(runId, jobId);
    changed();
    this.whenFinished(jobId, (p) => {
      this.ranking.delete(runId);
      void this.deps.writes.settled().then(() => {
        changed();
        onFinished?.(this.store.rankings(runId), p.ok ? null : (p.error ?? 'failed'));
      });
    });
    return { jobId };
  }
}
