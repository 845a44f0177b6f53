/**
 * One training run, start to finish, in the worker thread that owns the tensors: back end, data, tokenizer,
 * model (optionally from another run's checkpoint, with LoRA; starting-model.ts), then the steps (train-loop.ts).
 * Batches and dropout derive from (seed, step), so a run resumed from its checkpoint at step k continues exactly as
 * if it had never stopped.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/connection';
import { initBackend } from '../model/backend';
import { readCheckpointHeader } from '../model/checkpoint';
import { Tokenizer } from '../model/tokenizer';
import type { ModelConfig } from '../model/types';
import { compileSpec } from '../templates/examples';
import { loadExampleData } from '../templates/load';
import { TemplateStore } from '../templates/sql';
import { EntityStore } from '../entities/sql';
import { effectiveProfile } from '../entities/profile';
import { StudioError } from '../errors';
import { ItemIdStore } from '../itemids/sql';
import type { Rich } from '../templates/lang/index';
import { resolveConfig, resolveModel, type ResolvedConfig } from './config';
import { buildCorpus, type Corpus, type FamilyName } from './corpus';
import { identifierRecords } from './identifier-records';
import { startingModel } from './starting-model';
import type { TrainJob, TrainMessage } from './train-job';
import { trainSteps } from './train-loop';

export { batchPlan } from './plan';
export { CALIBRATION_STEPS, type Calibrated, type ItemIdSetRef, type TrainJob, type TrainMessage } from './train-job';

const writeAtomic = (file: string, text: string): void => {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
};

/** What `runCorpus` reads of a run. */
export type CorpusJob = Pick<TrainJob, 'datasetId' | 'datasetName' | 'runDir' | 'config' | 'source' | 'itemIdSet'>;

/**
 * A run's corpus exactly as its training reads it: the dataset (with the run's identifiers), its templates and its
 * tokenizer (the run's own, else its source's, else trained here). The bundle export draws its batches from it.
 */
export function runCorpus(db: Db, job: CorpusJob, phase: (phase: string) => void = () => undefined): Corpus {
  const c = job.config;
  const data = loadExampleData(db, job.datasetId, job.datasetName);
  let texts: Rich[] | undefined;
  if (job.itemIdSet) {
    const codes = new ItemIdStore(db).codes(job.itemIdSet.id);
    if (codes.length === 0)
      throw new StudioError('not_found', `identifier set ${job.itemIdSet.name} v${job.itemIdSet.version} has no codes`);
    data.identifiers = new Map(codes.map((x) => [x.itemId, x.identifier]));
    const entities = new EntityStore(db);
    texts = identifierRecords(effectiveProfile(entities, job.datasetId).profile, entities.users(job.datasetId), data);
  }
  const only = c.templates ? new Set(c.templates) : null;
  const specs = new TemplateStore(db)
    .list()
    .filter((t) => !only || only.has(t.id))
    .map((t) => compileSpec(t));

  const tokFile = join(job.runDir, 'tokenizer.json');
  let tokenizer: Tokenizer | undefined;
  if (existsSync(tokFile)) tokenizer = Tokenizer.fromJSON(JSON.parse(readFileSync(tokFile, 'utf8')));
  else if (job.source) tokenizer = Tokenizer.fromJSON(JSON.parse(readFileSync(job.source.tokenizer, 'utf8')));
  phase(tokenizer ? 'building examples' : 'training the tokenizer and building examples');
  const families = c.families as FamilyName[];
  const vocabWanted = resolveModel(c).vocabSize;
  return buildCorpus(data, specs, families, c.splitSeed, vocabWanted, tokenizer, c.seed, texts);
}

/**
 * The run's configuration resolved against its corpus: step counts from the examples, the model's shape from the
 * tokenizer (or from the checkpoint it resumes or starts from), its identifier set, a budgeted run's earlier sizing.
 */
async function resolveRun(job: TrainJob, corpus: Corpus): Promise<{ resolved: ResolvedConfig; trainExamples: Record<string, number> }> {
  const c = job.config;
  const trainExamples = Object.fromEntries([...corpus.refs].map(([f, list]) => [f, list.length]));
  const total = Object.values(trainExamples).reduce((a, b) => a + b, 0);
  const resolved = resolveConfig(c, total, `run ${job.runId}`);
  let modelConfig: ModelConfig = { ...resolved.model, vocabSize: corpus.tokenizer.vocabSize };
  // A resumed run continues with the shape it was saved with; a run from another run takes that run's shape.
  const shaped = job.resume?.file ?? job.source?.checkpoint;
  if (shaped) modelConfig = { ...(await readCheckpointHeader(shaped)).config, dropout: c.dropout };
  if (modelConfig.vocabSize !== corpus.tokenizer.vocabSize)
    throw new StudioError(
      'bad_input',
      `the checkpoint it starts from has a vocabulary of ${modelConfig.vocabSize} tokens, the run's tokenizer ${corpus.tokenizer.vocabSize}: fine-tune from a run trained with the same itemIds`,
      { field: 'itemIds' },
    );
  resolved.model = modelConfig;
  resolved.itemIdSet = job.itemIdSet;
  resolved.trainExamples = Object.fromEntries((c.families as FamilyName[]).map((f) => [f, trainExamples[f] ?? 0]));
  if (job.calibrated) Object.assign(resolved, job.calibrated);
  if (resolved.pretrainSteps > 0 && corpus.records.length === 0)
    throw new Error('pretrainSteps needs textualized records: textualize the dataset on the Entities page, or set pretrainSteps to 0');
  return { resolved, trainExamples };
}

export async function runTraining(db: Db, job: TrainJob, send: (m: TrainMessage) => void, shouldStop: () => boolean): Promise<void> {
  const c = job.config;
  send({ type: 'phase', phase: 'starting the compute back end' });
  const choice = await initBackend(c.backend === 'auto' ? {} : { prefer: c.backend });
  const note = choice.skipped.length ? `skipped: ${choice.skipped.map((s) => `${s.rung} (${s.reason})`).join('; ')}` : '';

  send({ type: 'phase', phase: 'reading the dataset and templates' });
  const corpus = runCorpus(db, job, (phase) => send({ type: 'phase', phase }));
  const tokFile = join(job.runDir, 'tokenizer.json');
  if (!existsSync(tokFile)) writeAtomic(tokFile, JSON.stringify(corpus.tokenizer.toJSON()));
  const { resolved, trainExamples } = await resolveRun(job, corpus);
  const totalSteps = resolved.pretrainSteps + resolved.steps;

  send({ type: 'phase', phase: 'building the model' });
  const { model, optimizer, step } = await startingModel(c, resolved.model, {
    source: job.source,
    resume: job.resume,
    warmupSteps: resolved.warmupSteps,
    totalSteps,
  });
  send({
    type: 'ready',
    backend: [choice.backend === choice.rung ? choice.backend : `${choice.backend} (${choice.rung})`, choice.detail]
      .filter(Boolean)
      .join(': '),
    note,
    resolved,
    totalSteps,
    startStep: step,
    trainExamples,
  });
  await trainSteps({ job, corpus, resolved, model, optimizer, send, shouldStop }, step, totalSteps);
}
