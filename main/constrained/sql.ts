import type { Db } from '../db/connection';
import type { BaselineConfig, BaselineData, BaselineModel, BaselineOutcome, RatingRow } from './types';

export interface BaselineRunRecord {
  id: number;
  datasetId: number;
  datasetName: string;
  model: BaselineModel;
  config: BaselineConfig;
  status: 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';
  outcome: BaselineOutcome | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

interface Raw {
  id: number;
  dataset_id: number;
  name: string;
  model: BaselineModel;
  config: string;
  status: BaselineRunRecord['status'];
  outcome: string | null;
  error: string | null;
  created_at: string;
  finished_at: string | null;
}

const SELECT = `SELECT b.*, d.name FROM baseline_runs b JOIN datasets d ON d.id = b.dataset_id`;

function toRecord(r: Raw): BaselineRunRecord {
  return {
    id: r.id,
    datasetId: r.dataset_id,
    datasetName: r.name,
    model: r.model,
    config: JSON.parse(r.config) as BaselineConfig,
    status: r.status,
    outcome: r.outcome ? (JSON.parse(r.outcome) as BaselineOutcome) : null,
    error: r.error,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  };
}

/** The baselines feature's SQL. */
export class BaselineStore {
  private readonly s;

  constructor(private readonly db: Db) {
    this.s = {
      insert: db.prepare(`INSERT INTO baseline_runs (dataset_id, model, config, status, created_at) VALUES (?, ?, ?, 'running', ?)`),
      finish: db.prepare(`UPDATE baseline_runs SET status = ?, outcome = ?, error = ?, finished_at = ? WHERE id = ?`),
      interrupt: db.prepare(
        `UPDATE baseline_runs SET status = 'interrupted', error = 'the studio process running it stopped during the run' WHERE id = ? AND status = 'running'`,
      ),
      running: db.prepare<[], number>(`SELECT id FROM baseline_runs WHERE status = 'running'`).pluck(),
      all: db.prepare<[], Raw>(`${SELECT} ORDER BY b.id DESC`),
      byDataset: db.prepare<[number], Raw>(`${SELECT} WHERE b.dataset_id = ? ORDER BY b.id DESC`),
      one: db.prepare<[number], Raw>(`${SELECT} WHERE b.id = ?`),
      remove: db.prepare(`DELETE FROM baseline_runs WHERE id = ?`),
      rows: db.prepare<[number], { split: string; userId: number; itemId: number; rating: number; features: string; attrs: string }>(
        `SELECT x.split, x.user_id AS userId, x.item_id AS itemId, x.rating, u.features, t.attrs
         FROM interactions x JOIN users u ON u.id = x.user_id JOIN items t ON t.id = x.item_id
         WHERE x.dataset_id = ? AND x.rating IS NOT NULL AND x.split IS NOT NULL ORDER BY x.id`,
      ),
    };
  }

  /** Runs whose status is running (some may have lost their process: see JobOwnership). */
  running(): number[] {
    return this.s.running.all();
  }

  /** Runs left 'running' by a crash or a kill are shown as interrupted, never as still running. */
  markInterrupted(ids: readonly number[]): void {
    for (const id of ids) this.s.interrupt.run(id);
  }

  /** A new run, running, with its owner recorded (`claim`) in the same transaction. */
  create(datasetId: number, config: BaselineConfig, now: Date, claim: (id: number) => void): number {
    return this.db
      .transaction(() => {
        const id = Number(this.s.insert.run(datasetId, config.model, JSON.stringify(config), now.toISOString()).lastInsertRowid);
        claim(id);
        return id;
      })
      .immediate();
  }

  finish(id: number, status: BaselineRunRecord['status'], outcome: BaselineOutcome | null, error: string | null, now: Date): void {
    this.s.finish.run(status, outcome ? JSON.stringify(outcome) : null, error, now.toISOString(), id);
  }

  list(datasetId?: number): BaselineRunRecord[] {
    return (datasetId === undefined ? this.s.all.all() : this.s.byDataset.all(datasetId)).map(toRecord);
  }

  get(id: number): BaselineRunRecord | undefined {
    const r = this.s.one.get(id);
    return r && toRecord(r);
  }

  remove(id: number): boolean {
    return this.s.remove.run(id).changes > 0;
  }

  /** Rated interactions of a split dataset with the user's features and the item's attributes. */
  data(datasetId: number): BaselineData {
    const data: BaselineData = { train: [], valid: [], test: [] };
    for (const r of this.s.rows.iterate(datasetId)) {
      const row: RatingRow = {
        userId: r.userId,
        itemId: r.itemId,
        rating: r.rating,
        user: JSON.parse(r.features) as Record<string, unknown>,
        item: JSON.parse(r.attrs) as Record<string, unknown>,
      };
      data[r.split as keyof BaselineData].push(row);
    }
    return data;
  }
}
