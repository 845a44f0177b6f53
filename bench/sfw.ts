/**
 * Epochs and seconds each Frank-Wolfe method needs to bring the exact gap to ≤ 1e-3 on a planted ℓ1-constrained
 * logistic problem with sparse (CSR) features. Run: node --import tsx bench/sfw.ts [--n N] [--d D] [--max-epochs E]
 * Every method evaluates the exact gap once per epoch (one full pass); that pass is included in the seconds.
 * SFW runs in its scaled ℓ1 form (x = c·y, iterate.ts) unless the row says "plain dense iterate"; both take the
 * same steps, so their epoch counts match and only the seconds differ.
 */
import { parseArgs } from 'node:util';
import { CsrMatrix, frankWolfe, l1Ball, logistic, mhk, mulberry32, randomInt, randomNormal, sfw, sigmoid, type GlmProblem, type SolveResult } from '../main/optim';

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
  },
});
const n = Number(values.n);
const d = Number(values.d);
const density = Number(values.density);
const support = Number(values.support);
const maxEpochs = Number(values['max-epochs']);
const target = Number(values.target);
const rng = mulberry32(Number(values.seed));
const scale = Number(values.scale);
const radiusFactor = Number(values['radius-factor']);

/**
 * Rows with density·d non-zeros at random columns, values N(0, scale²); a planted w with `support` entries of
 * magnitude 1–2 and random sign; labels ~ Bernoulli(σ(a_iᵀw)); the ℓ1 radius is radius-factor·‖w‖₁.
 */
function plantedProblem(): { problem: GlmProblem; planted: Float64Array } {
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

interface Row {
  method: string;
  batch: number;
  reached: number | null;
  lastGap: number;
  seconds: number;
}

function measure(method: string, batch: number, solve: (onEpoch: (r: { epoch: number; gap: number | null }) => void | 'stop') => SolveResult): Row {
  let reached: number | null = null;
  let lastGap = Number.NaN;
  const start = performance.now();
  solve((record) => {
    lastGap = record.gap ?? Number.NaN;
    if (record.gap !== null && record.gap <= target) {
      reached = record.epoch;
      return 'stop';
    }
  });
  const seconds = (performance.now() - start) / 1000;
  process.stderr.write(`${method} (batch ${batch}) done in ${seconds.toFixed(2)} s\n`);
  return { method, batch, reached, lastGap, seconds };
}

const t0 = performance.now();
const { problem } = plantedProblem();
process.stderr.write(
  `problem: n=${n} d=${d} nnz=${problem.features.nnz} (${((100 * problem.features.nnz) / (n * d)).toFixed(1)}%) ` +
    `ℓ1 radius ${problem.constraint.radius.toFixed(3)}; generated in ${((performance.now() - t0) / 1000).toFixed(2)} s\n`,
);

const rows: Row[] = [
  measure('SFW', 1, (onEpoch) => sfw(problem, { epochs: maxEpochs, batchSize: 1, onEpoch })),
  measure('SFW, plain dense iterate', 1, (onEpoch) => sfw(problem, { epochs: maxEpochs, batchSize: 1, scaledL1: false, onEpoch })),
  measure('SFW', 100, (onEpoch) => sfw(problem, { epochs: maxEpochs, batchSize: 100, onEpoch })),
  measure('MHK', 1, (onEpoch) => mhk(problem, { epochs: maxEpochs, batchSize: 1, onEpoch })),
  measure('FW (deterministic)', n, (onEpoch) => frankWolfe(problem, { epochs: maxEpochs, onEpoch })),
];

const header = ['method', 'batch', `epochs to gap ≤ ${target}`, 'seconds'];
const cells = rows.map((r) => [
  r.method,
  String(r.batch),
  r.reached !== null ? String(r.reached) : `not reached (gap ${r.lastGap.toExponential(2)} after ${maxEpochs})`,
  r.seconds.toFixed(2),
]);
const widths = header.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c]!.length)));
const line = (row: string[]) => `| ${row.map((v, c) => v.padEnd(widths[c]!)).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of cells) console.log(line(row));
