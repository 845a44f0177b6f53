/**
 * The evaluation service: the report per family of a run's generations, the comparison of identifier schemes, and
 * the classic baselines on the same splits (computed in a worker, stored per dataset and seed). Implements the
 * evaluation calls and `itemids.compare`; it reads the generation sets, it does not make them.
 */
import type { BaselineReport, EvaluationReport, GenerationRow, BaselinesReportChanged } from '../../preload/api-generation';
import type { ItemIdComparison } from '../../preload/api-itemids';
import type { ExampleSplit } from '../../preload/api-templates';
import type { WriteQueue } from '../db/busy';
import type { Db } from '../db/connection';
import { workerFailure } from '../errors';
import type { StudioEvents } from '../events';
import { kindOf } from '../generation/kinds';
import { identifierSetOf } from '../generation/service';
import type { GenerationStore, StoredSet } from '../generation/sql';
import type { JobManager } from '../jobs/manager';
import { runWorkerJob } from '../jobs/spawn';
import { compileSpec } from '../templates/examples';
import type { TemplateStore } from '../templates/sql';
import type { TrainingService } from '../training/service';
import type { BaselinesEvalJobData, BaselinesEvalMessage } from './baselines-worker';
import { BaselineReportStore } from './sql';
import { warmColdFigures } from './identifier-comparison';
import { familyReport, type RowKind } from './report';

export interface EvaluationDeps {
  db: Db;
  dbFile: string;
  jobs: JobManager;
  events: StudioEvents;
  /** The report is written through this, so a lock held by another process never blocks this thread. */
  writes: WriteQueue;
  training: TrainingService;
  /** The generation sets and rows evaluated. */
  generations: GenerationStore;
  templates: TemplateStore;
  dataset: (id: number) => { id: number; name: string };
}

export class EvaluationService {
  private readonly baselineJobs = new Map<string, string>();

  /** The stored baseline reports, one per dataset and seed. */
  readonly baselineReports: BaselineReportStore;

  constructor(private readonly deps: EvaluationDeps) {
    this.baselineReports = new BaselineReportStore(deps.db);
  }

  private get store(): GenerationStore {
    return this.deps.generations;
  }

  /** Calls `listener` on each `evaluation.baselinesChanged` event (the contract's payload); returns the unsubscribe. */
  onBaselinesChanged(listener: (e: BaselinesReportChanged) => void): () => void {
    return this.deps.events.on('evaluation.baselinesChanged', listener);
  }

  /** How each template decodes, from the current templates (a deleted template falls back on its rows). */
  private kinds(): (template: string, rows: readonly GenerationRow[]) => RowKind {
    const specs = new Map(this.deps.templates.list().map((t) => [t.id, compileSpec(t)]));
    return (template, rows) => {
      const spec = specs.get(template);
      if (spec) return kindOf(spec);
      return rows.some((r) => r.items !== null) ? 'item' : 'free';
    };
  }

  report(runId: number, split: ExampleSplit): EvaluationReport {
    this.deps.training.get(runId);
    const kinds = this.kinds();
    const families: EvaluationReport['families'] = [];
    const notes: string[] = [];
    // Per family, each template's rows come from the newest set on this split that generated it.
    const byFamily = new Map<string, { rows: GenerationRow[]; sets: StoredSet[]; covered: Set<string> }>();
    for (const set of this.store.list(runId)) {
      if (set.split !== split) continue;
      const f = byFamily.get(set.family) ?? { rows: [], sets: [], covered: new Set<string>() };
      byFamily.set(set.family, f);
      const rows = this.store.rows(set.id).filter((r) => !f.covered.has(r.template));
      if (rows.length === 0) continue;
      for (const t of new Set(rows.map((r) => r.template))) f.covered.add(t);
      f.rows.push(...rows);
      f.sets.push(set);
    }
    for (const [family, f] of byFamily) {
      if (f.sets.length === 0) continue;
      const r = familyReport(f.sets[0]!.family, f.rows, (t) =>
        kinds(
          t,
          f.rows.filter((x) => x.template === t),
        ),
      );
      families.push({ family: f.sets[0]!.family, sets: f.sets.map((x) => x.id), ...r });
      for (const set of f.sets) {
        if (set.status !== 'done') notes.push(`${family}: set ${set.id} is ${set.status} (${set.done} of ${set.total ?? '?'} examples)`);
        if (set.limit !== null) notes.push(`${family}: set ${set.id} holds the first ${set.limit} examples of the ${split} split`);
      }
    }
    if (families.length === 0)
      notes.push(`no generations on ${split} yet: run \`studio generate --run ${runId} --family F --split ${split}\``);
    notes.push(
      'full ranking: the catalog minus the user’s history; “(100 sampled)”: the positive and 99 never-touched items the prompt lists',
    );
    return { runId, split, families, notes };
  }

  /**
   * Every run of the dataset with a finished sequential set on the test split, by the identifier set it trained
   * with: training minutes, full-catalog HR/NDCG@5/10 (all, warm and cold targets), ms per example of the beam.
   */
  compareIdentifiers(datasetId: number): ItemIdComparison[] {
    this.deps.dataset(datasetId);
    const warm = this.store.warmItems(datasetId);
    const out: ItemIdComparison[] = [];
    for (const run of this.deps.training.store.list(datasetId)) {
      const set = this.store.list(run.id).find((s) => s.split === 'test' && s.family === 'sequential' && s.status === 'done');
      if (!set) continue;
      const rows = this.store.rows(set.id).filter((r) => r.items !== null);
      if (rows.length === 0) continue;
      const ident = identifierSetOf(run.resolved);
      const metrics = this.deps.training.store.metrics(run.id);
      out.push({
        runId: run.id,
        runName: run.name,
        setId: ident?.id ?? null,
        setName: ident ? `${ident.name} v${ident.version}` : 'titles',
        scheme: (ident?.scheme ?? 'title') as ItemIdComparison['scheme'],
        trainingMinutes: (metrics.at(-1)?.elapsed ?? 0) / 60,
        metrics: warmColdFigures(rows, warm),
        msPerUser: set.msPerExample,
        users: new Set(rows.map((r) => r.userId)).size,
      });
    }
    return out;
  }

  /** The stored baseline report and the job computing one, if any; starts nothing. */
  storedBaselines(datasetId: number, seed: number): { report: BaselineReport | null; jobId: string | null } {
    this.deps.dataset(datasetId);
    return { report: this.baselineReports.get(datasetId, seed), jobId: this.baselineJobs.get(`${datasetId}:${seed}`) ?? null };
  }

  /** The stored baseline report, or a job computing it. */
  baselines(
    datasetId: number,
    seed: number,
    refresh: boolean,
    options: { sasrec?: boolean; sasrecEpochs?: number } = {},
    onFinished?: (report: BaselineReport | null, error?: string) => void,
  ): { report: BaselineReport | null; jobId: string | null } {
    const dataset = this.deps.dataset(datasetId);
    const stored = this.baselineReports.get(datasetId, seed);
    if (stored && !refresh) return { report: stored, jobId: null };
    const key = `${datasetId}:${seed}`;
    const running = this.baselineJobs.get(key);
    if (running) return { report: stored, jobId: running };
    const job: BaselinesEvalJobData = {
      dbFile: this.deps.dbFile,
      datasetId,
      datasetName: dataset.name,
      seed,
      sasrec: options.sasrec ?? true,
      sasrecEpochs: options.sasrecEpochs ?? 30,
    };
    const jobId = this.deps.jobs.start<BaselineReport>('baselines-eval', `baselines on ${dataset.name}`, (report, signal) =>
      runWorkerJob<BaselinesEvalMessage, BaselineReport>(
        'evaluation/baselines-worker',
        job,
        signal,
        (w) => void w.terminate(),
        (m) => {
          if (m.type === 'phase') report({ done: 0, total: null, phase: `fitting ${m.phase}` });
          else if (m.type === 'done') return { value: m.report as BaselineReport };
          else throw workerFailure(m.error);
          return undefined;
        },
      ),
    );
    this.baselineJobs.set(key, jobId);
    this.deps.jobs.onFinished(jobId, (p) => {
      this.baselineJobs.delete(key);
      const result = p.ok ? ((p.result as BaselineReport | undefined) ?? null) : null;
      void this.deps.writes
        .after(() => {
          if (result) this.baselineReports.save(result);
        })
        .catch((err: unknown) => console.error(`baselines on dataset ${datasetId}: the report was not saved (${(err as Error).message})`))
        .finally(() => {
          this.deps.events.emit('evaluation.baselinesChanged', { datasetId });
          onFinished?.(result, p.error);
        });
    });
    return { report: stored, jobId };
  }
}
