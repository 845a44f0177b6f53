/**
 * The training service: starts runs in a worker, records their metrics and checkpoints as the worker reports
 * them, stops and resumes them, and marks runs a closed or killed studio left behind as interrupted.
 * Implements the runs calls.
 */
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JobOwner } from '../../preload/api-jobs';
import type { MetricPoint, Run, RunSummaryStats, RunsChanged, ValidationPoint } from '../../preload/api-training';
import type { WriteQueue } from '../db/busy';
import type { Db } from '../db/connection';
import { StudioError, workerFailure } from '../errors';
import type { StudioEvents } from '../events';
import { stoppableStatus, type JobManager } from '../jobs/manager';
import type { JobOwnership } from '../jobs/ownership';
import { runWorkerJob } from '../jobs/spawn';
import type { TrainJobData, TrainWorkerMessage } from './worker';
import { RunConfig, STOP_FILE, type ResolvedConfig } from './config';
import { StepEta } from './eta';
import type { ItemIdSetRef } from './runner';
import { RunStore, type StoredRun } from './sql';

export interface TrainingDeps {
  db: Db;
  dbFile: string;
  dataDir: string;
  jobs: JobManager;
  events: StudioEvents;
  /** Which process runs each run, so another studio process opening the workspace leaves a live one alone. */
  owners: JobOwnership;
  /** The worker's reports are written through this, so a lock held by another process never blocks this thread. */
  writes: WriteQueue;
  dataset: (id: number) => { id: number; name: string };
  /** The newest finished identifier set of that name on the dataset (throws bad_input naming the sets there are). */
  identifierSet: (datasetId: number, name: string) => ItemIdSetRef;
  /** Every template's id, family and whether it is seen, to check `templates`. */
  templates: () => { id: string; family: string; seen: boolean }[];
}

/** Checkpoints kept per run (the newest). */
export const KEEP_CHECKPOINTS = 3;

interface Live {
  jobId: string;
  stop: SharedArrayBuffer;
  etaSeconds: number | null;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : 0;
};

/** The run summary: first loss, the mean of the last 10 steps, per-family means over the last tenth, median speed. */
export function summarize(run: StoredRun, metrics: readonly MetricPoint[]): RunSummaryStats {
  const tail = metrics.slice(-Math.max(10, Math.floor(metrics.length / 10)));
  const families = new Map<string, number[]>();
  for (const m of tail.filter((x) => x.phase === 'finetune'))
    for (const [f, l] of Object.entries(m.byFamily)) families.set(f, [...(families.get(f) ?? []), l]);
  return {
    runId: run.id,
    status: run.status,
    steps: metrics.length ? metrics.at(-1)!.step + 1 : 0,
    backend: run.backend ?? 'unknown',
    initialLoss: metrics[0]?.loss ?? null,
    finalLoss: metrics.length ? mean(metrics.slice(-10).map((m) => m.loss)) : null,
    lossByFamily: Object.fromEntries([...families].map(([f, ls]) => [f, mean(ls)])),
    tokensPerSecond: Math.round(median(metrics.slice(1).map((m) => m.tokensPerSecond))),
  };
}

export class TrainingService {
  readonly store: RunStore;
  private readonly live = new Map<number, Live>();

  constructor(private readonly deps: TrainingDeps) {
    this.store = new RunStore(deps.db);
    this.markInterrupted();
  }

  /** Calls `listener` on each `runs.changed` event (the contract's payload); returns the unsubscribe. */
  onChanged(listener: (e: RunsChanged) => void): () => void {
    return this.deps.events.on('runs.changed', listener);
  }

  /**
   * Runs left 'running' whose owning process is gone were cut off (studio closed or killed). A run another live
   * studio process owns (serve mode beside the CLI) stays running.
   */
  markInterrupted(): number[] {
    const running = this.store.list().filter((r) => r.status === 'running');
    return this.deps.owners.sweep(
      'train',
      running.map((r) => r.id),
      (ids) => {
        const now = new Date().toISOString();
        for (const id of ids) this.store.setStatus(id, 'interrupted', null, now);
      },
    );
  }

  private runDir(id: number): string {
    return join(this.deps.dataDir, 'runs', String(id));
  }

  private withLive(r: StoredRun, owners?: Map<number, JobOwner>): Run {
    const owner = r.status === 'running' ? ((owners ?? this.deps.owners.owners('train')).get(r.id) ?? null) : null;
    return { ...r, jobId: this.live.get(r.id)?.jobId ?? null, owner };
  }

  list(datasetId?: number): Run[] {
    const owners = this.deps.owners.owners('train');
    return this.store.list(datasetId).map((r) => this.withLive(r, owners));
  }

  private need(id: number): StoredRun {
    const r = this.store.get(id);
    if (!r) throw new StudioError('not_found', `no run ${id}`);
    return r;
  }

  get(id: number): {
    run: Run;
    metrics: MetricPoint[];
    validation: ValidationPoint[];
    checkpoints: ReturnType<RunStore['checkpoints']>;
    etaSeconds: number | null;
  } {
    return {
      run: this.withLive(this.need(id)),
      metrics: this.store.metrics(id),
      validation: this.store.validation(id),
      checkpoints: this.store.checkpoints(id),
      etaSeconds: this.live.get(id)?.etaSeconds ?? null,
    };
  }

  metrics(ids: readonly number[]): { id: number; name: string; metrics: MetricPoint[]; validation: ValidationPoint[] }[] {
    return ids.map((id) => {
      const run = this.need(id);
      const all = this.store.metrics(id);
      const every = Math.max(1, Math.ceil(all.length / 2000));
      return {
        id,
        name: run.name,
        metrics: all.filter((_, i) => i % every === 0 || i === all.length - 1),
        validation: this.store.validation(id),
      };
    });
  }

  /**
   * Starts a run of a configuration the caller has checked with the schema (the transport for `runs.start`,
   * `parseRunConfig` for run.json), after the checks that need the workspace: itemIds, templates, `from`.
   */
  start(datasetId: number, config: RunConfig, onFinished?: (run: Run) => void): { runId: number; jobId: string } {
    const dataset = this.deps.dataset(datasetId);
    if (config.itemIds) this.deps.identifierSet(dataset.id, config.itemIds);
    if (config.templates) this.checkTemplates(config.templates, config.families);
    if (config.from) {
      if (!this.store.get(config.from.runId))
        throw new StudioError('bad_input', `run config: from.runId: no run ${config.from.runId}`, { field: 'from.runId' });
      this.sourceOf(config.from.runId, config.from.step);
    }
    const runId = this.store.create(dataset.id, config.name ?? `run on ${dataset.name}`, config, new Date().toISOString());
    const jobId = this.launch(runId, null, onFinished);
    return { runId, jobId };
  }

  /** Each listed template must exist, be seen (unseen ones are for evaluation) and belong to a chosen family. */
  private checkTemplates(ids: readonly string[], families: readonly string[]): void {
    const all = new Map(this.deps.templates().map((t) => [t.id, t]));
    for (const id of ids) {
      const t = all.get(id);
      const problem = !t
        ? 'no such template'
        : !t.seen
          ? 'it is held out (unseen): it is only evaluated'
          : !families.includes(t.family)
            ? `it is a ${t.family} template and ${t.family} is not among the run's families`
            : null;
      if (problem) throw new StudioError('bad_input', `run config: templates: ${id}: ${problem}`, { field: 'templates' });
    }
    for (const f of families)
      if (!ids.some((id) => all.get(id)?.family === f))
        throw new StudioError('bad_input', `run config: templates: none of them is a ${f} template, so ${f} would not train`, {
          field: 'templates',
        });
  }

  /** The checkpoint and tokenizer a run `from` another starts with (its last checkpoint, or the one at `step`). */
  sourceOf(runId: number, step: number | undefined): { checkpoint: string; tokenizer: string } {
    const src = this.need(runId);
    const cps = this.store.checkpoints(runId).filter((c) => step === undefined || c.step === step);
    const cp = cps.at(-1);
    if (!cp)
      throw new StudioError('bad_input', `run ${runId} has no checkpoint${step === undefined ? '' : ` at step ${step}`} to start from`, {
        field: 'from',
      });
    const tokenizer = join(this.runDir(src.id), 'tokenizer.json');
    if (!existsSync(cp.file) || !existsSync(tokenizer))
      throw new StudioError('not_found', `run ${runId}'s files are missing from ${this.runDir(src.id)}`);
    return { checkpoint: cp.file, tokenizer };
  }

  private launch(runId: number, resume: { file: string; step: number } | null, onFinished?: (run: Run) => void): string {
    const run = this.need(runId);
    const config = run.config;
    const dataset = this.deps.dataset(run.datasetId);
    const runDir = this.runDir(runId);
    mkdirSync(runDir, { recursive: true });
    rmSync(join(runDir, STOP_FILE), { force: true });
    const stop = new SharedArrayBuffer(4);
    // A run keeps the identifier version and the calibrated step counts it started with.
    const before = run.resolved as Partial<ResolvedConfig> | null;
    const itemIdSet = before?.itemIdSet ?? (config.itemIds ? this.deps.identifierSet(dataset.id, config.itemIds) : null);
    const calibrated =
      resume && before?.calibrated && before.steps !== undefined && before.pretrainSteps !== undefined && before.warmupSteps !== undefined
        ? { steps: before.steps, pretrainSteps: before.pretrainSteps, warmupSteps: before.warmupSteps }
        : null;
    const job: TrainJobData = {
      dbFile: this.deps.dbFile,
      stop,
      runId,
      datasetId: dataset.id,
      datasetName: dataset.name,
      runDir,
      config,
      resume,
      // A resumed run holds every weight in its own checkpoint and its tokenizer in its folder.
      source: config.from && !resume ? this.sourceOf(config.from.runId, config.from.step) : null,
      elapsedBefore: resume ? (this.store.metrics(runId).find((m) => m.step === resume.step - 1)?.elapsed ?? 0) : 0,
      itemIdSet,
      calibrated,
    };
    this.store.begin(runId, resume?.step ?? 0, new Date().toISOString(), () => this.deps.owners.claim('train', runId));
    let total: number | null = null;
    const live: Live = { jobId: '', stop, etaSeconds: null };
    const eta = new StepEta();
    const jobId = this.deps.jobs.start<{ stopped: boolean }>('train', `${run.name} on ${dataset.name}`, (report, signal) =>
      runWorkerJob<TrainWorkerMessage, { stopped: boolean }>(
        'training/worker',
        job,
        signal,
        () => Atomics.store(new Int32Array(stop), 0, 1),
        (m) => {
          const now = new Date().toISOString();
          if (m.type === 'phase') report({ done: resume?.step ?? 0, total, phase: m.phase, etaSeconds: null });
          else if (m.type === 'ready') {
            total = m.totalSteps;
            this.deps.writes.write(() => this.store.started(runId, m.resolved, m.backend, m.note, m.totalSteps, now));
            report({ done: m.startStep, total, phase: `training on ${m.backend}`, etaSeconds: null });
            this.deps.events.emit('runs.changed', { runId });
          } else if (m.type === 'resolved') {
            total = m.totalSteps;
            this.deps.writes.write(() => this.store.resized(runId, m.resolved, m.totalSteps, now));
            this.deps.events.emit('runs.changed', { runId });
          } else if (m.type === 'step') {
            this.deps.writes.write(() => this.store.addMetric(runId, m.metric, now));
            const done = m.metric.step + 1;
            live.etaSeconds = total === null ? null : eta.update(done, total, m.metric.elapsed);
            report({ done, total, phase: `step ${done} · loss ${m.metric.loss.toFixed(3)}`, etaSeconds: live.etaSeconds });
            this.deps.events.emit('runs.changed', { runId });
          } else if (m.type === 'validation') {
            this.deps.writes.write(() => this.store.addValidation(runId, m.point));
            this.deps.events.emit('runs.validation', { runId, point: m.point });
            this.deps.events.emit('runs.changed', { runId });
          } else if (m.type === 'checkpoint') {
            this.deps.writes.write(() => this.addCheckpoint(runId, m.step, m.file, m.bytes, now));
            this.deps.events.emit('runs.changed', { runId });
          } else if (m.type === 'done') return { value: { stopped: m.stopped } };
          else throw workerFailure(m.error);
          return undefined;
        },
      ),
    );
    live.jobId = jobId;
    this.live.set(runId, live);
    this.deps.events.emit('runs.changed', { runId });
    this.deps.jobs.onFinished(jobId, (p) => {
      this.live.delete(runId);
      const status = stoppableStatus(p);
      // After the worker's queued reports, so the summary sees every step.
      void this.deps.writes
        .after(() => {
          const now = new Date().toISOString();
          this.store.setStatus(runId, status, p.ok || p.cancelled ? null : (p.error ?? 'failed'), now);
          this.store.setSummary(runId, summarize(this.need(runId), this.store.metrics(runId)), now);
          this.deps.owners.release('train', runId);
        })
        .catch((err: unknown) => console.error(`run ${runId}: its final status was not written (${(err as Error).message})`))
        .finally(() => {
          this.deps.events.emit('runs.changed', { runId });
          onFinished?.(this.withLive(this.need(runId)));
        });
    });
    return jobId;
  }

  /** Keeps the newest checkpoints only: a base-size run writes tens of megabytes per checkpoint. */
  /**
   * Records a checkpoint and forgets the ones past the newest KEEP_CHECKPOINTS, in one transaction (a write that meets
   * another process's lock is tried again whole); their files are deleted once that committed.
   */
  private addCheckpoint(runId: number, step: number, file: string, bytes: number, now: string): void {
    const pruned = this.deps.db.transaction(() => {
      this.store.addCheckpoint(runId, step, file, bytes, now);
      const old = this.store.checkpoints(runId).slice(0, -KEEP_CHECKPOINTS);
      for (const cp of old) this.store.dropCheckpoint(runId, cp.step);
      return old;
    })();
    for (const cp of pruned) rmSync(cp.file, { force: true });
  }

  /** Asks the run to stop after its current step; works for a run another studio process is running too. */
  stop(id: number): boolean {
    const run = this.need(id);
    const live = this.live.get(id);
    if (live) Atomics.store(new Int32Array(live.stop), 0, 1);
    else if (run.status !== 'running') return false;
    writeFileSync(join(this.runDir(id), STOP_FILE), new Date().toISOString());
    return true;
  }

  /** Continues from the last checkpoint; a run without one starts over (its rows are cleared). */
  resume(id: number, onFinished?: (run: Run) => void): { runId: number; jobId: string } {
    const run = this.need(id);
    if (this.live.has(id) || run.status === 'running') throw new StudioError('conflict', `run ${id} is running`);
    if (run.status === 'done') throw new StudioError('conflict', `run ${id} is done; duplicate it to train more`);
    const cp = this.store.checkpoints(id).at(-1);
    const resume = cp && existsSync(cp.file) ? { file: cp.file, step: cp.step } : null;
    return { runId: id, jobId: this.launch(id, resume ?? null, onFinished) };
  }

  delete(id: number): boolean {
    if (this.live.has(id)) throw new StudioError('conflict', `run ${id} is running: stop it first`);
    const deleted = this.store.delete(id);
    if (deleted) rmSync(this.runDir(id), { recursive: true, force: true });
    this.deps.events.emit('runs.changed', { runId: id });
    return deleted;
  }

  lastCheckpoint(id: number): { step: number; file: string } {
    const cp = this.store.checkpoints(id).at(-1);
    if (!cp || !existsSync(cp.file)) throw new StudioError('not_found', `run ${id} has no checkpoint yet`);
    return cp;
  }

  /** Writes the last checkpoint with LoRA merged in (plain weights any GLM of the same shape loads). */
  async exportMerged(id: number): Promise<{ file: string; bytes: number }> {
    const cp = this.lastCheckpoint(id);
    const out = join(this.runDir(id), `merged-${String(cp.step).padStart(7, '0')}.ckpt`);
    const controller = new AbortController();
    await runWorkerJob<{ type: 'done' } | { type: 'failed'; error: { code: 'internal'; message: string } }, true>(
      'training/export-worker',
      { checkpoint: cp.file, out },
      controller.signal,
      () => undefined,
      (m) => {
        if (m.type === 'failed') throw workerFailure(m.error);
        return { value: true };
      },
    );
    return { file: out, bytes: statSync(out).size };
  }
}
