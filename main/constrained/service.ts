import type { BaselineRun } from '../../preload/api';
import type { WriteQueue } from '../db/busy';
import type { Db } from '../db/connection';
import { notFound, StudioError, workerFailure } from '../errors';
import type { StudioEvents } from '../events';
import type { JobManager } from '../jobs/manager';
import type { JobOwnership } from '../jobs/ownership';
import { runWorkerJob } from '../jobs/spawn';
import { CancelledError } from '../errors';
import { parseSamplerSpec } from '../optim/sampler';
import type { DatasetService } from '../datasets/service';
import type { BaselineJobData, BaselineWorkerMessage } from './worker';
import { BaselineStore } from './sql';
import type { BaselineConfig, BaselineModel, BaselineOutcome } from './types';

/** Radii that fit the studio's feature scales: standardised/one-hot features for the l1 models, ratings in 1–5 for the nuclear ball. */
export const DEFAULT_RADIUS: Record<BaselineModel, number> = { 'l1-logistic': 10, 'l1-linear': 5, 'nuclear-mc': 500 };

export interface StartBaseline {
  datasetId: number;
  model: BaselineModel;
  radius?: number | undefined;
  epochs: number;
  batchSize: number;
  sampler: string;
  tol: number | null;
  compare: boolean;
}

/** Constrained baselines trained by stochastic Frank-Wolfe, in a worker, with their curves and metrics stored. */
export class BaselineService {
  readonly store: BaselineStore;
  /** Curves of runs still in progress, so the page can plot them live before the outcome is stored. */
  private readonly live = new Map<number, BaselineOutcome>();

  constructor(
    db: Db,
    private readonly dbFile: string,
    private readonly datasets: DatasetService,
    private readonly jobs: JobManager,
    private readonly events: StudioEvents,
    private readonly owners: JobOwnership,
    private readonly writes: WriteQueue,
  ) {
    this.store = new BaselineStore(db);
    this.markInterrupted();
  }

  /** Runs left running whose owning process is gone were cut off; a run another live studio fits stays running. */
  markInterrupted(): number[] {
    return this.owners.sweep('baseline', this.store.running(), (ids) => this.store.markInterrupted(ids));
  }

  list(datasetId?: number): BaselineRun[] {
    const owners = this.owners.owners('baseline');
    return this.store.list(datasetId).map((run) => {
      if (run.status !== 'running') return { ...run, owner: null };
      const owner = owners.get(run.id) ?? null;
      return this.live.has(run.id) ? { ...run, owner, outcome: this.live.get(run.id) ?? null } : { ...run, owner };
    });
  }

  remove(id: number): boolean {
    const run = this.store.get(id);
    if (!run) throw notFound(`baseline run ${id}`);
    if (run.status === 'running') throw new StudioError('conflict', `baseline run ${id} is still running: cancel it first`);
    return this.store.remove(id);
  }

  start(req: StartBaseline, onFinished?: (run: BaselineRun) => void): { jobId: string; runId: number } {
    const dataset = this.datasets.get(req.datasetId);
    if (!dataset.split) throw new StudioError('bad_input', `dataset "${dataset.name}" has no split yet: split it first (leave-one-out)`);
    const config: BaselineConfig = {
      model: req.model,
      radius: req.radius ?? DEFAULT_RADIUS[req.model],
      epochs: req.epochs,
      batchSize: req.batchSize,
      sampler: parseSamplerSpec(req.sampler),
      tol: req.tol,
      compare: req.compare,
    };
    const runId = this.store.create(dataset.id, config, new Date(), (id) => this.owners.claim('baseline', id));
    const solvers = config.compare ? (config.model === 'nuclear-mc' ? 2 : 3) : 1;
    const jobId = this.jobs.start<BaselineOutcome>(
      'baseline',
      `${config.model} on ${dataset.name}`,
      (report, signal) => this.runInWorker(dataset.id, config, solvers, report, signal, runId),
      undefined,
    );
    this.events.emit('baselines.changed', { runId });
    // The job manager reports the outcome; the row is finished here whatever happened.
    this.jobs.onFinished(jobId, (p) => {
      this.live.delete(runId);
      const status = p.ok ? 'done' : p.cancelled ? 'cancelled' : 'failed';
      void this.writes
        .after(() => {
          this.store.finish(runId, status, p.ok ? (p.result as BaselineOutcome) : null, p.ok ? null : (p.error ?? 'failed'), new Date());
          this.owners.release('baseline', runId);
        })
        .catch((err: unknown) => console.error(`baseline run ${runId}: its outcome was not written (${(err as Error).message})`))
        .finally(() => {
          this.events.emit('baselines.changed', { runId });
          const run = this.store.get(runId);
          if (run) onFinished?.({ ...run, owner: null });
        });
    });
    return { jobId, runId };
  }

  private runInWorker(
    datasetId: number,
    config: BaselineConfig,
    solvers: number,
    report: (p: { done: number; total: number | null; phase: string }) => void,
    signal: AbortSignal,
    runId: number,
  ): Promise<BaselineOutcome> {
    const stop = new SharedArrayBuffer(4);
    const data: BaselineJobData = { dbFile: this.dbFile, datasetId, config, stop };
    const total = config.epochs * solvers;
    let done = 0;
    const live: BaselineOutcome = { curves: {}, metrics: {}, reference: {}, features: 0, nonZero: 0, topFeatures: [], trainRows: 0 };
    this.live.set(runId, live);
    return runWorkerJob<BaselineWorkerMessage, BaselineOutcome>(
      'constrained/worker',
      data,
      signal,
      // The solver loop is synchronous: it reads this flag at each epoch's end.
      () => Atomics.store(new Int32Array(stop), 0, 1),
      (m) => {
        if (m.type === 'phase') report({ done, total, phase: m.phase });
        else if (m.type === 'epoch') {
          done += 1;
          (live.curves[m.solver] ??= []).push(m.point);
          const gap = m.point.gap === null ? '' : ` · gap ${m.point.gap.toExponential(2)}`;
          report({ done, total, phase: `${m.solver} epoch ${m.point.epoch}${gap}` });
          this.events.emit('baselines.changed', { runId });
        } else if (m.type === 'done') {
          if (m.stopped && signal.aborted) throw new CancelledError();
          return { value: m.outcome as BaselineOutcome };
        } else throw workerFailure(m.error);
        return undefined;
      },
    );
  }
}
