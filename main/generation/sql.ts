/** The generation feature's SQL: generation sets and their rows (baseline reports: evaluation/sql.ts). */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/connection';
import type { Decoding, GenerationRow, GenerationSet } from '../../preload/api-generation';
import type { ExampleSplit, Family } from '../../preload/api-templates';

interface SetRow {
  id: number;
  run_id: number;
  checkpoint: number;
  family: Family;
  split: ExampleSplit;
  decoding: string;
  exclude_history: number;
  templates: string | null;
  row_limit: number | null;
  status: GenerationSet['status'];
  total: number | null;
  error: string | null;
  created_at: string;
  done: number;
  invalid: number;
  ms_per_example: number | null;
}
interface GenRow {
  example: number;
  template: string;
  seen: number;
  user_id: number;
  /** The dataset's own id of the user (what people read). */
  user_ext: string | null;
  input: string;
  output: string;
  reference: string;
  score: number;
  rank: number | null;
  sampled_rank: number | null;
  valid: number | null;
  items: string | null;
  target_item: number | null;
}

export type StoredSet = Omit<GenerationSet, 'jobId' | 'owner'>;

/** A page of a set's rows, filtered as the Generations page filters them. */
export interface RowQuery {
  offset: number;
  limit: number;
  template?: string | undefined;
  outcome: 'any' | 'hit' | 'miss' | 'invalid';
  text?: string | undefined;
}

const SELECT_SET = `SELECT s.*, (SELECT COUNT(*) FROM generations g WHERE g.set_id = s.id) AS done,
  (SELECT COUNT(*) FROM generations g WHERE g.set_id = s.id AND g.valid = 0) AS invalid FROM generation_sets s`;

const toSet = (r: SetRow): StoredSet => ({
  id: r.id,
  runId: r.run_id,
  checkpoint: r.checkpoint,
  family: r.family,
  split: r.split,
  decoding: JSON.parse(r.decoding) as Decoding,
  excludeHistory: r.exclude_history === 1,
  templates: r.templates === null ? null : (JSON.parse(r.templates) as string[]),
  limit: r.row_limit,
  status: r.status,
  done: r.done,
  total: r.total,
  invalidItems: r.invalid,
  error: r.error,
  createdAt: r.created_at,
  msPerExample: r.ms_per_example,
});

const USER_EXT = '(SELECT u.ext_id FROM users u WHERE u.id = generations.user_id) AS user_ext';

export const toGeneration = (r: GenRow): GenerationRow => ({
  index: r.example,
  template: r.template,
  seen: r.seen === 1,
  userId: r.user_id,
  userExt: r.user_ext ?? String(r.user_id),
  input: r.input,
  output: r.output,
  reference: r.reference,
  score: r.score,
  rank: r.rank,
  sampledRank: r.sampled_rank,
  valid: r.valid === null ? null : r.valid === 1,
  items: r.items === null ? null : (JSON.parse(r.items) as number[]),
  target: r.target_item,
});

export class GenerationStore {
  private readonly s: Record<string, Statement>;
  constructor(private readonly db: Db) {
    this.s = {
      create: db.prepare(
        "INSERT INTO generation_sets (run_id, checkpoint, family, split, decoding, exclude_history, templates, row_limit, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?)",
      ),
      get: db.prepare(`${SELECT_SET} WHERE s.id = ?`),
      list: db.prepare(`${SELECT_SET} ORDER BY s.id DESC`),
      listRun: db.prepare(`${SELECT_SET} WHERE s.run_id = ? ORDER BY s.id DESC`),
      status: db.prepare('UPDATE generation_sets SET status = ?, error = ?, updated_at = ? WHERE id = ?'),
      total: db.prepare('UPDATE generation_sets SET total = ?, updated_at = ? WHERE id = ?'),
      timing: db.prepare('UPDATE generation_sets SET ms_per_example = ?, updated_at = ? WHERE id = ?'),
      interrupted: db.prepare("UPDATE generation_sets SET status = 'interrupted' WHERE id = ? AND status = 'running'"),
      running: db.prepare("SELECT id FROM generation_sets WHERE status = 'running'"),
      insert: db.prepare(
        'INSERT OR REPLACE INTO generations (set_id, example, template, seen, user_id, input, output, reference, score, rank, sampled_rank, valid, items, target_item) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      examples: db.prepare('SELECT example FROM generations WHERE set_id = ?'),
      all: db.prepare(`SELECT *, ${USER_EXT} FROM generations WHERE set_id = ? ORDER BY example`),
      delete: db.prepare('DELETE FROM generation_sets WHERE id = ?'),
      // Items in some user's training part of the leave-one-out split (all but the last two, time then file order).
      warm: db.prepare(
        `SELECT DISTINCT item_id FROM (
           SELECT item_id, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY ts DESC, seq DESC) AS back, COUNT(*) OVER (PARTITION BY user_id) AS n
           FROM interactions WHERE dataset_id = ?)
         WHERE back > CASE WHEN n >= 3 THEN 2 WHEN n = 2 THEN 1 ELSE 0 END`,
      ),
    };
  }

  create(
    runId: number,
    checkpoint: number,
    family: Family,
    split: ExampleSplit,
    decoding: Decoding,
    excludeHistory: boolean,
    templates: string[] | null,
    limit: number | null,
    now: string,
  ): number {
    return Number(
      this.s.create!.run(
        runId,
        checkpoint,
        family,
        split,
        JSON.stringify(decoding),
        excludeHistory ? 1 : 0,
        templates ? JSON.stringify(templates) : null,
        limit,
        now,
        now,
      ).lastInsertRowid,
    );
  }

  get(id: number): StoredSet | undefined {
    const r = this.s.get!.get(id) as SetRow | undefined;
    return r && toSet(r);
  }

  list(runId?: number): StoredSet[] {
    return ((runId === undefined ? this.s.list!.all() : this.s.listRun!.all(runId)) as SetRow[]).map(toSet);
  }

  setStatus(id: number, status: StoredSet['status'], error: string | null, now: string): void {
    this.s.status!.run(status, error, now, id);
  }

  setTotal(id: number, total: number, now: string): void {
    this.s.total!.run(total, now, id);
  }

  setTiming(id: number, msPerExample: number, now: string): void {
    this.s.timing!.run(msPerExample, now, id);
  }

  /** Sets whose status is running (some may have lost their process: see JobOwnership). */
  running(): number[] {
    return this.s.running!.pluck().all() as number[];
  }

  markInterrupted(ids: readonly number[]): void {
    for (const id of ids) this.s.interrupted!.run(id);
  }

  /** Sets the set running and records its owner (`claim`), in one transaction. */
  begin(id: number, now: string, claim: () => void): void {
    this.db
      .transaction(() => {
        this.s.status!.run('running', null, now, id);
        claim();
      })
      .immediate();
  }

  /** Writes a batch of rows in one transaction. */
  insert(setId: number, rows: readonly GenerationRow[]): void {
    this.db.transaction(() => {
      for (const g of rows) {
        this.s.insert!.run(
          setId,
          g.index,
          g.template,
          g.seen ? 1 : 0,
          g.userId,
          g.input,
          g.output,
          g.reference,
          g.score,
          g.rank,
          g.sampledRank,
          g.valid === null ? null : g.valid ? 1 : 0,
          g.items === null ? null : JSON.stringify(g.items),
          g.target,
        );
      }
    })();
  }

  doneExamples(setId: number): Set<number> {
    return new Set(this.s.examples!.pluck().all(setId) as number[]);
  }

  rows(setId: number): GenerationRow[] {
    return (this.s.all!.all(setId) as GenRow[]).map(toGeneration);
  }

  /** A filtered page of rows (the Generations page). */
  page(setId: number, q: RowQuery): { total: number; rows: GenerationRow[] } {
    const where = ['set_id = ?'];
    const params: (string | number)[] = [setId];
    if (q.template) {
      where.push('template = ?');
      params.push(q.template);
    }
    if (q.outcome === 'hit') where.push('rank IS NOT NULL AND rank <= 10');
    if (q.outcome === 'miss') where.push('(rank IS NULL OR rank > 10)');
    if (q.outcome === 'invalid') where.push('valid = 0');
    if (q.text) {
      where.push("(input LIKE ? ESCAPE '\\' OR output LIKE ? ESCAPE '\\' OR reference LIKE ? ESCAPE '\\')");
      const like = `%${q.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      params.push(like, like, like);
    }
    const clause = where.join(' AND ');
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM generations WHERE ${clause}`).get(...params) as { n: number }).n;
    const rows = (
      this.db
        .prepare(`SELECT *, ${USER_EXT} FROM generations WHERE ${clause} ORDER BY example LIMIT ? OFFSET ?`)
        .all(...params, q.limit, q.offset) as GenRow[]
    ).map(toGeneration);
    return { total, rows };
  }

  delete(id: number): boolean {
    return this.s.delete!.run(id).changes > 0;
  }

  /** The dataset's own ids of its users and items, for lists read outside the studio. */
  externalIds(datasetId: number): { users: Map<number, string>; items: Map<number, string> } {
    const pairs = (sql: string): Map<number, string> =>
      new Map((this.db.prepare(sql).all(datasetId) as { id: number; ext_id: string }[]).map((r) => [r.id, r.ext_id]));
    return {
      users: pairs('SELECT id, ext_id FROM users WHERE dataset_id = ?'),
      items: pairs('SELECT id, ext_id FROM items WHERE dataset_id = ?'),
    };
  }

  /** Items that appear in training sequences (warm); the rest of the catalog is cold. */
  warmItems(datasetId: number): Set<number> {
    return new Set(this.s.warm!.pluck().all(datasetId) as number[]);
  }
}
