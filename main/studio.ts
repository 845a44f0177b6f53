/**
 * Composition root: opens a workspace (a folder holding one SQLite file) and builds the services on it.
 * The CLI, serve mode and the Electron main process all start here.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppInfo, ImportFormat, ImportPreview, ImportResult } from '../preload/api';
import { busyRetrier, INTERACTIVE_BUSY_TIMEOUT_MS, WriteQueue } from './db/busy';
import { closeDb, openDb, setBusyTimeout, WORKSPACE_FILE, type Db } from './db/connection';
import { schemaVersion } from './db/migrations';
import { checkpoint, previewImport, runImport, type ImportOptions } from './datasets/import';
import { importInWorker } from './datasets/import-job';
import { BaselineService } from './constrained/service';
import { DatasetService } from './datasets/service';
import { EntityService } from './entities/service';
import { TemplateService } from './templates/service';
import { TrainingService } from './training/service';
import { GenerationService } from './generation/service';
import { EvaluationService } from './evaluation/service';
import { ReviewService } from './review/service';
import { ItemIdService } from './itemids/service';
import { LumService } from './lum/service';
import { BundleService } from './bundle/service';
import { StudioEvents } from './events';
import { JobManager } from './jobs/manager';
import { JobOwnership } from './jobs/ownership';
import { resourcesDir } from './paths';
import { Staging } from './staging';
import { VERSION } from './version';

export interface StudioOptions {
  dataDir: string;
  mode: AppInfo['mode'];
  /** Seed a new workspace with the sample dataset (default true). */
  sample?: boolean;
  /**
   * This process serves a window or HTTP requests (Electron, `studio serve`): its thread must never sleep in
   * SQLite's busy wait, so writes that meet another process's lock are retried asynchronously, and jobs other
   * processes left behind are checked every few seconds. A CLI command waits in SQLite instead (default false).
   */
  interactive?: boolean;
  /** Serve mode's upload limit in bytes and upload expiry in hours (see Staging). */
  uploadLimitBytes?: number;
  uploadExpiryHours?: number;
}

/** How long a call from a window waits for another process's write lock before it answers `busy`. */
export const CALL_BUSY_WAIT_MS = 15_000;
/** How often a window or server looks for jobs whose process is gone, and for expired uploads. */
const SWEEP_EVERY_MS = 10_000;
const EXPIRE_UPLOADS_EVERY_MS = 10 * 60_000;

export class Studio {
  readonly dbFile: string;
  readonly events = new StudioEvents();
  readonly jobs = new JobManager(this.events);
  /** Which studio process owns each running job (every job kind records itself here). */
  readonly ownership: JobOwnership;
  /** Job bookkeeping written from this thread: at once when the lock is free, queued while another process holds it. */
  readonly writes = new WriteQueue((err) => console.error(`studio: a job's record was not written: ${(err as Error).message}`));
  /** Runs a window's call, repeating it (without blocking) while another process holds the write lock. */
  readonly retryBusy: <T>(fn: () => T | Promise<T>) => Promise<T>;
  readonly staging: Staging;
  private timers: NodeJS.Timeout[] = [];
  readonly datasets: DatasetService;
  readonly baselines: BaselineService;
  readonly entities: EntityService;
  readonly templates: TemplateService;
  readonly training: TrainingService;
  readonly generation: GenerationService;
  readonly evaluation: EvaluationService;
  readonly reviews: ReviewService;
  readonly itemIds: ItemIdService;
  readonly lum: LumService;
  readonly bundles: BundleService;

  private constructor(
    readonly dataDir: string,
    readonly mode: AppInfo['mode'],
    readonly db: Db,
    options: StudioOptions,
  ) {
    this.dbFile = join(dataDir, WORKSPACE_FILE);
    this.ownership = new JobOwnership(db, dataDir);
    this.retryBusy = busyRetrier(db, CALL_BUSY_WAIT_MS);
    const owners = this.ownership;
    const writes = this.writes;
    this.staging = new Staging({
      dir: join(dataDir, 'uploads'),
      ...(options.uploadLimitBytes !== undefined ? { limitBytes: options.uploadLimitBytes } : {}),
      ...(options.uploadExpiryHours !== undefined ? { expiryHours: options.uploadExpiryHours } : {}),
    });
    this.datasets = new DatasetService(db);
    // What every feature service gets; each takes the parts its deps name.
    const common = {
      db,
      dbFile: this.dbFile,
      dataDir,
      jobs: this.jobs,
      events: this.events,
      owners,
      writes,
      dataset: (id: number) => this.datasets.get(id),
    };
    this.baselines = new BaselineService(db, this.dbFile, this.datasets, this.jobs, this.events, owners, writes);
    this.entities = new EntityService({ ...common, staged: (ids) => this.staging.resolve(ids) });
    this.templates = new TemplateService(common);
    this.templates.ensureBuiltin();
    this.itemIds = new ItemIdService(common);
    this.training = new TrainingService({
      ...common,
      identifierSet: (datasetId, name) => {
        const set = this.itemIds.resolve(datasetId, name);
        return { id: set.id, name: set.name, version: set.version, scheme: set.scheme };
      },
      templates: () => this.templates.store.list().map((t) => ({ id: t.id, family: t.family, seen: t.seen })),
    });
    this.generation = new GenerationService({ ...common, training: this.training, templates: this.templates.store });
    this.evaluation = new EvaluationService({
      ...common,
      training: this.training,
      generations: this.generation.store,
      templates: this.templates.store,
    });
    this.reviews = new ReviewService({
      ...common,
      training: this.training,
      generation: this.generation,
      data: (id) => this.templates.data(id),
    });
    this.lum = new LumService(common);
    this.bundles = new BundleService({ ...common, training: this.training });
  }

  static async open(options: StudioOptions): Promise<Studio> {
    mkdirSync(options.dataDir, { recursive: true });
    const file = join(options.dataDir, WORKSPACE_FILE);
    const isNew = !existsSync(file);
    // Opening may migrate and seed: that waits for the lock like a worker would, before anything is served.
    const db = openDb(file);
    let studio: Studio;
    try {
      studio = new Studio(options.dataDir, options.mode, db, options);
      if (isNew && options.sample !== false) await studio.importSample();
    } catch (err) {
      closeDb(db);
      throw err;
    }
    if (options.interactive) studio.serveInteractively();
    return studio;
  }

  private serveInteractively(): void {
    setBusyTimeout(this.db, INTERACTIVE_BUSY_TIMEOUT_MS);
    const every = (ms: number, fn: () => void): void => {
      const timer = setInterval(() => {
        try {
          fn();
        } catch (err) {
          console.error(`studio: ${(err as Error).message}`);
        }
      }, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(SWEEP_EVERY_MS, () => this.markInterrupted());
    every(EXPIRE_UPLOADS_EVERY_MS, () => this.staging.expire());
  }

  /** Marks the jobs of every kind whose owning process is gone as interrupted, and tells the windows. */
  markInterrupted(): void {
    for (const runId of this.training.markInterrupted()) this.events.emit('runs.changed', { runId });
    for (const runId of this.lum.markInterrupted()) this.events.emit('lum.changed', { runId });
    for (const setId of this.generation.markInterrupted()) this.events.emit('generations.changed', { setId });
    for (const runId of this.baselines.markInterrupted()) this.events.emit('baselines.changed', { runId });
    for (const setId of this.itemIds.markInterrupted()) this.events.emit('itemids.changed', { setId });
    for (const runId of this.bundles.markInterrupted()) this.events.emit('bundles.changed', { runId });
  }

  /** The sample goes through the real RecBole importer, so a new workspace proves the import path works. */
  private async importSample(): Promise<void> {
    const dir = join(resourcesDir(), 'sample');
    await runImport(this.db, {
      files: ['sample.user', 'sample.item', 'sample.inter'].map((f) => join(dir, f)),
      format: 'recbole',
      name: 'sample',
    });
    checkpoint(this.db);
  }

  info(canPickFiles: boolean): AppInfo {
    return {
      version: VERSION,
      dataDir: this.dataDir,
      mode: this.mode,
      schemaVersion: schemaVersion(this.db),
      canPickFiles,
      uploadLimitBytes: this.staging.limitBytes,
      uploadExpiryHours: this.staging.expiryHours,
    };
  }

  previewImport(files: string[], format?: ImportFormat, map?: Record<string, string>): Promise<ImportPreview> {
    return previewImport(files, format, map);
  }

  /** Imports in a worker thread (the window and server stay responsive); returns the job id. */
  startImport(options: ImportOptions, onSuccess?: () => void): string {
    const label = `import ${options.name ?? options.files.map((f) => f.split(/[\\/]/).pop()).join(', ')}`;
    return this.jobs.start<ImportResult>(
      'import',
      label,
      (report, signal) => importInWorker(this.dbFile, options, report, signal),
      () => {
        onSuccess?.();
        this.events.emit('datasets.changed', {});
      },
    );
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await this.jobs.cancelAll();
    this.bundles.close();
    // The jobs' last records (a final status) may wait on another process's lock: give them a bounded while.
    await Promise.race([this.writes.settled(), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
    this.ownership.close();
    closeDb(this.db);
  }
}
