/**
 * Epochs and seconds each Frank-Wolfe method needs to bring the exact gap to ≤ 1e-3 on a planted ℓ1-constrained
 * logistic problem with sparse (CSR) features. Run: node --import tsx bench/sfw.ts [--n N] [--d D] [--max-epochs E]
 * Every method evaluates the exact gap once per epoch (one full pass); that pass is included in the seconds.
 * Each method runs in a fresh process on the same generated problem, so one method's JIT state (polymorphic call
 * sites) does not slow the next.
 * SFW runs in its scaled ℓ1 form (x = c·y, iterate.ts) unless the row says "plain dense iterate"; both take the
 * same steps, so their epoch counts match and only the seconds differ.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  CsrMatrix,
  frankWolfe,
  l1Ball,
  logistic,
  mhk,
  mulberry32,
  randomInt,
  randomNormal,
  sfw,
  sigmoid,
  type EpochRecord,
  type GlmProblem,
  type SolveResult,
} from '../main/optim';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '10000' },
    d: { type: 'string', default: '500' },
    density: { type: 'string', default: '0.05' },
    support: { type: 'string', default: '10' },
    'max-epochs': { type: 'string', default: '200' },
    target: { type: 'string', default: '1e-3' },
    seed: { type: 'string', default: '7' },
    scale: { type: 'string', default: '1' },
    'radius-factor': { type: 'string', default: '1' },
    method: { type: 'string' },
  },
});
const n = Number(values.n);
const d = Number(values.d);
const density = Number(values.density);
const support = Number(values.support);
const maxEpochs = Number(values['max-epochs']);
const target = Number(values.target);
const scale = Number(values.scale);
const radiusFactor = Number(values['radius-factor']);

/**
 * Rows with density·d non-zeros at random columns, values N(0, scale²); a planted w with `support` entries of
 * magnitude 1–2 and random sign; labels ~ Bernoulli(σ(a_iᵀw)); the ℓ1 radius is radius-factor·‖w‖₁.
 */
function plantedProblem(): { problem: GlmProblem; planted: Float64Array } {
  const rng = mulberry32(Number(values.seed));
  const planted = new Float64Array(d);
  for (let k = 0; k < support; k++) {
    let j: number;
    do j = randomInt(rng, d);
    while (planted[j] !== 0);
    planted[j] = (rng() < 0.5 ? -1 : 1) * (1 + rng());
  }
  const perRow = Math.max(1, Math.round(density * d));
  const indptr = new Int32Array(n + 1);
  const indices = new Int32Array(n * perRow);
  const vals = new Float64Array(n * perRow);
  const labels = new Float64Array(n);
  const cols = new Set<number>();
  for (let i = 0; i < n; i++) {
    cols.clear();
    while (cols.size < perRow) cols.add(randomInt(rng, d));
    const sorted = [...cols].sort((p, q) => p - q);
    let z = 0;
    sorted.forEach((j, k) => {
      const v = randomNormal(rng) * scale;
      indices[i * perRow + k] = j;
      vals[i * perRow + k] = v;
      z += v * planted[j]!;
    });
    indptr[i + 1] = (i + 1) * perRow;
    labels[i] = rng() < sigmoid(z) ? 1 : 0;
  }
  let radius = 0;
  for (const w of planted) radius += radiusFactor * Math.abs(w);
  return { problem: { features: new CsrMatrix(n, d, indptr, indices, vals), labels, loss: logistic, constraint: l1Ball(radius) }, planted };
}

interface Outcome {
  reached: number | null;
  lastGap: number;
  seconds: number;
}

const METHODS: Record<
  string,
  { label: string; batch: number; solve: (p: GlmProblem, onEpoch: (r: EpochRecord) => void | 'stop') => SolveResult }
> = {
  'sfw-1': { label: 'SFW', batch: 1, solve: (p, onEpoch) => sfw(p, { epochs: maxEpochs, batchSize: 1, onEpoch }) },
  'sfw-1-plain': {
    label: 'SFW, plain dense iterate',
    batch: 1,
    solve: (p, onEpoch) => sfw(p, { epochs: maxEpochs, batchSize: 1, scaledL1: false, onEpoch }),
  },
  'sfw-100': { label: 'SFW', batch: 100, solve: (p, onEpoch) => sfw(p, { epochs: maxEpochs, batchSize: 100, onEpoch }) },
  'mhk-1': { label: 'MHK', batch: 1, solve: (p, onEpoch) => mhk(p, { epochs: maxEpochs, batchSize: 1, onEpoch }) },
  fw: { label: 'FW (deterministic)', batch: n, solve: (p, onEpoch) => frankWolfe(p, { epochs: maxEpochs, onEpoch }) },
};

/** Runs one method in this process; the parent starts a fresh process per method so JIT state is not shared. */
function runOne(method: string): Outcome {
  const { problem } = plantedProblem();
  let reached: number | null = null;
  let lastGap = Number.NaN;
  const start = performance.now();
  METHODS[method]!.solve(problem, (record) => {
    lastGap = record.gap ?? Number.NaN;
    if (record.gap !== null && record.gap <= target) {
      reached = record.epoch;
      return 'stop';
    }
  });
  return { reached, lastGap, seconds: (performance.now() - start) / 1000 };
}

if (values.method) {
  if (!METHODS[values.method]) throw new Error(`unknown method ${values.method}`);
  process.stdout.write(`${JSON.stringify(runOne(values.method))}\n`);
} else {
  const { problem } = plantedProblem();
  process.stderr.write(
    `problem: n=${n} d=${d} nnz=${problem.features.nnz} (${((100 * problem.features.nnz) / (n * d)).toFixed(1)}%), ` +
      `planted support ${support}, ℓ1 radius ${problem.constraint.radius.toFixed(3)}, max ${maxEpochs} epochs, exact gap every epoch\n`,
  );
  const self = fileURLToPath(import.meta.url);
  const cells = Object.entries(METHODS).map(([key, m]) => {
    const child = spawnSync(process.execPath, [...process.execArgv, self, ...process.argv.slice(2), '--method', key], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`${key} failed: ${child.stderr}`);
    const o = JSON.parse(child.stdout) as Outcome;
    process.stderr.write(`${m.label} (batch ${m.batch}): ${o.seconds.toFixed(2)} s\n`);
    return [
      m.label,
      String(m.batch),
      o.reached !== null ? String(o.reached) : `not reached (gap ${o.lastGap.toExponential(2)} after ${maxEpochs})`,
      o.seconds.toFixed(2),
    ];
  });
  const header = ['method', 'batch', `epochs to exact gap ≤ ${target}`, 'seconds'];
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c]!.length)));
  const line = (row: string[]) => `| ${row.map((v, c) => v.padEnd(widths[c]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of cells) console.log(line(row));
}
