/**
 * Issue #10's figures: on ml-100k (every user, leave-one-out, full catalog minus the history), the studio's
 * model trained with each identifier scheme — at an equal time budget, pretraining included — next to
 * most-popular, item-kNN, BPR, SASRec and a first-order Markov chain fitted in the same run. Each run's test
 * lists are also exported as JSONL and scored again by bench/score-lists.ts, which reads the raw dataset files
 * and shares no code with the studio.
 *
 *   node --import tsx bench/recommend.ts [--data ../shared/datasets/ml-100k] [--ids title,atomic,sequential,collaborative,semantic]
 *        [--minutes 10 | --steps N] [--preset tiny] [--context 192] [--batch 32] [--lr 0.002] [--pretrain-share 0.5]
 *        [--users 943] [--templates 2-3,2-13] [--cold 0] [--no-sasrec] [--seed 1] [--out bench/.out]
 *
 * --cold 0.1 holds 10% of the items out of training (their interactions are dropped except where one is a
 * user's test item), so those items are cold for every scheme: the table then splits warm and cold targets.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { GenerationSet } from '../preload/api-generation';
import type { ItemIdSet } from '../preload/api-itemids';
import type { Run } from '../preload/api-training';
import { runImport } from '../main/datasets/import';
import { Studio } from '../main/studio';
import { parseRunConfig } from '../main/training/config';
import { scoreLists, type Scores } from './score-lists';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/datasets/ml-100k' },
    ids: { type: 'string', default: 'title,atomic,sequential,collaborative,semantic' },
    minutes: { type: 'string', default: '10' },
    steps: { type: 'string' },
    preset: { type: 'string', default: 'tiny' },
    context: { type: 'string', default: '192' },
    batch: { type: 'string', default: '32' },
    lr: { type: 'string', default: '0.002' },
    'pretrain-share': { type: 'string', default: '0.5' },
    users: { type: 'string', default: '943' },
    templates: { type: 'string', default: '2-3,2-13' },
    'train-templates': { type: 'string', default: '2-1,2-2,2-3,2-4,2-6' },
    cold: { type: 'string', default: '0' },
    'no-sasrec': { type: 'boolean', default: false },
    'content-weight': { type: 'string' },
    levels: { type: 'string' },
    window: { type: 'string' },
    codebook: { type: 'string' },
    width: { type: 'string' },
    layers: { type: 'string' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: 'bench/.out' },
  },
});

const dir = resolve(values.data);
// Any RecBole atomic dataset: the folder's X.inter (and X.item, X.user when present).
const found = readdirSync(dir).find((f) => f.endsWith('.inter'));
if (!found) throw new Error(`no .inter file in ${dir}`);
const inter: string = found;
const stem = inter.slice(0, -'.inter'.length);
const sideFiles = ['item', 'user'].map((x) => join(dir, `${stem}.${x}`)).filter((f) => existsSync(f));
const outDir = resolve(values.out);
mkdirSync(outDir, { recursive: true });
const cold = Number(values.cold);
const studio = await Studio.open({ dataDir: mkdtempSync(join(tmpdir(), 'bench-recommend-')), mode: 'serve', sample: false });

/** With --cold: a copy of the interactions without the held-out items' rows, except each user's last one (the test item). */
function interactionsFile(): { file: string; heldOut: Set<string> } {
  const file = join(dir, inter);
  if (cold <= 0) return { file, heldOut: new Set() };
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  const rows = lines.slice(1).map((l, k) => {
    const [u, i, , t] = l.split('\t');
    return { u: u!, i: i!, t: Number(t), k, line: l };
  });
  const items = [...new Set(rows.map((r) => r.i))].sort();
  // A seeded pick: the same items for every scheme and every rerun.
  let h = 0x9e3779b9 ^ Number(values.seed);
  const rand = (): number => {
    h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return ((h ^= h >>> 16) >>> 0) / 2 ** 32;
  };
  const heldOut = new Set(items.filter(() => rand() < cold));
  const last = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    const cur = last.get(r.u);
    if (!cur || r.t > cur.t || (r.t === cur.t && r.k > cur.k)) last.set(r.u, r);
  }
  const keep = rows.filter((r) => !heldOut.has(r.i) || last.get(r.u) === r);
  const out = join(mkdtempSync(join(tmpdir(), 'bench-cold-')), inter);
  writeFileSync(out, `${[lines[0]!, ...keep.map((r) => r.line)].join('\n')}\n`);
  return { file: out, heldOut };
}

const { file: interFile, heldOut } = interactionsFile();
const imported = await runImport(studio.db, {
  files: [interFile, ...sideFiles],
  format: 'recbole',
  name: stem,
});
const datasetId = imported.datasetId;
console.log(
  `imported ${stem}: ${imported.users} users, ${imported.items} items, ${imported.interactions} interactions${cold > 0 ? ` (${heldOut.size} items held out of training)` : ''}`,
);

const wait = <T>(start: (done: (v: T) => void) => void): Promise<T> => new Promise(start);

let lastPrint = 0;
studio.events.on('job.progress', (j) => {
  if (Date.now() - lastPrint > 60_000) {
    lastPrint = Date.now();
    console.log(`  ${j.kind}: ${j.done}/${j.total ?? '?'} ${j.phase}`);
  }
});

console.log('baselines…');
const t0 = performance.now();
const baselines = await wait<Awaited<ReturnType<typeof studio.evaluation.baselines>>['report']>((done) =>
  studio.evaluation.baselines(datasetId, Number(values.seed), true, { sasrec: !values['no-sasrec'], sasrecEpochs: 30 }, (r) => done(r)),
);
console.log(`baselines in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

interface Row {
  scheme: string;
  set: ItemIdSet | null;
  run: Run;
  minutes: number;
  byTemplate: Record<string, Record<string, number>>;
  msPerUser: number | null;
  rescored: Record<string, Scores>;
}
const rows: Row[] = [];
const evalTemplates = values.templates.split(',');
const users = Number(values.users);
const minutes = Number(values.minutes);
const share = Number(values['pretrain-share']);
// --steps trains a fixed number of steps instead of a time budget (for comparisons on a busy machine).
const fixedSteps = values.steps === undefined ? undefined : Number(values.steps);

for (const scheme of values.ids.split(',')) {
  console.log(`\n== ${scheme}: identifiers…`);
  const built = studio.itemIds.build({
    datasetId,
    scheme: scheme as 'semantic',
    ...(values['content-weight'] ? { contentWeight: Number(values['content-weight']) } : {}),
    seed: Number(values.seed),
    ...(scheme === 'semantic' && values.levels ? { levels: Number(values.levels) } : {}),
    ...(scheme === 'semantic' && values.codebook ? { codebook: Number(values.codebook) } : {}),
    ...(values.window ? { window: Number(values.window) } : {}),
  });
  const set = await wait<ItemIdSet>((done) => {
    const off = studio.events.on('job.finished', (p) => {
      if (p.jobId === built.jobId)
        setImmediate(() => {
          off();
          done(studio.itemIds.get(built.setId));
        });
    });
  });
  if (set.status !== 'done') throw new Error(`identifier set ${scheme} ${set.status}: ${set.error}`);
  const levels = set.stats!.levels.map((l) => `${l.codesUsed}/${l.size}`).join(' × ');
  console.log(
    `   ${set.stats!.uniqueItems} unique of ${set.stats!.items}, ${set.stats!.collisions} collisions${levels ? `, codes ${levels}` : ''}, ${set.stats!.seconds.toFixed(1)} s`,
  );

  // Step counts only fix the pretraining share: the time budget sizes the run.
  const config = {
    name: `bench ${scheme}`,
    preset: values.preset,
    ...(values.width ? { width: Number(values.width), heads: Math.max(2, Number(values.width) / 32), ffn: 4 * Number(values.width) } : {}),
    ...(values.layers ? { layers: Number(values.layers) } : {}),
    contextLength: Number(values.context),
    families: ['sequential'],
    templates: values['train-templates'].split(','),
    itemIds: set.name,
    ...(fixedSteps ? {} : { minutes }),
    pretrainSteps: Math.round((fixedSteps ?? 1000) * share),
    steps: Math.round((fixedSteps ?? 1000) * (1 - share)),
    objectives: { mask: 0.2, sMask: 0, gMask: 0.8 },
    batchSize: Number(values.batch),
    learningRate: Number(values.lr),
    checkpointEvery: 1000,
    seed: Number(values.seed),
  };
  console.log(`   training ${JSON.stringify(config)}`);
  const run = await wait<Run>((done) => studio.training.start(datasetId, parseRunConfig(config), done));
  const summary = run.summary!;
  const trainedMinutes = (studio.training.store.metrics(run.id).at(-1)?.elapsed ?? 0) / 60;
  console.log(
    `   trained ${summary.steps} steps in ${trainedMinutes.toFixed(1)} min on ${summary.backend}, loss ${summary.initialLoss?.toFixed(3)} → ${summary.finalLoss?.toFixed(3)}, ${summary.tokensPerSecond} tokens/s`,
  );
  const gen = await wait<GenerationSet>((done) =>
    studio.generation.start(
      {
        runId: run.id,
        family: 'sequential',
        split: 'test',
        templates: evalTemplates,
        limit: users * evalTemplates.length,
        decoding: { method: 'beam', width: 20, temperature: 1, topK: 0, topP: 1, seed: 1, maxTokens: 48, batch: 32 },
      },
      done,
    ),
  );
  const report = studio.evaluation.report(run.id, 'test');
  const seq = report.families.find((f) => f.family === 'sequential')!;
  const rescored: Row['rescored'] = {};
  for (const t of evalTemplates) {
    const exported = studio.generation.lists(gen.id, t);
    const file = join(outDir, `recommend-${scheme}-${t}.jsonl`);
    writeFileSync(file, exported.lists.map((l) => JSON.stringify(l)).join('\n') + '\n');
    rescored[t] = scoreLists(dir, file, heldOut);
  }
  rows.push({ scheme, set, run, minutes: trainedMinutes, byTemplate: seq.byTemplate, msPerUser: gen.msPerExample, rescored });
}

const fmt = (v: number | undefined | null): string => (v === undefined || v === null ? '–' : v.toFixed(4));
const w = 34;
console.log(
  `\n${stem}, leave-one-out test, ${users} users; full catalog minus history; the studio's model per identifier scheme (${values.preset}, ${fixedSteps === undefined ? `${minutes} min` : `${fixedSteps} steps`} each incl. pretraining) and baselines from this run`,
);
console.log(
  `${'model'.padEnd(w)} ${'minutes'.padStart(7)} ${'HR@10'.padStart(7)} ${'NDCG@10'.padStart(8)} ${'HR@5'.padStart(7)} ${'NDCG@5'.padStart(7)} ${'ms/user'.padStart(8)}`,
);
for (const m of baselines?.models ?? []) {
  if (!('HR@10' in m.metrics)) continue;
  console.log(
    `${m.name.padEnd(w)} ${(m.seconds / 60).toFixed(1).padStart(7)} ${fmt(m.metrics['HR@10']).padStart(7)} ${fmt(m.metrics['NDCG@10']).padStart(8)} ${fmt(m.metrics['HR@5']).padStart(7)} ${fmt(m.metrics['NDCG@5']).padStart(7)} ${'–'.padStart(8)}`,
  );
}
for (const r of rows) {
  for (const t of evalTemplates) {
    const m = r.byTemplate[t] ?? {};
    const name = `studio ${r.scheme} ${t}${t === evalTemplates.at(-1) && evalTemplates.length > 1 ? ' (unseen)' : ''}`;
    console.log(
      `${name.padEnd(w)} ${r.minutes.toFixed(1).padStart(7)} ${fmt(m['HR@10']).padStart(7)} ${fmt(m['NDCG@10']).padStart(8)} ${fmt(m['HR@5']).padStart(7)} ${fmt(m['NDCG@5']).padStart(7)} ${(r.msPerUser?.toFixed(1) ?? '–').padStart(8)}`,
    );
  }
}
console.log('\nthe exported lists scored by bench/score-lists.ts (raw files, no studio code): HR@10 / NDCG@10 (warm / cold targets)');
for (const r of rows)
  for (const t of evalTemplates) {
    const s = r.rescored[t]!;
    const split =
      s.warm && s.cold
        ? `  (warm ${fmt(s.warm.hr10)} / ${fmt(s.warm.ndcg10)} over ${s.warm.users}, cold ${fmt(s.cold.hr10)} / ${fmt(s.cold.ndcg10)} over ${s.cold.users})`
        : '';
    console.log(`  ${r.scheme.padEnd(14)} ${t.padEnd(5)} ${fmt(s.hr10)} / ${fmt(s.ndcg10)} over ${s.users} users${split}`);
  }
await studio.close();
