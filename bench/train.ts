/**
 * Training throughput of the GLM on the studio's default back end (the ladder of DESIGN.md §Compute) beside the
 * same model's PyTorch CPU step (bench/train_reference.py), for the two bench shapes of issue #5.
 * Run: node --import tsx bench/train.ts --preset small|base [--steps N] [--backend RUNG] [--threads N] [--profile] [--no-reference]
 * (--threads sets the native kernels' thread count; STUDIO_BLAS=own makes them use the project's own SGEMM.)
 * Prints `studio <backend> <N> tokens/s`, then `pytorch <N> tokens/s` (or `pytorch unavailable: <why>`) and
 * `ratio <studio/pytorch>`. tokens/s = batch·context·steps / seconds over the timed steps (after 3 warm-up
 * steps; at least --steps steps and at least 5 s). Batches are drawn outside the timed region.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../main/model/backend';
import { createGlm } from '../main/model/glm';
import { AdamW } from '../main/model/optimizer';
import { trainStep } from '../main/model/train-step';
import { PRESETS, SPECIAL, type Batch, type ModelConfig } from '../main/model/types';
import { mulberry32, randomInt, type Rng } from '../main/random';

const BATCH = 16;
const WARMUP_STEPS = 3;
const MIN_SECONDS = 5;
const SPAN = 4;
const FIRST_REAL = SPECIAL.eop + 1;

const { values } = parseArgs({
  options: {
    preset: { type: 'string', default: 'small' },
    steps: { type: 'string', default: '20' },
    backend: { type: 'string' },
    threads: { type: 'string' },
    seed: { type: 'string', default: '1' },
    profile: { type: 'boolean', default: false },
    'no-reference': { type: 'boolean', default: false },
  },
});
const preset = values.preset;
if (preset !== 'small' && preset !== 'base') throw new Error(`--preset must be small or base, got ${preset}`);
const shape = PRESETS[preset];
const config: ModelConfig = { ...shape, dropout: 0.1 };
const T = shape.maxLength;
const minSteps = Number(values.steps);

/** A bench batch: T tokens per row, sep = T/2, Part B in spans of 4 pointing at one Part A position each. */
function benchBatch(rng: Rng): Batch {
  const sep = T / 2;
  const n = BATCH * T;
  const b: Batch = {
    size: BATCH,
    length: T,
    tokens: new Int32Array(n),
    inter: new Int32Array(n),
    intra: new Int32Array(n),
    sep: new Int32Array(BATCH).fill(sep),
    labels: new Int32Array(n),
    lossMask: new Float32Array(n),
  };
  for (let r = 0; r < BATCH; r++) {
    let spanPos = 0;
    for (let i = 0; i < T; i++) {
      const p = r * T + i;
      b.tokens[p] = FIRST_REAL + randomInt(rng, config.vocabSize - FIRST_REAL);
      if (i < sep) {
        b.inter[p] = i;
        continue;
      }
      const k = i - sep;
      if (k % SPAN === 0) spanPos = randomInt(rng, sep);
      b.inter[p] = spanPos;
      b.intra[p] = (k % SPAN) + 1;
      b.lossMask[p] = 1;
      b.labels[p] = FIRST_REAL + randomInt(rng, config.vocabSize - FIRST_REAL);
    }
  }
  return b;
}

// The native pool reads STUDIO_THREADS when it starts, so the flag must be in place before the back end loads.
if (values.threads) process.env.STUDIO_THREADS = values.threads;
const choice = await initBackend(values.backend ? { prefer: values.backend } : {});
for (const s of choice.skipped) console.error(`skipped ${s.rung}: ${s.reason}`);
if (choice.detail) console.error(`${choice.backend}: ${choice.detail}`);
const seed = Number(values.seed);
const rng = mulberry32(seed);
const model = createGlm(config, seed);
const optimizer = new AdamW(model.trainable(), { lr: 1e-3, warmupSteps: 0, totalSteps: 1_000_000 });

let step = 0;
let timedSteps = 0;
let seconds = 0;
let lastLoss = NaN;
while (step < WARMUP_STEPS || timedSteps < minSteps || seconds < MIN_SECONDS) {
  const batch = benchBatch(rng);
  const start = performance.now();
  lastLoss = trainStep(model, batch, optimizer, step, seed).loss;
  const elapsed = (performance.now() - start) / 1000;
  if (step >= WARMUP_STEPS) {
    timedSteps++;
    seconds += elapsed;
  }
  step++;
}
const studio = (BATCH * T * timedSteps) / seconds;
console.error(
  `${preset}: ${timedSteps} timed steps in ${seconds.toFixed(2)} s, last loss ${lastLoss.toFixed(4)}, ${tf.memory().numTensors} tensors`,
);
console.log(`studio ${choice.backend} ${Math.round(studio)} tokens/s`);

if (values.profile) {
  const batch = benchBatch(rng);
  const info = await tf.profile(() => void trainStep(model, batch, optimizer, step, seed));
  const byKernel = new Map<string, { ms: number; calls: number }>();
  // tf.profile also lists op scopes (fusedMatMul__op, custom gradients) around their kernels: keep kernels only.
  for (const k of info.kernels.filter((k) => tf.getKernel(k.name, tf.getBackend()) != null)) {
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    const e = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
    byKernel.set(k.name, { ms: e.ms + ms, calls: e.calls + 1 });
  }
  const total = [...byKernel.values()].reduce((a, e) => a + e.ms, 0);
  console.log(`profile of one ${preset} step on ${choice.backend}: ${total.toFixed(1)} ms in kernels`);
  for (const [name, e] of [...byKernel].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) {
    console.log(
      `  ${name.padEnd(22)} ${e.ms.toFixed(1).padStart(9)} ms ${String(e.calls).padStart(5)} calls ${((100 * e.ms) / total).toFixed(1).padStart(5)}%`,
    );
  }
}

if (!values['no-reference']) {
  const script = fileURLToPath(new URL('./train_reference.py', import.meta.url));
  // Debian's python3-torch lives with the system interpreter; a pyenv or venv `python3` on PATH may lack it.
  const python = process.env.STUDIO_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
  const r = spawnSync(python, [script, '--preset', preset], { encoding: 'utf8', env: { ...process.env, OPENBLAS_NUM_THREADS: '1' } });
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('pytorch '));
  const measured = line?.match(/^pytorch (\d+(?:\.\d+)?) tokens\/s$/);
  if (measured) {
    console.log(line);
    console.log(`ratio ${(studio / Number(measured[1])).toFixed(3)}`);
  } else {
    const why = line ?? (r.error?.message || r.stderr?.trim().split('\n').pop() || `exit code ${r.status}`);
    console.log(why.startsWith('pytorch unavailable') ? why : `pytorch unavailable: ${why}`);
  }
}
model.dispose();
optimizer.dispose();
