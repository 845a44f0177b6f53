/**
 * The generation service: batch generation from a run's checkpoint in a worker (resumable), browsing generations
 * and their lists. Implements the generations calls; evaluation/service.ts reads its sets for the metrics.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Decoding, GenerationStart, type GenerationRow, type GenerationSet, type GenerationsChanged } from '../../preload/api-generation';
import type { JobOwner } from '../../preload/api-jobs';
import type { WriteQueue } from '../db/busy';
import type { Db } from '../db/connection';
import { StudioError, workerFailure } from '../errors';
import type { StudioEvents } from '../events';
import type { GenerateJobData, GenerateWorkerMessage } from './worker';
import { stoppableStatus, type JobManager } from '../jobs/manager';
import type { JobOwnership } from '../jobs/ownership';
import { runWorkerJob } from '../jobs/spawn';
import type { TemplateStore } from '../templates/sql';
import type { TrainingService } from '../training/service';
import { GenerationStore, type RowQuery, type StoredSet } from './sql';

export interface GenerationDeps {
  db: Db;
  dbFile: string;
  dataDir: string;
  jobs: JobManager;
  events: StudioEvents;
  /** Which process generates each set, so another studio process opening the workspace leaves a live one alone. */
  owners: JobOwnership;
  /** The worker's rows are written through this, so a lock held by another process never blocks this thread. */
  writes: WriteQueue;
  training: TrainingService;
  templates: TemplateStore;
  dataset: (id: number) => { id: number; name: string };
}

/** The identifier set a run trained with, from its resolved configuration (null: titles). */
export function identifierSetOf(
  resolved: Record<string, unknown> | null,
): { id: number; name: string; version: number; scheme: string } | null {
  const set = resolved?.itemIdSet as { id: number; name: string; version: number; scheme: string } | null | undefined;
  return set ?? null;
}

export class GenerationService {
  readonly store: GenerationStore;
  private readonly live = new Map<number, { jobId: string; stop: SharedArrayBuffer }>();

  constructor(private readonly deps: GenerationDeps) {
    this.store = new GenerationStore(deps.db);
    this.markInterrupted();
  }

  /** Calls `listener` on each `generations.changed` event (the contract's payload); returns the unsubscribe. */
  onChanged(listener: (e: GenerationsChanged) => void): () => void {
    return this.deps.events.on('generations.changed', listener);
  }

  /** Sets left running whose owning process is gone were cut off; a set another live studio generates stays running. */
  markInterrupted(): number[] {
    return this.deps.owners.sweep('generate', this.store.running(), (ids) => this.store.markInterrupted(ids));
  }

  private withLive(s: StoredSet, owners?: Map<number, JobOwner>): GenerationSet {
    const owner = s.status === 'running' ? ((owners ?? this.deps.owners.owners('generate')).get(s.id) ?? null) : null;
    return { ...s, jobId: this.live.get(s.id)?.jobId ?? null, owner };
  }

  sets(runId?: number): GenerationSet[] {
    const owners = this.deps.owners.owners('generate');
    return this.store.list(runId).map((s) => this.withLive(s, owners));
  }

  private need(id: number): StoredSet {
    const s = this.store.get(id);
    if (!s) throw new StudioError('not_found', `no generation set ${id}`);
    return s;
  }

  start(req: GenerationStart, onFinished?: (set: GenerationSet) => void): { setId: number; jobId: string } {
    const r = GenerationStart.parse(req);
    const { run } = this.deps.training.get(r.runId);
    const cps = this.deps.training.store.checkpoints(run.id);
    const cp = r.checkpoint === undefined ? cps.at(-1) : cps.find((c) => c.step === r.checkpoint);
    if (!cp)
      throw new StudioError(
        'bad_input',
        r.checkpoint === undefined
          ? `run ${run.id} has no checkpoint yet: train it first`
          : `run ${run.id} has no checkpoint at step ${r.checkpoint} (it has ${cps.map((c) => c.step).join(', ') || 'none'})`,
        { field: 'checkpoint' },
      );
    const known = new Set(this.deps.templates.list(r.family).map((t) => t.id));
    const unknown = (r.templates ?? []).filter((t) => !known.has(t));
    if (unknown.length)
      throw new StudioError(
        'bad_input',
        `templates: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not a' : 'are not'} ${r.family} template${unknown.length === 1 ? '' : 's'}`,
        { field: 'templates' },
      );
    const setId = this.store.create(
      run.id,
      cp.step,
      r.family,
      r.split,
      r.decoding,
      r.excludeHistory,
      r.templates ?? null,
      r.limit ?? null,
      new Date().toISOString(),
    );
    return { setId, jobId: this.launch(setId, onFinished) };
  }

  resume(setId: number, onFinished?: (set: GenerationSet) => void): { setId: number; jobId: string } {
    const s = this.need(setId);
    if (this.live.has(setId)) throw new StudioError('conflict', `generation set ${setId} is running`);
    if (s.status === 'done') throw new StudioError('conflict', `generation set ${setId} is complete`);
    return { setId, jobId: this.launch(setId, onFinished) };
  }

  private launch(setId: number, onFinished?: (set: GenerationSet) => void): string {
    const s = this.need(setId);
    const { run } = this.deps.training.get(s.runId);
    const config = run.config;
    const dataset = this.deps.dataset(run.datasetId);
    const cp = this.deps.training.store.checkpoints(run.id).find((c) => c.step === s.checkpoint);
    const tokenizer = join(this.deps.dataDir, 'runs', String(run.id), 'tokenizer.json');
    if (!cp || !existsSync(cp.file) || !existsSync(tokenizer))
      throw new StudioError('not_found', `run ${run.id}'s checkpoint at step ${s.checkpoint} is gone (only the newest three are kept)`);
    const stop = new SharedArrayBuffer(4);
    const job: GenerateJobData = {
      dbFile: this.deps.dbFile,
      stop,
      setId,
      datasetId: dataset.id,
      datasetName: dataset.name,
      checkpoint: cp.file,
      tokenizer,
      seed: config.splitSeed,
      mode: config.spanOrder,
      family: s.family,
      split: s.split,
      limit: s.limit,
      decoding: Decoding.parse(s.decoding),
      excludeHistory: s.excludeHistory,
      templates: s.templates,
      done: [...this.store.doneExamples(setId)],
      backend: config.backend,
      itemIdSet: identifierSetOf(run.resolved),
    };
    this.store.begin(setId, new Date().toISOString(), () => this.deps.owners.claim('generate', setId));
    let total: number | null = s.total;
    let done = job.done.length;
    const jobId = this.deps.jobs.start<{ stopped: boolean }>('generate', `${s.family} · ${s.split} · run ${run.id}`, (report, signal) =>
      runWorkerJob<GenerateWorkerMessage, { stopped: boolean }>(
        'generation/worker',
        job,
        signal,
        () => Atomics.store(new Int32Array(stop), 0, 1),
        (m) => {
          if (m.type === 'phase') report({ done, total, phase: m.phase });
          else if (m.type === 'ready') {
            total = m.total;
            const now = new Date().toISOString();
            this.deps.writes.write(() => this.store.setTotal(setId, m.total, now));
            report({ done, total, phase: `generating on ${m.backend}` });
          } else if (m.type === 'rows') {
            this.deps.writes.write(() => this.store.insert(setId, m.rows));
            done += m.rows.length;
            report({ done, total, phase: `${done} of ${total ?? '?'} examples` });
            this.deps.events.emit('generations.changed', { setId });
          } else if (m.type === 'timing') {
            const now = new Date().toISOString();
            if (m.examples > 0) this.deps.writes.write(() => this.store.setTiming(setId, m.catalogMs / m.examples, now));
          } else if (m.type === 'done') return { value: { stopped: m.stopped } };
          else throw workerFailure(m.error);
          return undefined;
        },
      ),
    );
    this.live.set(setId, { jobId, stop });
    this.deps.jobs.onFinished(jobId, (p) => {
      this.live.delete(setId);
      const status = stoppableStatus(p);
      // After the worker's queued rows, so the set's counts are complete when it says done.
      void this.deps.writes
        .after(() => {
          this.store.setStatus(setId, status, p.ok || p.cancelled ? null : (p.error ?? 'failed'), new Date().toISOString());
          this.deps.owners.release('generate', setId);
        })
        .catch((err: unknown) => console.error(`generation set ${setId}: its final status was not written (${(err as Error).message})`))
        .finally(() => {
          this.deps.events.emit('generations.changed', { setId });
          onFinished?.(this.withLive(this.need(setId)));
        });
    });
    this.deps.events.emit('generations.changed', { setId });
    return jobId;
  }

  rows(setId: number, q: RowQuery): { total: number; rows: GenerationRow[] } {
    this.need(setId);
    return this.store.page(setId, q);
  }

  /**
   * One ranked list per user for scoring outside the studio: the dataset's own user and item ids, best first.
   * A set that generated several item templates gives `template`'s rows (default: its first template).
   */
  lists(setId: number, template?: string): { template: string; lists: { user: string; items: string[] }[] } {
    const set = this.need(setId);
    const rows = this.store.rows(setId).filter((r) => r.items !== null);
    if (rows.length === 0)
      throw new StudioError(
        'bad_input',
        `generation set ${setId} has no ranked items (only item templates of sequential and direct recommendation rank items)`,
      );
    const templates = [...new Set(rows.map((r) => r.template))];
    const chosen = template ?? templates[0]!;
    if (!templates.includes(chosen))
      throw new StudioError('bad_input', `generation set ${setId} has no rows of template ${chosen} (it has ${templates.join(', ')})`, {
        field: 'template',
      });
    const { run } = this.deps.training.get(set.runId);
    const ids = this.store.externalIds(run.datasetId);
    const lists = rows
      .filter((r) => r.template === chosen)
      .map((r) => ({ user: ids.users.get(r.userId) ?? String(r.userId), items: r.items!.map((i) => ids.items.get(i) ?? String(i)) }));
    return { template: chosen, lists };
  }

  delete(setId: number): boolean {
    if (this.live.has(setId)) throw new StudioError('conflict', `generation set ${setId} is running: cancel it first`);
    const deleted = this.store.delete(setId);
    this.deps.events.emit('generations.changed', { setId });
    return deleted;
  }
}
