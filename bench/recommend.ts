/**
 * Issue #6's figures: on ml-100k with its leave-one-out split, the studio's model trained for sequential
 * recommendation against the classic baselines — HR@10 and NDCG@10 over the full catalog (and over the prompt's
 * 100 candidates) — and the generation latency per user of a width-20 constrained beam.
 *
 *   node --import tsx bench/recommend.ts [--data ../shared/datasets/ml-100k] [--steps 600] [--users 200]
 *        [--preset tiny] [--context 128] [--templates 2-3,2-13] [--no-sasrec]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Run } from '../preload/api-training';
import type { GenerationSet } from '../preload/api-generation';
import { runImport } from '../main/datasets/import';
import { Studio } from '../main/studio';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/datasets/ml-100k' },
    steps: { type: 'string', default: '600' },
    users: { type: 'string', default: '200' },
    preset: { type: 'string', default: 'tiny' },
    context: { type: 'string', default: '128' },
    templates: { type: 'string', default: '2-3,2-13' },
    'no-sasrec': { type: 'boolean', default: false },
  },
});

const studio = await Studio.open({ dataDir: mkdtempSync(join(tmpdir(), 'bench-recommend-')), mode: 'serve', sample: false });
const dir = resolve(values.data);
const imported = await runImport(studio.db, {
  files: [join(dir, 'ml-100k.inter'), join(dir, 'ml-100k.item'), join(dir, 'ml-100k.user')],
  format: 'recbole',
  name: 'ml-100k',
});
const datasetId = imported.datasetId;
console.log(`imported ml-100k: ${imported.users} users, ${imported.items} items, ${imported.interactions} interactions`);

const wait = <T>(start: (done: (v: T) => void) => void): Promise<T> => new Promise(start);

console.log('baselines…');
const t0 = performance.now();
const baselines = await wait<Awaited<ReturnType<typeof studio.generation.baselines>>['report']>((done) =>
  studio.generation.baselines(datasetId, 1, true, { sasrec: !values['no-sasrec'], sasrecEpochs: 30 }, (r) => done(r)),
);
console.log(`baselines in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

const config = {
  preset: values.preset,
  contextLength: Number(values.context),
  families: ['sequential'],
  steps: Number(values.steps),
  batchSize: 16,
  checkpointEvery: 200,
  seed: 1,
  name: 'bench',
};
console.log(`training ${JSON.stringify(config)}…`);
let lastPrint = 0;
const off = studio.events.onAny((name, p) => {
  const j = p as { kind?: string; done: number; total: number | null; phase: string };
  if (name === 'job.progress' && Date.now() - lastPrint > 30_000) {
    lastPrint = Date.now();
    console.log(`  ${j.done}/${j.total ?? '?'} ${j.phase}`);
  }
});
const run = await wait<Run>((done) => studio.training.start(datasetId, config, done));
const summary = run.summary!;
console.log(
  `trained: ${summary.steps} steps on ${summary.backend}, loss ${summary.initialLoss?.toFixed(3)} → ${summary.finalLoss?.toFixed(3)}, ${summary.tokensPerSecond} tokens/s`,
);

const templates = values.templates.split(',');
const users = Number(values.users);
const t1 = performance.now();
const set = await wait<GenerationSet>((done) =>
  studio.generation.start(
    {
      runId: run.id,
      family: 'sequential',
      split: 'test',
      templates,
      limit: users * templates.length,
      decoding: { method: 'beam', width: 20, temperature: 1, topK: 0, topP: 1, seed: 1, maxTokens: 48 },
    },
    done,
  ),
);
const seconds = (performance.now() - t1) / 1000;
off();
const report = studio.generation.report(run.id, 'test');
const seq = report.families.find((f) => f.family === 'sequential')!;

const fmt = (v: number | undefined): string => (v === undefined ? '–' : v.toFixed(4));
console.log(
  `\nml-100k, leave-one-out test, ${set.done} examples (${users} users × ${templates.join(', ')}); full catalog minus history / the prompt's 100 candidates`,
);
console.log(`${'model'.padEnd(34)} ${'HR@10'.padStart(8)} ${'NDCG@10'.padStart(8)} ${'HR@10 s'.padStart(8)} ${'NDCG@10 s'.padStart(9)}`);
for (const m of baselines?.models ?? []) {
  if (!('HR@10' in m.metrics)) continue;
  console.log(
    `${m.name.padEnd(34)} ${fmt(m.metrics['HR@10']).padStart(8)} ${fmt(m.metrics['NDCG@10']).padStart(8)} ${fmt(m.metrics['HR@10 (100 sampled)']).padStart(8)} ${fmt(m.metrics['NDCG@10 (100 sampled)']).padStart(9)}`,
  );
}
for (const [t, m] of Object.entries(seq.byTemplate)) {
  const name = `studio ${values.preset} ${t}${templates.indexOf(t) === templates.length - 1 ? ' (unseen)' : ''}`;
  console.log(
    `${name.padEnd(34)} ${fmt(m['HR@10']).padStart(8)} ${fmt(m['NDCG@10']).padStart(8)} ${fmt(m['HR@10 (100 sampled)']).padStart(8)} ${fmt(m['NDCG@10 (100 sampled)']).padStart(9)}`,
  );
}
console.log(
  `\ngeneration: ${(seconds / set.done).toFixed(3)} s per example (a width-20 constrained beam over the catalog plus a width-10 beam over the 100 candidates)`,
);
await studio.close();
