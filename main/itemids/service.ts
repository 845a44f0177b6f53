/**
 * The item-identifier service (issue #10): builds identifier sets in a worker with progress, stores them as
 * named versions of a dataset, resolves the name a run configuration gives, pages a set's items (under a code
 * prefix), and compares the runs trained on each set. Implements the itemids.* calls.
 */
import {
  DEFAULT_ID_LEVELS,
  defaultCodebook,
  ItemIdBuild,
  type ItemCode,
  type ItemIdSet,
  type ItemIdsChanged,
} from '../../preload/api-itemids';
import type { JobOwner } from '../../preload/api-jobs';
import type { WriteQueue } from '../db/busy';
import type { Db } from '../db/connection';
import { CancelledError, StudioError, workerFailure } from '../errors';
import type { StudioEvents } from '../events';
import type { JobManager } from '../jobs/manager';
import type { JobOwnership } from '../jobs/ownership';
import { runWorkerJob } from '../jobs/spawn';
import type { BuildJob } from './build';
import { ItemIdStore, type StoredItemIdSet } from './sql';
import type { ItemIdJobData, ItemIdWorkerMessage } from './worker';

export interface ItemIdDeps {
  db: Db;
  dbFile: string;
  jobs: JobManager;
  events: StudioEvents;
  /** Which process builds each set, so another studio process opening the workspace leaves a live build alone. */
  owners: JobOwnership;
  /** The worker's result is written through this, so a lock held by another process never blocks this thread. */
  writes: WriteQueue;
  dataset: (id: number) => { id: number; name: string; items: number };
}

export class ItemIdService {
  readonly store: ItemIdStore;
  private readonly live = new Map<number, string>();

  constructor(private readonly deps: ItemIdDeps) {
    this.store = new ItemIdStore(deps.db);
    this.markInterrupted();
  }

  /** Calls `listener` on each `itemids.changed` event (the contract's payload); returns the unsubscribe. */
  onChanged(listener: (e: ItemIdsChanged) => void): () => void {
    return this.deps.events.on('itemids.changed', listener);
  }

  /** Builds left unfinished whose owning process is gone were cut off; a build another live studio runs goes on. */
  markInterrupted(): number[] {
    return this.deps.owners.sweep('itemids', this.store.building(), (ids) => this.store.markInterrupted(ids));
  }

  private withLive(s: StoredItemIdSet, owners?: Map<number, JobOwner>): ItemIdSet {
    const owner = s.status === 'building' ? ((owners ?? this.deps.owners.owners('itemids')).get(s.id) ?? null) : null;
    return { ...s, jobId: this.live.get(s.id) ?? null, owner };
  }

  list(datasetId?: number): ItemIdSet[] {
    if (datasetId !== undefined) this.deps.dataset(datasetId);
    const owners = this.deps.owners.owners('itemids');
    return this.store.list(datasetId).map((s) => this.withLive(s, owners));
  }

  get(id: number): ItemIdSet {
    const s = this.store.get(id);
    if (!s) throw new StudioError('not_found', `no identifier set ${id}`);
    return this.withLive(s);
  }

  /**
   * The set a run's `itemIds` names: the newest finished version of that name on the dataset. The error lists
   * the names there are, so a typo in run.json says what would have worked.
   */
  resolve(datasetId: number, name: string): StoredItemIdSet {
    const set = this.store.newestDone(datasetId, name);
    if (set) return set;
    const names = [
      ...new Set(
        this.store
          .list(datasetId)
          .filter((s) => s.status === 'done')
          .map((s) => s.name),
      ),
    ];
    throw new StudioError(
      'bad_input',
      `itemIds: no finished identifier set "${name}" on this dataset (${names.length ? `it has ${names.join(', ')}` : 'it has none: build one on the Item IDs page or with `studio itemids build`'})`,
      { field: 'itemIds' },
    );
  }

  /** Starts a build in a worker; `onFinished` sees the set when the job ends, whatever its outcome. */
  build(req: ItemIdBuild, onFinished?: (set: ItemIdSet) => void): { setId: number; jobId: string } {
    const b = ItemIdBuild.parse(req);
    const dataset = this.deps.dataset(b.datasetId);
    if (dataset.items === 0) throw new StudioError('bad_input', `dataset "${dataset.name}" has no items`, { field: 'datasetId' });
    const semantic = {
      method: b.method,
      levels: b.levels ?? DEFAULT_ID_LEVELS,
      codebook: b.codebook ?? defaultCodebook(dataset.items),
      multiResolution: b.multiResolution,
      contentWeight: b.contentWeight,
      window: b.window,
      normalizeResiduals: b.normalizeResiduals,
      balanced: b.balanced,
      progressiveMasking: b.progressiveMasking,
      contrastive: b.contrastive,
      seed: b.seed,
    };
    const config: Record<string, unknown> = { scheme: b.scheme, contentWeight: b.contentWeight, window: b.window, seed: b.seed };
    if (b.scheme === 'semantic') Object.assign(config, semantic);
    const set = this.store.create(dataset.id, b.name ?? b.scheme, b.scheme, config, new Date().toISOString(), (id) =>
      this.deps.owners.claim('itemids', id),
    );
    const job: BuildJob = { datasetId: dataset.id, scheme: b.scheme, semantic };
    const jobId = this.deps.jobs.start<null>('itemids', `identifiers ${set.name} v${set.version} · ${dataset.name}`, (report, signal) =>
      this.runInWorker(set.id, job, report, signal),
    );
    this.live.set(set.id, jobId);
    this.deps.jobs.onFinished(jobId, (p) => {
      this.live.delete(set.id);
      void this.deps.writes
        .after(() => {
          if (!p.ok)
            this.store.fail(
              set.id,
              p.cancelled ? 'interrupted' : 'failed',
              p.cancelled ? 'cancelled' : (p.error ?? 'failed'),
              new Date().toISOString(),
            );
          this.deps.owners.release('itemids', set.id);
        })
        .catch((err: unknown) => console.error(`identifier set ${set.id}: its status was not written (${(err as Error).message})`))
        .finally(() => {
          this.deps.events.emit('itemids.changed', { setId: set.id });
          onFinished?.(this.get(set.id));
        });
    });
    this.deps.events.emit('itemids.changed', { setId: set.id });
    return { setId: set.id, jobId };
  }

  private runInWorker(
    setId: number,
    job: BuildJob,
    report: (p: { done: number; total: number | null; phase: string }) => void,
    signal: AbortSignal,
  ): Promise<null> {
    const data: ItemIdJobData = { ...job, dbFile: this.deps.dbFile };
    let done = 0;
    let total: number | null = null;
    return runWorkerJob<ItemIdWorkerMessage, null>(
      'itemids/worker',
      data,
      signal,
      // A build holds no state worth keeping: stopping it is ending the thread.
      (worker) => void worker.terminate(),
      (m) => {
        if (m.type === 'phase') report({ done, total, phase: m.phase });
        else if (m.type === 'progress') {
          ({ done, total } = m);
          report({ done, total, phase: m.phase });
        } else if (m.type === 'done') {
          if (signal.aborted) throw new CancelledError();
          const now = new Date().toISOString();
          this.deps.writes.write(() => this.store.finish(setId, m.codes, m.stats, now));
          return { value: null };
        } else throw workerFailure(m.error);
        return undefined;
      },
    );
  }

  /** A page of a set's items; `prefix` keeps those whose codes start with it, `filter` matches id, title or identifier. */
  items(id: number, q: { prefix: number[]; filter: string; offset: number; limit: number }): { total: number; rows: ItemCode[] } {
    const set = this.get(id);
    if (set.status !== 'done') throw new StudioError('conflict', `identifier set ${id} is ${set.status}`);
    const needle = q.filter.trim().toLowerCase();
    const all = this.store
      .codes(id)
      .filter((c) => q.prefix.every((v, l) => c.codes[l] === v))
      .filter((c) => !needle || [c.extId, c.title ?? '', c.identifier].some((s) => s.toLowerCase().includes(needle)));
    return { total: all.length, rows: all.slice(q.offset, q.offset + q.limit) };
  }

  /** Item id → identifier text, for a run that trains or generates with the set. */
  identifiers(id: number): Map<number, string> {
    return new Map(this.store.codes(id).map((c) => [c.itemId, c.identifier]));
  }

  map(id: number): ReturnType<ItemIdStore['map']> {
    this.get(id);
    return this.store.map(id);
  }

  delete(id: number): boolean {
    if (this.live.has(id)) throw new StudioError('conflict', `identifier set ${id} is being built: cancel its job first`);
    const deleted = this.store.delete(id);
    this.deps.events.emit('itemids.changed', { setId: id });
    return deleted;
  }
}
