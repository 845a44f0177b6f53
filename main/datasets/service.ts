import type { DatasetStats, DatasetSummary, SplitInfo } from '../../preload/api';
import type { Db } from '../db/connection';
import { StudioError, notFound } from '../errors';
import { histogram } from './histogram';
import { leaveOneOut, SPLIT_RULE } from './split';
import { DatasetStore, type PageQuery } from './sql';

/** The datasets feature: everything the window and the CLI do with imported data, apart from importing it. */
export class DatasetService {
  readonly store: DatasetStore;

  constructor(db: Db) {
    this.store = new DatasetStore(db);
  }

  list(): DatasetSummary[] {
    return this.store.list();
  }

  get(id: number): DatasetSummary {
    const d = this.store.get(id);
    if (!d) throw notFound(`dataset ${id}`);
    return d;
  }

  /** Accepts a numeric id or a name, as the CLI does. */
  resolve(ref: string): DatasetSummary {
    const byName = this.store.findByName(ref);
    if (byName) return byName;
    if (/^\d+$/.test(ref)) {
      const byId = this.store.get(Number(ref));
      if (byId) return byId;
    }
    throw notFound(`dataset "${ref}"`);
  }

  rename(id: number, name: string): DatasetSummary {
    this.get(id);
    const clash = this.store.findByName(name);
    if (clash && clash.id !== id) throw new StudioError('conflict', `a dataset named "${name}" already exists`);
    this.store.rename(id, name);
    return this.get(id);
  }

  remove(id: number): boolean {
    this.get(id);
    return this.store.remove(id);
  }

  split(id: number, now = new Date()): SplitInfo {
    this.get(id);
    const assignment = leaveOneOut(this.store.splitInput(id));
    this.store.writeSplit(id, assignment, SPLIT_RULE, now.toISOString());
    const split = this.get(id).split;
    if (!split) throw new StudioError('internal', 'split was not recorded');
    return split;
  }

  stats(id: number): DatasetStats {
    const d = this.get(id);
    const { ratings, perUser, perItem, text } = this.store.statsInput(id);
    const cells = d.users * d.items;
    return {
      users: d.users,
      items: d.items,
      interactions: d.interactions,
      density: cells > 0 ? d.interactions / cells : 0,
      ratings: histogram(ratings, 20),
      perUser: histogram(perUser),
      perItem: histogram(perItem),
      // Sequence length as a model sees it: capped like a context window would, linear bins.
      sequenceLength: histogram(
        perUser.map((n) => Math.min(n, 200)),
        40,
      ),
      withReview: text.reviews,
      withSummary: text.summaries,
      firstTimestamp: text.first,
      lastTimestamp: text.last,
    };
  }

  page(kind: 'users', q: Parameters<DatasetStore['users']>[0]): ReturnType<DatasetStore['users']>;
  page(kind: 'items', q: Parameters<DatasetStore['items']>[0]): ReturnType<DatasetStore['items']>;
  page(kind: 'interactions', q: Parameters<DatasetStore['interactions']>[0]): ReturnType<DatasetStore['interactions']>;
  page(kind: 'users' | 'items' | 'interactions', q: PageQuery & { sort: never }): unknown {
    this.get(q.datasetId);
    if (kind === 'users') return this.store.users(q);
    if (kind === 'items') return this.store.items(q);
    return this.store.interactions(q);
  }
}
