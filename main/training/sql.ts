/** The training feature's SQL: runs, their per-step metrics and their checkpoints. */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/connection';
import type { MetricPoint, Run, RunStatus, RunSummaryStats, ValidationPoint } from '../../preload/api-training';
import { storedRunConfig } from './config';

interface RunRow {
  id: number;
  dataset_id: number;
  name: string;
  config: string;
  resolved: string | null;
  status: RunStatus;
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
  phase: 'pretrain' | 'finetune';
  loss: number;
  lr: number;
  grad_norm: number;
  tokens_per_second: number;
  elapsed: number;
  by_family: string;
}

const SELECT_RUN = `SELECT r.*, (SELECT loss FROM run_metrics m WHERE m.run_id = r.id ORDER BY step DESC LIMIT 1) AS last_loss,
  (SELECT MAX(step) FROM run_checkpoints c WHERE c.run_id = r.id) AS last_checkpoint FROM runs r`;

export type StoredRun = Omit<Run, 'jobId' | 'owner'>;

const toRun = (r: RunRow): StoredRun => ({
  id: r.id,
  datasetId: r.dataset_id,
  name: r.name,
  config: storedRunConfig(JSON.parse(r.config)),
  resolved: r.resolved === null ? null : (JSON.parse(r.resolved) as Record<string, unknown>),
  status: r.status,
  backend: r.backend,
  backendNote: r.backend_note,
  stepsDone: r.steps_done,
  totalSteps: r.total_steps,
  error: r.error,
  summary: r.summary === null ? null : (JSON.parse(r.summary) as RunSummaryStats),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  lastLoss: r.last_loss,
  lastCheckpoint: r.last_checkpoint,
});

const toMetric = (r: MetricRow): MetricPoint => ({
  step: r.step,
  phase: r.phase,
  loss: r.loss,
  lr: r.lr,
  gradNorm: r.grad_norm,
  tokensPerSecond: r.tokens_per_second,
  elapsed: r.elapsed,
  byFamily: JSON.parse(r.by_family) as Record<string, number>,
});

export class RunStore {
  private readonly s: Record<string, Statement>;
  constructor(private readonly db: Db) {
    this.s = {
      create: db.prepare("INSERT INTO runs (dataset_id, name, config, status, created_at, updated_at) VALUES (?, ?, ?, 'running', ?, ?)"),
      get: db.prepare(`${SELECT_RUN} WHERE r.id = ?`),
      list: db.prepare(`${SELECT_RUN} ORDER BY r.id DESC`),
      listDataset: db.prepare(`${SELECT_RUN} WHERE r.dataset_id = ? ORDER BY r.id DESC`),
      started: db.prepare('UPDATE runs SET resolved = ?, backend = ?, backend_note = ?, total_steps = ?, updated_at = ? WHERE id = ?'),
      resized: db.prepare('UPDATE runs SET resolved = ?, total_steps = ?, updated_at = ? WHERE id = ?'),
      status: db.prepare('UPDATE runs SET status = ?, error = ?, updated_at = ? WHERE id = ?'),
      summary: db.prepare('UPDATE runs SET summary = ?, updated_at = ? WHERE id = ?'),
      progress: db.prepare('UPDATE runs SET steps_done = ?, updated_at = ? WHERE id = ?'),
      metric: db.prepare(
        'INSERT OR REPLACE INTO run_metrics (run_id, step, phase, loss, lr, grad_norm, tokens_per_second, elapsed, by_family) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      metrics: db.prepare(
        'SELECT step, phase, loss, lr, grad_norm, tokens_per_second, elapsed, by_family FROM run_metrics WHERE run_id = ? ORDER BY step',
      ),
      dropMetricsFrom: db.prepare('DELETE FROM run_metrics WHERE run_id = ? AND step >= ?'),
      validationPoint: db.prepare('INSERT OR REPLACE INTO run_validation (run_id, step, loss, by_family, examples) VALUES (?, ?, ?, ?, ?)'),
      validation: db.prepare('SELECT step, loss, by_family, examples FROM run_validation WHERE run_id = ? ORDER BY step'),
      dropValidationFrom: db.prepare('DELETE FROM run_validation WHERE run_id = ? AND step >= ?'),
      checkpoint: db.prepare('INSERT OR REPLACE INTO run_checkpoints (run_id, step, file, bytes, created_at) VALUES (?, ?, ?, ?, ?)'),
      checkpoints: db.prepare('SELECT step, file, bytes, created_at FROM run_checkpoints WHERE run_id = ? ORDER BY step'),
      dropCheckpoint: db.prepare('DELETE FROM run_checkpoints WHERE run_id = ? AND step = ?'),
      delete: db.prepare('DELETE FROM runs WHERE id = ?'),
    };
  }

  create(datasetId: number, name: string, config: unknown, now: string): number {
    return Number(this.s.create!.run(datasetId, name, JSON.stringify(config), now, now).lastInsertRowid);
  }

  get(id: number): StoredRun | undefined {
    const r = this.s.get!.get(id) as RunRow | undefined;
    return r && toRun(r);
  }

  list(datasetId?: number): StoredRun[] {
    return ((datasetId === undefined ? this.s.list!.all() : this.s.listDataset!.all(datasetId)) as RunRow[]).map(toRun);
  }

  started(id: number, resolved: unknown, backend: string, note: string, totalSteps: number, now: string): void {
    this.s.started!.run(JSON.stringify(resolved), backend, note, totalSteps, now, id);
  }

  /** A time-budgeted run sized itself: its resolved step counts and total change. */
  resized(id: number, resolved: unknown, totalSteps: number, now: string): void {
    this.s.resized!.run(JSON.stringify(resolved), totalSteps, now, id);
  }

  setStatus(id: number, status: RunStatus, error: string | null, now: string): void {
    this.s.status!.run(status, error, now, id);
  }

  setSummary(id: number, summary: RunSummaryStats, now: string): void {
    this.s.summary!.run(JSON.stringify(summary), now, id);
  }

  /** One step's metrics and the run's progress, together. */
  addMetric(id: number, m: MetricPoint, now: string): void {
    this.db.transaction(() => {
      this.s.metric!.run(id, m.step, m.phase, m.loss, m.lr, m.gradNorm, m.tokensPerSecond, m.elapsed, JSON.stringify(m.byFamily));
      this.s.progress!.run(m.step + 1, now, id);
    })();
  }

  metrics(id: number): MetricPoint[] {
    return (this.s.metrics!.all(id) as MetricRow[]).map(toMetric);
  }

  addValidation(id: number, p: ValidationPoint): void {
    this.s.validationPoint!.run(id, p.step, p.loss, JSON.stringify(p.byFamily), p.examples);
  }

  validation(id: number): ValidationPoint[] {
    return (this.s.validation!.all(id) as { step: number; loss: number; by_family: string; examples: number }[]).map((r) => ({
      step: r.step,
      loss: r.loss,
      byFamily: JSON.parse(r.by_family) as Record<string, number>,
      examples: r.examples,
    }));
  }

  /** A resumed run recomputes the steps after its checkpoint; their old rows go so curves never mix two attempts. */
  dropMetricsFrom(id: number, step: number): void {
    this.s.dropMetricsFrom!.run(id, step);
    this.s.dropValidationFrom!.run(id, step);
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

  delete(id: number): boolean {
    return this.s.delete!.run(id).changes > 0;
  }
}
