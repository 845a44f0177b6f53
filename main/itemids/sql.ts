/** The item-identifier feature's SQL: identifier sets (named, versioned) and their codes per item. */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/connection';
import type { ItemCode, ItemIdScheme, ItemIdSet, ItemIdStats } from '../../preload/api-itemids';

interface SetRow {
  id: number;
  dataset_id: number;
  name: string;
  version: number;
  scheme: ItemIdScheme;
  config: string;
  status: ItemIdSet['status'];
  stats: string | null;
  error: string | null;
  created_at: string;
}
interface CodeRow {
  item_id: number;
  ext_id: string;
  title: string | null;
  codes: string;
  identifier: string;
  cold: number;
}

export type StoredItemIdSet = Omit<ItemIdSet, 'jobId' | 'owner'>;

const toSet = (r: SetRow): StoredItemIdSet => ({
  id: r.id,
  datasetId: r.dataset_id,
  name: r.name,
  version: r.version,
  scheme: r.scheme,
  config: JSON.parse(r.config) as Record<string, unknown>,
  status: r.status,
  stats: r.stats === null ? null : (JSON.parse(r.stats) as ItemIdStats),
  error: r.error,
  createdAt: r.created_at,
});

const toCode = (r: CodeRow): ItemCode => ({
  itemId: r.item_id,
  extId: r.ext_id,
  title: r.title,
  codes: JSON.parse(r.codes) as number[],
  identifier: r.identifier,
  cold: r.cold === 1,
});

/** What a finished build writes per item. */
export interface CodeWrite {
  itemId: number;
  codes: readonly number[];
  identifier: string;
  cold: boolean;
  x: number;
  y: number;
}

const CODE_COLUMNS = 'c.item_id, i.ext_id, i.title, c.codes, c.identifier, c.cold';

export class ItemIdStore {
  private readonly s: Record<string, Statement>;
  constructor(private readonly db: Db) {
    this.s = {
      nextVersion: db.prepare('SELECT COALESCE(MAX(version), 0) + 1 FROM item_id_sets WHERE dataset_id = ? AND name = ?'),
      create: db.prepare(
        "INSERT INTO item_id_sets (dataset_id, name, version, scheme, config, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'building', ?, ?)",
      ),
      get: db.prepare('SELECT * FROM item_id_sets WHERE id = ?'),
      list: db.prepare('SELECT * FROM item_id_sets ORDER BY dataset_id, name, version DESC'),
      listDataset: db.prepare('SELECT * FROM item_id_sets WHERE dataset_id = ? ORDER BY name, version DESC'),
      newestDone: db.prepare(
        "SELECT * FROM item_id_sets WHERE dataset_id = ? AND name = ? AND status = 'done' ORDER BY version DESC LIMIT 1",
      ),
      finish: db.prepare("UPDATE item_id_sets SET status = 'done', stats = ?, error = NULL, updated_at = ? WHERE id = ?"),
      fail: db.prepare('UPDATE item_id_sets SET status = ?, error = ?, updated_at = ? WHERE id = ?'),
      interrupted: db.prepare("UPDATE item_id_sets SET status = 'interrupted' WHERE id = ? AND status = 'building'"),
      building: db.prepare("SELECT id FROM item_id_sets WHERE status = 'building'"),
      insertCode: db.prepare('INSERT INTO item_codes (set_id, item_id, codes, identifier, cold, x, y) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      codes: db.prepare(`SELECT ${CODE_COLUMNS} FROM item_codes c JOIN items i ON i.id = c.item_id WHERE c.set_id = ? ORDER BY c.item_id`),
      map: db.prepare('SELECT item_id, x, y, codes, cold FROM item_codes WHERE set_id = ? ORDER BY item_id'),
      delete: db.prepare('DELETE FROM item_id_sets WHERE id = ?'),
    };
  }

  /** A new set in status building, at the next version of its name. */
  create(
    datasetId: number,
    name: string,
    scheme: ItemIdScheme,
    config: Record<string, unknown>,
    now: string,
    claim: (id: number) => void,
  ): StoredItemIdSet {
    const id = this.db
      .transaction(() => {
        const version = this.s.nextVersion!.pluck().get(datasetId, name) as number;
        const id = Number(this.s.create!.run(datasetId, name, version, scheme, JSON.stringify(config), now, now).lastInsertRowid);
        claim(id);
        return id;
      })
      .immediate();
    return this.get(id)!;
  }

  get(id: number): StoredItemIdSet | null {
    const r = this.s.get!.get(id) as SetRow | undefined;
    return r ? toSet(r) : null;
  }

  list(datasetId?: number): StoredItemIdSet[] {
    const rows = (datasetId === undefined ? this.s.list!.all() : this.s.listDataset!.all(datasetId)) as SetRow[];
    return rows.map(toSet);
  }

  /** The newest finished version of a name: what a run's `itemIds` resolves to. */
  newestDone(datasetId: number, name: string): StoredItemIdSet | null {
    const r = this.s.newestDone!.get(datasetId, name) as SetRow | undefined;
    return r ? toSet(r) : null;
  }

  /** Writes every item's codes and marks the set done, in one transaction. */
  finish(id: number, codes: readonly CodeWrite[], stats: ItemIdStats, now: string): void {
    this.db
      .transaction(() => {
        for (const c of codes) this.s.insertCode!.run(id, c.itemId, JSON.stringify(c.codes), c.identifier, c.cold ? 1 : 0, c.x, c.y);
        this.s.finish!.run(JSON.stringify(stats), now, id);
      })
      .immediate();
  }

  fail(id: number, status: 'failed' | 'interrupted', error: string | null, now: string): void {
    this.s.fail!.run(status, error, now, id);
  }

  /** Sets still building (some may have lost their process: see JobOwnership). */
  building(): number[] {
    return this.s.building!.pluck().all() as number[];
  }

  markInterrupted(ids: readonly number[]): void {
    for (const id of ids) this.s.interrupted!.run(id);
  }

  codes(id: number): ItemCode[] {
    return (this.s.codes!.all(id) as CodeRow[]).map(toCode);
  }

  map(id: number): { itemId: number; x: number; y: number; first: number | null; cold: boolean }[] {
    return (this.s.map!.all(id) as { item_id: number; x: number; y: number; codes: string; cold: number }[]).map((r) => ({
      itemId: r.item_id,
      x: r.x,
      y: r.y,
      first: (JSON.parse(r.codes) as number[])[0] ?? null,
      cold: r.cold === 1,
    }));
  }

  delete(id: number): boolean {
    return this.s.delete!.run(id).changes > 0;
  }
}
