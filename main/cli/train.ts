import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { unfedFamilies } from '../../preload/api-templates';
import { RunConfig, type Run } from '../../preload/api-training';
import { badInput, StudioError } from '../errors';
import { formatSeconds } from '../jobs/progress';
import type { Studio } from '../studio';
import { parseRunConfig } from '../training/config';
import { summarize } from '../training/service';
import { followJob } from './follow';
import { parse, printHelp, withStudio } from './common';
import { EXIT, type CliIo } from './io';

const HELP = `usage: studio train --dataset D --config run.json [--json]
Trains a RecSysLLM-style GLM on dataset D in a worker thread, with a progress bar on stderr, and prints a summary
(--json: {runId, status, steps, backend, initialLoss, finalLoss, lossByFamily, tokensPerSecond, warnings?}).
A ticked family the dataset cannot feed (explanation or review without review text) is named in a warning on stderr
and in --json's warnings; the run trains the others.
run.json: camelCase keys, every one optional, unknown keys refused, e.g.
  {"preset": "tiny", "steps": 40, "batchSize": 8, "families": ["sequential", "rating", "explanation"], "seed": 1, "checkpointEvery": 20}
Keys: name, families, familyWeights, preset (tiny|small|base), layers, width, heads, ffn, contextLength, vocabSize,
dropout, pretrainSteps, objectives {mask, sMask, gMask}, spanOrder (recsysllm|glm), steps | epochs, batchSize,
learningRate, warmupSteps, weightDecay, clipNorm, seed, checkpointEvery, minutes (a time budget), itemIds (an
identifier set's name), templates (seen templates to fine-tune on), from {runId, step}, lora {rank, alpha,
targets}, backend (auto|tfjs-node-gpu|tfjs-node|native|wasm|cpu). Ctrl+C stops after the current step with a
checkpoint; \`studio runs resume R\` continues it.`;

/** Follows a run's job until it ends, drawing progress on stderr; resolves with the finished run. */
export async function follow(studio: Studio, runId: number, jobId: string, io: CliIo): Promise<Run> {
  await followJob(studio, jobId, io, {
    label: 'train',
    unit: 'steps',
    stop: { said: 'stopping after the current step…', run: () => studio.training.stop(runId) },
  });
  return studio.training.get(runId).run;
}

/**
 * One line per ticked family the dataset cannot feed (the run trains without it), as the run form says when it
 * unticks one. Nothing when the config does not parse: starting the run names that problem.
 */
export function unfedWarnings(studio: Studio, datasetId: number, config: unknown): string[] {
  const parsed = RunConfig.safeParse(config);
  if (!parsed.success) return [];
  const { families, seed } = parsed.data;
  const unfed = unfedFamilies(studio.templates.counts(datasetId, families, seed).data);
  return families.flatMap((f) => {
    const why = unfed.get(f);
    return why ? [`${f} is ticked but ${why}: the run trains without it`] : [];
  });
}

export function report(studio: Studio, run: Run, io: CliIo, json: boolean | undefined, warnings: readonly string[] = []): number {
  const summary = run.summary ?? summarize(run, studio.training.store.metrics(run.id));
  if (json) io.out(JSON.stringify({ ...summary, ...(run.error ? { error: run.error } : {}), ...(warnings.length ? { warnings } : {}) }));
  else {
    const fam = Object.entries(summary.lossByFamily)
      .map(([f, l]) => `${f} ${l.toFixed(3)}`)
      .join(', ');
    io.out(
      `run ${run.id} ${run.status}: ${summary.steps} steps on ${summary.backend}, loss ${summary.initialLoss?.toFixed(3) ?? '–'} → ${summary.finalLoss?.toFixed(3) ?? '–'}${fam ? ` (${fam})` : ''}, ${summary.tokensPerSecond.toLocaleString('en-US')} tokens/s`,
    );
    if (run.error) io.err(`error: ${run.error}`);
  }
  return run.status === 'failed' ? EXIT.failure : EXIT.ok;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values } = parse(args, { dataset: { type: 'string', short: 'd' }, config: { type: 'string', short: 'c' } }, false);
  if (values.help) return printHelp(io, HELP, true);
  if (!values.dataset) throw badInput('train: --dataset D is required');
  let config = parseRunConfig({});
  if (values.config) {
    const file = resolve(values.config);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw badInput(`train: cannot read ${file}`);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new StudioError('bad_input', `${file}: not JSON (${(err as Error).message})`, { file });
    }
    config = parseRunConfig(raw, { file, text });
  }
  const ref = values.dataset;
  return withStudio(values['data-dir'], async (studio) => {
    const d = studio.datasets.resolve(ref);
    const warnings = unfedWarnings(studio, d.id, config);
    for (const w of warnings) io.err(`warning: ${w}`);
    const started = Date.now();
    const { runId, jobId } = studio.training.start(d.id, config);
    const finished = await follow(studio, runId, jobId, io);
    if (!values.json) io.err(`finished in ${formatSeconds((Date.now() - started) / 1000)}`);
    return report(studio, finished, io, values.json, warnings);
  });
}
