/**
 * Composition root: opens a workspace (a folder holding one SQLite file) and builds the services on it.
 * The CLI, serve mode and the Electron main process all start here.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppInfo, ImportFormat, ImportPreview, ImportResult } from '../preload/api';
import { closeDb, openDb, WORKSPACE_FILE, type Db } from './db/connection';
import { schemaVersion } from './db/migrations';
import { previewImport, runImport, type ImportOptions } from './datasets/import';
import { importInWorker } from './datasets/import-job';
import { BaselineService } from './baselines/service';
import { DatasetService } from './datasets/service';
import { EntityService } from './entities/service';
import { TemplateService } from './templates/service';
import { TrainingService } from './training/service';
import { GenerationService } from './generation/service';
import { ReviewService } from './review/service';
import { ItemIdService } from './itemids/service';
import { LumService } from './lum/service';
import { BundleService } from './bundle/service';
import { StudioEvents } from './events';
import { JobManager } from './jobs/manager';
import { resourcesDir } from './paths';
import { Staging } from './staging';
import { VERSION } from './version';

export interface StudioOptions {
  dataDir: string;
  mode: AppInfo['mode'];
  /** Seed a new workspace with the sample dataset (default true). */
  sample?: boolean;
}

export class Studio {
  readonly dbFile: string;
  readonly events = new StudioEvents();
  readonly jobs = new JobManager(this.events);
  readonly staging: Staging;
  readonly datasets: DatasetService;
  readonly baselines: BaselineService;
  readonly entities: EntityService;
  readonly templates: TemplateService;
  readonly training: TrainingService;
  readonly generation: GenerationService;
  readonly reviews: ReviewService;
  readonly itemIds: ItemIdService;
  readonly lum: LumService;
  readonly bundles: BundleService;

  private constructor(
    readonly dataDir: string,
    readonly mode: AppInfo['mode'],
    readonly db: Db,
  ) {
    this.dbFile = join(dataDir, WORKSPACE_FILE);
    this.staging = new Staging(join(dataDir, 'uploads'));
    this.datasets = new DatasetService(db);
    this.baselines = new BaselineService(db, this.dbFile, this.datasets, this.jobs, this.events);
    this.entities = new EntityService({
      db,
      dbFile: this.dbFile,
      jobs: this.jobs,
      events: this.events,
      dataset: (id) => this.datasets.get(id),
      staged: (ids) => this.staging.resolve(ids),
    });
    this.templates = new TemplateService({ db, events: this.events, dataset: (id) => this.datasets.get(id) });
    this.templates.ensureBuiltin();
    this.itemIds = new ItemIdService({
      db,
      dbFile: this.dbFile,
      jobs: this.jobs,
      events: this.events,
      dataset: (id) => this.datasets.get(id),
    });
    this.training = new TrainingService({
      db,
      dbFile: this.dbFile,
      dataDir,
      jobs: this.jobs,
      events: this.events,
      dataset: (id) => this.datasets.get(id),
      identifierSet: (datasetId, name) => {
        const set = this.itemIds.resolve(datasetId, name);
        return { id: set.id, name: set.name, version: set.version, scheme: set.scheme };
      },
      templates: () => this.templates.store.list().map((t) => ({ id: t.id, family: t.family, seen: t.seen })),
    });
    this.generation = new GenerationService({
      db,
      dbFile: this.dbFile,
      dataDir,
      jobs: this.jobs,
      events: this.events,
      training: this.training,
      templates: this.templates.store,
      dataset: (id) => this.datasets.get(id),
    });
    this.reviews = new ReviewService({
      db,
      events: this.events,
      training: this.training,
      generation: this.generation,
      data: (id) => this.templates.data(id),
    });
    this.lum = new LumService({
      db,
      dbFile: this.dbFile,
      dataDir,
      jobs: this.jobs,
      events: this.events,
      dataset: (id) => this.datasets.get(id),
    });
    this.bundles = new BundleService({
      db,
      dbFile: this.dbFile,
      dataDir,
      jobs: this.jobs,
      events: this.events,
      training: this.training,
      dataset: (id) => this.datasets.get(id),
    });
  }

  static async open(options: StudioOptions): Promise<Studio> {
    mkdirSync(options.dataDir, { recursive: true });
    const file = join(options.dataDir, WORKSPACE_FILE);
    const isNew = !existsSync(file);
    const db = openDb(file);
    const studio = new Studio(options.dataDir, options.mode, db);
    if (isNew && options.sample !== false) await studio.importSample();
    return studio;
  }

  /** The sample goes through the real RecBole importer, so a new workspace proves the import path works. */
  private async importSample(): Promise<void> {
    const dir = join(resourcesDir(), 'sample');
    await runImport(this.db, {
      files: ['sample.user', 'sample.item', 'sample.inter'].map((f) => join(dir, f)),
      format: 'recbole',
      name: 'sample',
    });
  }

  info(canPickFiles: boolean): AppInfo {
    return { version: VERSION, dataDir: this.dataDir, mode: this.mode, schemaVersion: schemaVersion(this.db), canPickFiles };
  }

  previewImport(files: string[], format?: ImportFormat): Promise<ImportPreview> {
    return previewImport(files, format);
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
    await this.jobs.cancelAll();
    this.bundles.close();
    closeDb(this.db);
  }
}
