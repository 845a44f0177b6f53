/**
 * What every room of the entities feature shares: the workspace's entity tables, the service's dependencies, the
 * `entities.changed` event, and (for the rooms other than annotation) the record helpers annotation owns.
 */
import type { RecordDetail, RecordStatus, Span, SpanInput } from '../../preload/api-entities';
import type { Db } from '../db/connection';
import type { StudioEvents } from '../events';
import type { JobManager } from '../jobs/manager';
import type { SpanRules } from './spans';
import type { EntityStore, RecordRow } from './sql';

/** A human annotator (machine annotators' names start with @). */
export const isHuman = (a: string): boolean => !a.startsWith('@');

export interface EntityServiceDeps {
  db: Db;
  dbFile: string;
  jobs: JobManager;
  events: StudioEvents;
  /** Resolves a dataset id to its name (not_found when missing). */
  dataset: (id: number) => { id: number; name: string };
  /** Staged file ids → paths. */
  staged: (ids: readonly string[]) => string[];
}

/** The record helpers the other rooms use (annotation implements them). */
export interface RecordAccess {
  recordRow(recordId: number): RecordRow;
  checked(r: RecordRow, spans: readonly SpanInput[], rules: SpanRules): Span[];
  rules(datasetId: number): SpanRules;
  refreshStatus(recordId: number): RecordStatus;
  get(recordId: number, annotator?: string): RecordDetail;
}

export abstract class EntityRoom {
  constructor(
    protected readonly deps: EntityServiceDeps,
    readonly store: EntityStore,
  ) {}

  protected changed(datasetId: number, recordIds?: number[]): void {
    this.deps.events.emit('entities.changed', recordIds ? { datasetId, recordIds } : { datasetId });
  }
}

/** A room that works on records through annotation's helpers. */
export abstract class RecordRoom extends EntityRoom {
  constructor(
    deps: EntityServiceDeps,
    store: EntityStore,
    protected readonly records: RecordAccess,
  ) {
    super(deps, store);
  }
}
