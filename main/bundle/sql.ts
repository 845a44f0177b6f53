/** The bundle feature's SQL: local torchrun launches of a run's bundle with their curves, and imported checkpoints. */
import type { Statement } from 'better-sqlite3';
import type { BundleImport, BundleLaunch, LaunchPoint } from '../../preload/api-bundle';
import type { Db } from '../db/connection';

interface LaunchRow {
  id: number;
  run_id: number;
  bundle_dir: string;
  out_dir: string;
  processes: number;
  start_step: number;
  end_step: number;
  status: BundleLaunch['status'];
  owner_pid: number;
  detail: string | null;
  error: string | null;
  created_at: string;
  updated_at: string;
  steps_done: number | null;
  last_loss: number | null;
}

interface PointRow {
  step: number;
  loss: number;
  lr: number;
  grad_norm: number;
  tokens_per_second: number;
  elapsed: number;
  by_family: string;
}

export type StoredLaunch = Omit<BundleLaunch, 'jobId' | 'owner'> & { bundleDir: string; outDir: string; ownerPid: number };

const SELECT_LAUNCH = `SELECT l.*,
  (SELECT MAX(step) + 1 FROM bundle_metrics m WHERE m.launch_id = l.id) AS steps_done,
  (SELECT loss FROM bundle_metrics m WHERE m.launch_id = l.id ORDER BY step DESC LIMIT 1) AS last_loss
  FROM bundle_launches l`;

const toLaunch = (r: LaunchRow): StoredLaunch => ({
  id: r.id,
  runId: r.run_id,
  bundleDir: r.bundle_dir,
  outDir: r.out_dir,
  ownerPid: r.owner_pid,
  processes: r.processes,
  startStep: r.start_step,
  endStep: r.end_step,
  status: r.status,
  detail: r.detail === null ? null : (JSON.parse(r.detail) as Record<string, unknown>),
  error: r.error,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  stepsDone: r.steps_done ?? r.start_step,
  lastLoss: r.last_loss,
});

export class BundleStore {
  private readonly s: Record<string, Statement>;
  constructor(private readonly db: Db) {
    this.s = {
      create: db.prepare(
        "INSERT INTO bundle_launches (run_id, bundle_dir, out_dir, processes, start_step, end_step, status, owner_pid, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?, ?)",
      ),
      get: db.prepare(`${SELECT_LAUNCH} WHERE l.id = ?`),
      list: db.prepare(`${SELECT_LAUNCH} WHERE l.run_id = ? ORDER BY l.id`),
      running: db.prepare(`${SELECT_LAUNCH} WHERE l.status = 'running'`),
      detail: db.prepare('UPDATE bundle_launches SET detail = ?, start_step = ?, updated_at = ? WHERE id = ?'),
      status: db.prepare('UPDATE bundle_launches SET status = ?, error = ?, updated_at = ? WHERE id = ?'),
      point: db.prepare(
        'INSERT OR REPLACE INTO bundle_metrics (launch_id, step, loss, lr, grad_norm, tokens_per_second, elapsed, by_family) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      points: db.prepare(
        'SELECT step, loss, lr, grad_norm, tokens_per_second, elapsed, by_family FROM bundle_metrics WHERE launch_id = ? ORDER BY step',
      ),
      addImport: db.prepare('INSERT OR REPLACE INTO bundle_imports (run_id, step, source, producer, created_at) VALUES (?, ?, ?, ?, ?)'),
      imports: db.prepare('SELECT step, source, producer, created_at FROM bundle_imports WHERE run_id = ? ORDER BY step'),
    };
  }

  create(
    l: { runId: number; bundleDir: string; outDir: string; processes: number; startStep: number; endStep: number },
    now: string,
    claim: (id: number) => void,
  ): number {
    // The row and its owner in one write, so no other process's sweep sees a running launch without an owner.
    return this.db
      .transaction(() => {
        const id = Number(
          this.s.create!.run(l.runId, l.bundleDir, l.outDir, l.processes, l.startStep, l.endStep, process.pid, now, now).lastInsertRowid,
        );
        claim(id);
        return id;
      })
      .immediate();
  }

  get(id: number): StoredLaunch | undefined {
    const r = this.s.get!.get(id) as LaunchRow | undefined;
    return r && toLaunch(r);
  }

  list(runId: number): StoredLaunch[] {
    return (this.s.list!.all(runId) as LaunchRow[]).map(toLaunch);
  }

  running(): StoredLaunch[] {
    return (this.s.running!.all() as LaunchRow[]).map(toLaunch);
  }

  /** What train.py said at start; a resumed launch starts at the step its checkpoint holds. */
  started(id: number, detail: Record<string, unknown>, startStep: number, now: string): void {
    this.s.detail!.run(JSON.stringify(detail), startStep, now, id);
  }

  setStatus(id: number, status: BundleLaunch['status'], error: string | null, now: string): void {
    this.s.status!.run(status, error, now, id);
  }

  addPoint(id: number, p: LaunchPoint): void {
    this.s.point!.run(id, p.step, p.loss, p.lr, p.gradNorm, p.tokensPerSecond, p.elapsed, JSON.stringify(p.byFamily));
  }

  points(id: number): LaunchPoint[] {
    return (this.s.points!.all(id) as PointRow[]).map((r) => ({
      step: r.step,
      loss: r.loss,
      lr: r.lr,
      gradNorm: r.grad_norm,
      tokensPerSecond: r.tokens_per_second,
      elapsed: r.elapsed,
      byFamily: JSON.parse(r.by_family) as Record<string, number>,
    }));
  }

  addImport(runId: number, step: number, source: string, producer: string, now: string): void {
    this.s.addImport!.run(runId, step, source, producer, now);
  }

  imports(runId: number): BundleImport[] {
    return (this.s.imports!.all(runId) as { step: number; source: string; producer: string; created_at: string }[]).map((r) => ({
      step: r.step,
      source: r.source,
      producer: r.producer,
      createdAt: r.created_at,
    }));
  }
}
