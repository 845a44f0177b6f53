/** LUM's SQL: its runs, their per-step metrics, checkpoints and rankings; and the dataset rows a run reads. */
import type { Statement } from 'better-sqlite3';
import type {
  LumMetric,
  LumRanking,
  LumRankingReport,
  LumResolved,
  LumRun,
  LumStatus,
  LumSummary,
  RankVariant,
} from '../../preload/api-lum';
import type { Db } from '../db/connection';
import { prepareRows, type LumInteraction, type LumRows } from './data';

interface RunRow {
  id: number;
  dataset_id: number;
  name: string;
  config: string;
  resolved: string | null;
  status: LumStatus;
  backend: string | null;
  backend_note: string | null;
  steps_done: number;
  total_steps: number | null;
  error: string | null;
  summary: string | null;
  created_at: string;
  updated_at: string;
  last_loss: number | null;
  last_checkpoint: number | null;
}
interface MetricRow {
  step: number;
  loss: number;
  accuracy: number;
  lr: number;
  grad_norm: number;
  tokens: number;
  tokens_per_second: number;
  elapsed: number;
}
interface RankingRow {
  id: number;
  run_id: number;
  variant: RankVariant;
  checkpoint: number;
  auc: number;
  gauc: number;
  report: string;
  created_at: string;
}

export type StoredLumRun = Omit<LumRun, 'jobId' | 'owner' | 'rankJobId' | 'rankings'>;

const SELECT_RUN = `SELECT r.*, (SELECT loss FROM lum_metrics m WHERE m.run_id = r.id ORDER BY step DESC LIMIT 1) AS last_loss,
  (SELECT MAX(step) FROM lum_checkpoints c WHERE c.run_id = r.id) AS last_checkpoint FROM lum_runs r`;

const toRun = (r: RunRow): StoredLumRun => ({
  id: r.id,
  datasetId: r.dataset_id,
  name: r.name,
  config: JSON.parse(r.config) as Record<string, unknown>,
  resolved: r.resolved === null ? null : (JSON.parse(r.resolved) as LumResolved),
  status: r.status,
  backend: r.backend,
  backendNote: r.backend_note,
  stepsDone: r.steps_done,
  totalSteps: r.total_steps,
  error: r.error,
  summary: r.summary === null ? null : (JSON.parse(r.summary) as LumSummary),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  lastLoss: r.last_loss,
  lastCheckpoint: r.last_checkpoint,
});

const toMetric = (r: MetricRow): LumMetric => ({
  step: r.step,
  loss: r.loss,
  accuracy: r.accuracy,
  lr: r.lr,
  gradNorm: r.grad_norm,
  tokens: r.tokens,
  tokensPerSecond: r.tokens_per_second,
  elapsed: r.elapsed,
});

const toRanking = (r: RankingRow): LumRanking => ({
  id: r.id,
  runId: r.run_id,
  variant: r.variant,
  checkpoint: r.checkpoint,
  auc: r.auc,
  gauc: r.gauc,
  report: JSON.parse(r.report) as LumRankingReport,
  createdAt: r.created_at,
});

export class LumStore {
  private readonly s: Record<string, Statement>;
  constructor(private readonly db: Db) {
    this.s = {
      create: db.prepare(
        "INSERT INTO lum_runs (dataset_id, name, config, status, created_at, updated_at) VALUES (?, ?, ?, 'running', ?, ?)",
      ),
      get: db.prepare(`${SELECT_RUN} WHERE r.id = ?`),
      list: db.prepare(`${SELECT_RUN} ORDER BY r.id DESC`),
      listDataset: db.prepare(`${SELECT_RUN} WHERE r.dataset_id = ? ORDER BY r.id DESC`),
      started: db.prepare('UPDATE lum_runs SET resolved = ?, backend = ?, backend_note = ?, total_steps = ?, updated_at = ? WHERE id = ?'),
      status: db.prepare('UPDATE lum_runs SET status = ?, error = ?, updated_at = ? WHERE id = ?'),
      summary: db.prepare('UPDATE lum_runs SET summary = ?, total_steps = COALESCE(total_steps, ?), updated_at = ? WHERE id = ?'),
      progress: db.prepare('UPDATE lum_runs SET steps_done = ?, updated_at = ? WHERE id = ?'),
      metric: db.prepare(
        'INSERT OR REPLACE INTO lum_metrics (run_id, step, loss, accuracy, lr, grad_norm, tokens, tokens_per_second, elapsed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      metrics: db.prepare(
        'SELECT step, loss, accuracy, lr, grad_norm, tokens, tokens_per_second, elapsed FROM lum_metrics WHERE run_id = ? ORDER BY step',
      ),
      dropMetricsFrom: db.prepare('DELETE FROM lum_metrics WHERE run_id = ? AND step >= ?'),
      checkpoint: db.prepare('INSERT OR REPLACE INTO lum_checkpoints (run_id, step, file, bytes, created_at) VALUES (?, ?, ?, ?, ?)'),
      checkpoints: db.prepare('SELECT step, file, bytes, created_at FROM lum_checkpoints WHERE run_id = ? ORDER BY step'),
      dropCheckpoint: db.prepare('DELETE FROM lum_checkpoints WHERE run_id = ? AND step = ?'),
      ranking: db.prepare(
        'INSERT INTO lum_rankings (run_id, variant, checkpoint, auc, gauc, report, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      // The newest ranking of each variant.
      rankings: db.prepare(
        `SELECT * FROM lum_rankings k WHERE k.run_id = ? AND k.id = (SELECT MAX(id) FROM lum_rankings j WHERE j.run_id = k.run_id AND j.variant = k.variant)
         ORDER BY CASE variant WHEN 'full' THEN 0 WHEN 'direct' THEN 1 ELSE 2 END`,
      ),
      delete: db.prepare('DELETE FROM lum_runs WHERE id = ?'),
    };
  }

  create(datasetId: number, name: string, config: unknown, now: string): number {
    return Number(this.s.create!.run(datasetId, name, JSON.stringify(config), now, now).lastInsertRowid);
  }

  get(id: number): StoredLumRun | undefined {
    const r = this.s.get!.get(id) as RunRow | undefined;
    return r && toRun(r);
  }

  list(datasetId?: number): StoredLumRun[] {
    return ((datasetId === undefined ? this.s.list!.all() : this.s.listDataset!.all(datasetId)) as RunRow[]).map(toRun);
  }

  started(id: number, resolved: LumResolved, backend: string, note: string, totalSteps: number | null, now: string): void {
    this.s.started!.run(JSON.stringify(resolved), backend, note, totalSteps, now, id);
  }

  setStatus(id: number, status: LumStatus, error: string | null, now: string): void {
    this.s.status!.run(status, error, now, id);
  }

  /** The summary; a time-bounded run learns its step count only here. */
  setSummary(id: number, summary: LumSummary, now: string): void {
    this.s.summary!.run(JSON.stringify(summary), summary.steps, now, id);
  }

  addMetric(id: number, m: LumMetric, now: string): void {
    this.db.transaction(() => {
      this.s.metric!.run(id, m.step, m.loss, m.accuracy, m.lr, m.gradNorm, m.tokens, m.tokensPerSecond, m.elapsed);
      this.s.progress!.run(m.step + 1, now, id);
    })();
  }

  metrics(id: number): LumMetric[] {
    return (this.s.metrics!.all(id) as MetricRow[]).map(toMetric);
  }

  /** A resumed run recomputes the steps after its checkpoint; their old rows go so curves never mix two attempts. */
  dropMetricsFrom(id: number, step: number): void {
    this.s.dropMetricsFrom!.run(id, step);
    this.s.progress!.run(step, new Date().toISOString(), id);
  }

  /** Sets the run running from `fromStep` (later metrics dropped) and records its owner (`claim`), in one transaction. */
  begin(id: number, fromStep: number, now: string, claim: () => void): void {
    this.db
      .transaction(() => {
        this.s.status!.run('running', null, now, id);
        this.dropMetricsFrom(id, fromStep);
        claim();
      })
      .immediate();
  }

  addCheckpoint(id: number, step: number, file: string, bytes: number, now: string): void {
    this.s.checkpoint!.run(id, step, file, bytes, now);
  }

  checkpoints(id: number): { step: number; file: string; bytes: number; createdAt: string }[] {
    return (this.s.checkpoints!.all(id) as { step: number; file: string; bytes: number; created_at: string }[]).map((c) => ({
      step: c.step,
      file: c.file,
      bytes: c.bytes,
      createdAt: c.created_at,
    }));
  }

  dropCheckpoint(id: number, step: number): void {
    this.s.dropCheckpoint!.run(id, step);
  }

  addRanking(id: number, variant: RankVariant, checkpoint: number, auc: number, gauc: number, report: LumRankingReport, now: string): void {
    this.s.ranking!.run(id, variant, checkpoint, auc, gauc, JSON.stringify(report), now);
  }

  rankings(id: number): LumRanking[] {
    return (this.s.rankings!.all(id) as RankingRow[]).map(toRanking);
  }

  delete(id: number): boolean {
    return this.s.delete!.run(id).changes > 0;
  }
}

interface UserRow {
  id: number;
  ext_id: string;
  features: string;
}
interface ItemRow {
  id: number;
  ext_id: string;
  title: string | null;
  attrs: string;
}
interface InterRow {
  user_id: number;
  item_id: number;
  rating: number | null;
  ts: number | null;
  seq: number;
}

/** A dataset's users (with features), items (with attributes) and every user's interactions in time order. */
export function readLumRows(db: Db, datasetId: number): LumRows {
  const users = (db.prepare('SELECT id, ext_id, features FROM users WHERE dataset_id = ? ORDER BY id').all(datasetId) as UserRow[]).map(
    (u) => ({
      id: u.id,
      extId: u.ext_id,
      features: JSON.parse(u.features) as Record<string, unknown>,
    }),
  );
  const items = readLumItems(db, datasetId);
  const sequences = new Map<number, LumInteraction[]>();
  const rows = db
    .prepare('SELECT user_id, item_id, rating, ts, seq FROM interactions WHERE dataset_id = ?')
    .iterate(datasetId) as Iterable<InterRow>;
  for (const r of rows) {
    const x = { itemId: r.item_id, rating: r.rating, ts: r.ts, seq: r.seq };
    const list = sequences.get(r.user_id);
    if (list) list.push(x);
    else sequences.set(r.user_id, [x]);
  }
  return prepareRows({ users, items, sequences });
}

/** The items alone (the condition picker needs no interactions). */
export function readLumItems(db: Db, datasetId: number): LumRows['items'] {
  return (db.prepare('SELECT id, ext_id, title, attrs FROM items WHERE dataset_id = ? ORDER BY id').all(datasetId) as ItemRow[]).map(
    (r) => ({
      id: r.id,
      extId: r.ext_id,
      title: r.title,
      attrs: JSON.parse(r.attrs) as Record<string, unknown>,
    }),
  );
}

/** The ids among `extIds` that name no user of the dataset. */
export function missingUsers(db: Db, datasetId: number, extIds: readonly string[]): string[] {
  const has = db.prepare('SELECT 1 FROM users WHERE dataset_id = ? AND ext_id = ?').pluck();
  return extIds.filter((x) => has.get(datasetId, x) === undefined);
}
