/**
 * Issue #11's figures on ml-100k, in one run: the click ranker's AUC and GAUC with LUM's features, without them
 * (the reference), and the paper's two ablations (no condition tokens; the interest vectors alone, "direct features
 * only"); the scaling sweep (test AUC against parameters and training compute for tiny / small / base); and group
 * query of 10 conditions against 10 separate passes over the same users (the reference), with the largest
 * difference between their vectors.
 *
 *   node --import tsx bench/lum.ts [--data ../shared/datasets/ml-100k] [--steps 600] [--sizes tiny,small,base]
 *        [--main small] [--batch 16] [--seeds 1,2,3] [--repeat 3] [--json FILE]
 *
 * Every ranker is trained once per seed (the seed draws the sampled items and the validation users too); the
 * tables give the mean over the seeds and the lowest and highest.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { LumRanking, LumRun } from '../preload/api-lum';
import { runImport } from '../main/datasets/import';
import { readVocab } from '../main/lum/config';
import { encodeUsers, itemFeatures } from '../main/lum/data';
import { LumModel, type LumShape } from '../main/lum/model';
import { interestVectors } from '../main/lum/runner';
import { readLumRows } from '../main/lum/sql';
import { initBackend } from '../main/model/backend';
import { loadCheckpoint, readCheckpointHeader } from '../main/model/checkpoint';
import { Studio } from '../main/studio';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/datasets/ml-100k' },
    steps: { type: 'string', default: '600' },
    sizes: { type: 'string', default: 'tiny,small,base' },
    main: { type: 'string', default: 'small' },
    batch: { type: 'string', default: '16' },
    repeat: { type: 'string', default: '3' },
    seeds: { type: 'string', default: '1,2,3' },
    json: { type: 'string' },
  },
});

const studio = await Studio.open({ dataDir: mkdtempSync(join(tmpdir(), 'bench-lum-')), mode: 'serve', sample: false });
const dir = resolve(values.data);
const imported = await runImport(studio.db, {
  files: [join(dir, 'ml-100k.inter'), join(dir, 'ml-100k.item'), join(dir, 'ml-100k.user')],
  format: 'recbole',
  name: 'ml-100k',
});
const datasetId = imported.datasetId;
console.log(`imported ml-100k: ${imported.users} users, ${imported.items} items, ${imported.interactions} interactions`);

const steps = Number(values.steps);
const sizes = values.sizes.split(',');
const mainSize = values.main;
if (!sizes.includes(mainSize)) sizes.unshift(mainSize);

async function trainRun(preset: string, condition: string | null | undefined): Promise<LumRun> {
  const config = {
    preset,
    steps,
    batchSize: Number(values.batch),
    checkpointEvery: steps,
    seed: 1,
    ...(condition === undefined ? {} : { condition }),
  };
  const t0 = performance.now();
  const run = await new Promise<LumRun>((done) => studio.lum.start(datasetId, config, done));
  if (run.status !== 'done') throw new Error(`LUM ${preset} ${run.status}: ${run.error}`);
  const s = run.summary!;
  console.log(
    `trained LUM ${preset} (condition ${run.resolved!.condition ?? 'none'}): ${s.steps} steps on ${s.backend} in ${((performance.now() - t0) / 1000).toFixed(0)} s, ` +
      `InfoNCE ${s.initialLoss!.toFixed(3)} → ${s.finalLoss!.toFixed(3)}, in-batch accuracy ${(100 * s.finalAccuracy!).toFixed(1)}%, ${s.tokensPerSecond.toLocaleString('en-US')} tokens/s`,
  );
  return run;
}

const seeds = values.seeds.split(',').map(Number);

/** Each variant's rankings, one per seed. */
async function rank(run: LumRun, variants: ('full' | 'direct' | 'without')[]): Promise<Map<string, LumRanking[]>> {
  const t0 = performance.now();
  const out = new Map<string, LumRanking[]>(variants.map((v) => [v, []]));
  for (const seed of seeds) {
    const { rankings, error } = await new Promise<{ rankings: LumRanking[]; error: string | null }>((done) =>
      studio.lum.rank(run.id, variants, (rankings, error) => done({ rankings, error }), seed),
    );
    if (error) throw new Error(`rankers on run ${run.id}: ${error}`);
    for (const r of rankings) if (variants.includes(r.variant)) out.get(r.variant)!.push(r);
  }
  console.log(`  rankers ${variants.join(', ')} × seeds ${seeds.join(', ')} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  return out;
}

interface Stat {
  mean: number;
  lo: number;
  hi: number;
}
const stat = (xs: number[]): Stat => ({ mean: xs.reduce((a, b) => a + b, 0) / xs.length, lo: Math.min(...xs), hi: Math.max(...xs) });
const fmt = (s: Stat): string => (seeds.length > 1 ? `${s.mean.toFixed(4)} (${s.lo.toFixed(4)}–${s.hi.toFixed(4)})` : s.mean.toFixed(4));
const summary = (rs: LumRanking[]) => ({
  auc: stat(rs.map((r) => r.auc)),
  gauc: stat(rs.map((r) => r.gauc)),
  features: rs[0]!.report.features,
  bestEpochs: rs.map((r) => r.report.bestEpoch),
  report: rs[0]!.report,
});

const main = await trainRun(mainSize, 'class');
const mainRanks = await rank(main, ['full', 'direct', 'without']);
const noCond = await trainRun(mainSize, null);
const noCondFull = summary((await rank(noCond, ['full'])).get('full')!);
const bySize = new Map<string, { run: LumRun; ranking: ReturnType<typeof summary> }>([
  [mainSize, { run: main, ranking: summary(mainRanks.get('full')!) }],
]);
for (const size of sizes.filter((s) => s !== mainSize)) {
  const run = await trainRun(size, 'class');
  bySize.set(size, { run, ranking: summary((await rank(run, ['full'])).get('full')!) });
}

// Group query against separate passes, on the main run's checkpoint, in this process.
const choice = await initBackend();
const rows = readLumRows(studio.db, datasetId);
const runDir = join(studio.dataDir, 'lum', String(main.id));
const vocab = readVocab(runDir);
const users = encodeUsers(rows, vocab).filter((u) => u.items.length > 0);
const f = itemFeatures(rows, vocab);
const file = studio.lum.get(main.id).checkpoints.at(-1)!.file;
const model = new LumModel((await readCheckpointHeader(file)).meta.lum as LumShape, 0);
await loadCheckpoint(file, model, null);
const conds = Array.from({ length: Math.min(10, vocab.conditionValues.length) }, (_, i) => i + 1);
const ends = users.map((u) => u.items.length);
const repeat = Number(values.repeat);
const time = (fn: () => Float32Array): { seconds: number; out: Float32Array } => {
  const times: number[] = [];
  let out: Float32Array = new Float32Array();
  for (let r = 0; r < repeat; r++) {
    const t0 = performance.now();
    out = fn();
    times.push((performance.now() - t0) / 1000);
  }
  return { seconds: times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!, out };
};
interestVectors(model, f, users.slice(0, 64), ends, conds); // warm-up: kernels and shapes
const grouped = time(() => interestVectors(model, f, users, ends, conds));
const separate = time(() => {
  const d = model.shape.width;
  const out = new Float32Array(users.length * conds.length * d);
  conds.forEach((c, q) => {
    const one = interestVectors(model, f, users, ends, [c]);
    for (let u = 0; u < users.length; u++) out.set(one.subarray(u * d, (u + 1) * d), (u * conds.length + q) * d);
  });
  return out;
});
let maxDiff = 0;
for (let i = 0; i < grouped.out.length; i++) maxDiff = Math.max(maxDiff, Math.abs(grouped.out[i]! - separate.out[i]!));
model.dispose();

// The figures.
const full = summary(mainRanks.get('full')!);
const without = summary(mainRanks.get('without')!);
const direct = summary(mainRanks.get('direct')!);
const rep = full.report;
console.log(
  `\nclick ranker on ml-100k (clicks: rating ≥ 4; test rows: each user's newest interactions and as many sampled unseen items, ` +
    `${rep.testRows.toLocaleString('en-US')} rows of ${rep.testUsers} users, ${(100 * rep.positiveShare).toFixed(1)}% clicks; LUM ${mainSize}, ${steps} steps; ` +
    `mean over ranker seeds ${seeds.join(', ')}${seeds.length > 1 ? ', lowest–highest in brackets' : ''})`,
);
console.log('| ranker | features | AUC | GAUC | best epochs |');
console.log('| --- | ---: | ---: | ---: | --- |');
for (const [label, r] of [
  ['with LUM features', full],
  ['without LUM features (reference)', without],
  ['ablation: no condition tokens', noCondFull],
  ['ablation: direct features only', direct],
] as const)
  console.log(`| ${label} | ${r.features} | ${fmt(r.auc)} | ${fmt(r.gauc)} | ${r.bestEpochs.join(', ')} |`);
const gain = full.auc.mean - without.auc.mean;
console.log(
  `goal AUC(with) ≥ AUC(without) + 0.01: ${gain >= 0.01 ? 'met' : 'NOT met'} (${gain >= 0 ? '+' : ''}${gain.toFixed(4)} on the mean)`,
);

console.log(`\nscaling (the ranker with LUM features; every size ${steps} steps of ${values.batch} rows × 128 tokens)`);
console.log('| LUM | layers × width | parameters | non-embedding | compute (FLOPs) | final InfoNCE | AUC | GAUC |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
const order = ['tiny', 'small', 'base'].filter((s) => bySize.has(s));
for (const size of order) {
  const { run, ranking } = bySize.get(size)!;
  const r = run.resolved!;
  console.log(
    `| ${size} | ${r.layers} × ${r.width} | ${r.params.toLocaleString('en-US')} | ${r.nonEmbeddingParams.toLocaleString('en-US')} | ${run.summary!.compute.toExponential(2)} | ${run.summary!.finalLoss!.toFixed(3)} | ${fmt(ranking.auc)} | ${fmt(ranking.gauc)} |`,
  );
}
const aucs = order.map((s) => bySize.get(s)!.ranking.auc.mean);
const rising = aucs.every((a, i) => i === 0 || a > aucs[i - 1]!);
console.log(`goal: AUC rising with size: ${rising ? 'met' : 'NOT met'} (${aucs.map((a) => a.toFixed(4)).join(' → ')})`);

const speedup = separate.seconds / grouped.seconds;
console.log(
  `\ngroup query on ${choice.backend}: ${conds.length} conditions × ${users.length} users (whole histories, at most 64 pairs), median of ${repeat}`,
);
console.log('| pass | seconds | users/s |');
console.log('| --- | ---: | ---: |');
console.log(`| group query (one pass per user) | ${grouped.seconds.toFixed(2)} | ${Math.round(users.length / grouped.seconds)} |`);
console.log(
  `| ${conds.length} separate passes (reference) | ${separate.seconds.toFixed(2)} | ${Math.round(users.length / separate.seconds)} |`,
);
console.log(
  `speed-up ${speedup.toFixed(2)}× (${(100 * (1 - grouped.seconds / separate.seconds)).toFixed(0)}% of the time saved; goal ≥ 3×: ${speedup >= 3 ? 'met' : 'NOT met'}); ` +
    `largest difference between the two passes' vectors ${maxDiff.toExponential(1)}`,
);

if (values.json)
  writeFileSync(
    values.json,
    JSON.stringify(
      {
        steps,
        seeds,
        rankers: { full, without, direct, noConditionTokens: noCondFull },
        scaling: order.map((s) => ({
          size: s,
          resolved: bySize.get(s)!.run.resolved,
          summary: bySize.get(s)!.run.summary,
          ranking: bySize.get(s)!.ranking,
        })),
        groupQuery: {
          conditions: conds.length,
          users: users.length,
          grouped: grouped.seconds,
          separate: separate.seconds,
          speedup,
          maxDiff,
        },
      },
      null,
      2,
    ),
  );
await studio.close();
