/**
 * Writes a run as a bundle (in the worker that owns the tensors): the model the runner would train, at a
 * checkpoint or at its initial weights (training/starting-model.ts), the batches drawBatch gives for the bundled steps
 * (write-steps.ts), the studio's loss and gradients for the first of them, the tokenizer, the trainer script and its
 * README. Everything goes to a temporary folder that is renamed into place at the end, so a failed export leaves
 * nothing behind.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Db } from '../db/connection';
import { initBackend } from '../model/backend';
import type { Glm } from '../model/glm';
import { ADAMW_DEFAULTS, type AdamW, FINAL_LR_FRACTION } from '../model/optimizer';
import type { ModelConfig } from '../model/types';
import { runCorpus } from '../training/runner';
import { startingModel } from '../training/starting-model';
import { VERSION } from '../version';
import type { ExportJob, ExportMessage } from './export-job';
import { BUNDLE_FORMAT, BUNDLE_VERSION, FILES, Manifest } from './format';
import { readmeFor } from './readme';
import { writeItemIds, writeParity, writeWeights } from './write-model';
import { writeSteps, type WrittenSteps } from './write-steps';

const README_TEMPLATE = 'README.template.md';

interface Written {
  model: ModelConfig;
  glm: Glm;
  optimizer: AdamW;
  totalSteps: number;
  start: number;
  end: number;
  steps: WrittenSteps;
  itemIds: Manifest['itemIds'];
  studioLoss: number;
  backend: string;
}

/** The bundle's manifest: the run, the model and optimizer as bundled, the shards, and the parity figures. */
function manifestOf(job: ExportJob, w: Written): Manifest {
  const c = job.config;
  const r = job.resolved;
  return Manifest.parse({
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    createdAt: new Date().toISOString(),
    studioVersion: VERSION,
    run: { id: job.runId, name: job.runName, dataset: job.datasetName, config: { ...c }, resolved: { ...r } },
    model: w.model,
    lora: w.glm.lora ? { ...w.glm.lora, targets: [...w.glm.lora.targets] } : null,
    params: [...w.glm.params].map(([name, v]) => ({ name, shape: v.shape, trainable: v.trainable })),
    optimizer: {
      lr: c.learningRate,
      warmupSteps: r.warmupSteps,
      totalSteps: w.totalSteps,
      finalLrFraction: FINAL_LR_FRACTION,
      beta1: ADAMW_DEFAULTS.beta1,
      beta2: ADAMW_DEFAULTS.beta2,
      eps: ADAMW_DEFAULTS.eps,
      weightDecay: c.weightDecay,
      clipNorm: c.clipNorm,
    },
    seed: c.seed,
    batchSize: c.batchSize,
    startStep: w.start,
    endStep: w.end,
    adamStep: w.optimizer.step,
    checkpointEvery: c.checkpointEvery,
    rowLabels: w.steps.rowLabels,
    itemIds: w.itemIds,
    shards: w.steps.shards,
    tokens: w.steps.tokens,
    parity: { step: w.start, studioLoss: w.studioLoss, backend: w.backend, gradients: FILES.parity },
  });
}

/** Refuses an output folder that holds anything: a bundle is written whole or not at all. */
export function checkOutFolder(out: string): void {
  if (existsSync(out) && readdirSync(out).length > 0) throw new Error(`${out} exists and is not empty: choose a new folder for the bundle`);
  if (!existsSync(dirname(out))) throw new Error(`${dirname(out)} does not exist`);
}

export async function writeBundle(db: Db, job: ExportJob, send: (m: ExportMessage) => void): Promise<void> {
  checkOutFolder(job.out);
  const c = job.config;
  const r = job.resolved;
  send({ type: 'phase', phase: 'starting the compute back end' });
  const choice = await initBackend(c.backend === 'auto' ? {} : { prefer: c.backend });

  send({ type: 'phase', phase: 'reading the dataset, templates and tokenizer' });
  const tokFile = join(job.runDir, FILES.tokenizer);
  if (!existsSync(tokFile)) throw new Error(`run ${job.runId} has no tokenizer yet (${tokFile}): start the run first`);
  const corpus = runCorpus(db, job, (phase) => send({ type: 'phase', phase }));

  const model: ModelConfig = { ...r.model, dropout: c.dropout };
  const totalSteps = r.pretrainSteps + r.steps;
  send({ type: 'phase', phase: 'building the model' });
  // Built as the runner builds it, so the bundle holds exactly what training would continue from.
  const {
    model: glm,
    optimizer,
    step: start,
  } = await startingModel(c, model, {
    source: job.source,
    resume: job.checkpoint,
    warmupSteps: r.warmupSteps,
    totalSteps,
  });
  const end = start + (job.steps ?? totalSteps - start);
  if (end <= start)
    throw new Error(
      `run ${job.runId} has finished its ${totalSteps} steps at step ${start}: give the number of steps to bundle (--steps N)`,
    );

  const tmp = join(dirname(job.out), `.${basename(job.out)}.tmp-${process.pid}-${Date.now()}`);
  mkdirSync(join(tmp, FILES.shards), { recursive: true });
  try {
    send({ type: 'phase', phase: `drawing the batches of steps ${start}–${end - 1}` });
    const steps = writeSteps(tmp, corpus, c, r, { start, end }, send);
    send({ type: 'phase', phase: 'computing the studio loss and gradients of the first batch' });
    const studioLoss = await writeParity(tmp, glm, steps.first, c.seed, start);
    send({ type: 'phase', phase: 'writing the weights' });
    await writeWeights(tmp, glm, optimizer, model, job.runId, start);
    const itemIds = job.itemIdSet ? writeItemIds(db, tmp, job.itemIdSet) : null;
    const manifest = manifestOf(job, {
      model,
      glm,
      optimizer,
      totalSteps,
      start,
      end,
      steps,
      itemIds,
      studioLoss,
      backend: choice.backend,
    });
    copyFileSync(tokFile, join(tmp, FILES.tokenizer));
    copyFileSync(join(job.scriptDir, FILES.script), join(tmp, FILES.script));
    writeFileSync(join(tmp, FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
    writeFileSync(join(tmp, FILES.readme), readmeFor(manifest, readFileSync(join(job.scriptDir, README_TEMPLATE), 'utf8')));
    if (existsSync(job.out)) rmSync(job.out, { recursive: true });
    renameSync(tmp, job.out);
    const bytes = folderBytes(job.out);
    send({ type: 'done', manifest, bytes });
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  } finally {
    glm.dispose();
    optimizer.dispose();
  }
}

/** Bytes under a folder, every file counted. */
export function folderBytes(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true }))
    n += e.isDirectory() ? folderBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size;
  return n;
}
