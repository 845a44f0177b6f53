/**
 * Throughput of a run's PyTorch bundle under torchrun (issue #15) beside the studio's own trainer, in one run, on
 * the same batches: a fresh workspace trains a run on the sample for --steps steps, writes its bundle from step 0,
 * then trains that bundle with one process of --threads threads, with `train.py --nproc_per_node=2` (torchrun's
 * launcher, gloo, one thread per process), and so again with torch's own dropout generator (`--dropout torch`). Each line gives tokens/s over the steps after --warmup: the non-padding
 * tokens of those batches (read from the bundle's shards, the same for every trainer) over the seconds their steps
 * took (tokens / the step's own tokens per second), and the largest relative difference of its loss curve from the
 * studio's, which shows the trainers did the same work.
 * Run: node --import tsx bench/bundle.ts [--preset tiny|small|base] [--steps N] [--warmup N] [--batch N] [--threads N] [--backend RUNG]
 * Needs PyTorch (`apt-get install python3-torch`); without it the studio's figure is printed alone, with the reason.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Manifest } from '../main/bundle/format';
import { findPyTorch } from '../main/bundle/python';
import { decodeSafetensors } from '../main/bundle/safetensors';
import { batchFromShard, realTokens } from '../main/bundle/shards';
import { Studio } from '../main/studio';
import { parseRunConfig } from '../main/training/config';
import type { Run } from '../preload/api-training';

const { values } = parseArgs({
  options: {
    preset: { type: 'string', default: 'small' },
    steps: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '3' },
    batch: { type: 'string', default: '16' },
    threads: { type: 'string', default: '1' },
    backend: { type: 'string', default: 'auto' },
  },
});
const steps = Number(values.steps);
const warmup = Number(values.warmup);
if (!(steps > warmup && warmup >= 0)) throw new Error(`--steps (${steps}) must exceed --warmup (${warmup})`);

interface Curve {
  step: number;
  loss: number;
  tokensPerSecond: number;
}

function trained(studio: Studio, config: object): Promise<Run> {
  return new Promise((resolve) => studio.training.start(studio.datasets.resolve('sample').id, parseRunConfig(config), resolve));
}

/** Tokens/s over the timed steps: their tokens over the seconds they took. */
function throughput(curve: readonly Curve[], tokens: ReadonlyMap<number, number>): number {
  let n = 0;
  let seconds = 0;
  for (const p of curve.filter((x) => x.step >= warmup)) {
    const t = tokens.get(p.step)!;
    n += t;
    seconds += t / p.tokensPerSecond;
  }
  return n / seconds;
}

const worstRel = (a: readonly Curve[], b: readonly Curve[]): number =>
  Math.max(...a.map((p, i) => Math.abs(p.loss - b[i]!.loss) / Math.abs(b[i]!.loss)));

function trainPy(python: string, dir: string, args: string[], env: Record<string, string>): Curve[] {
  const r = spawnSync(python, [join(dir, 'train.py'), ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0)
    throw new Error(`train.py ${args.join(' ')} failed (${r.status}): ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`);
  return r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{"event": "step"'))
    .map((l) => JSON.parse(l) as Curve);
}

const dir = mkdtempSync(join(tmpdir(), 'studio-bench-bundle-'));
const studio = await Studio.open({ dataDir: dir, mode: 'serve' });
try {
  const config = {
    preset: values.preset,
    batchSize: Number(values.batch),
    steps,
    warmupSteps: 2,
    families: ['sequential', 'rating', 'explanation'],
    checkpointEvery: steps,
    backend: values.backend,
    seed: 1,
  };
  const run = await trained(studio, config);
  if (run.status !== 'done') throw new Error(`the studio run ended ${run.status}: ${run.error}`);
  const ownCurve: Curve[] = studio.training.get(run.id).metrics;
  const written = await studio.bundles.write(run.id, { step: 0 }).done;
  const m = Manifest.parse(JSON.parse(readFileSync(join(written.dir, 'bundle.json'), 'utf8')));
  const tokens = new Map<number, number>();
  for (const shard of m.shards) {
    const decoded = decodeSafetensors(readFileSync(join(written.dir, shard.file)), shard.file).tensors;
    for (let s = shard.firstStep; s < shard.firstStep + shard.steps; s++)
      tokens.set(s, realTokens(batchFromShard(decoded, s, shard.file).batch));
  }
  const model = m.model;
  console.log(
    `run: preset ${values.preset} (${model.layers} layers, width ${model.width}, vocabulary ${model.vocabSize}, context ${model.maxLength}), ` +
      `batch ${m.batchSize}, ${steps} steps, ${m.tokens} tokens; timed: steps ${warmup}–${steps - 1}; ${availableParallelism()} CPU cores`,
  );
  const rows: [string, string, number, number | null][] = [
    [`studio trainer (${run.backend})`, '1 × worker', throughput(ownCurve, tokens), null],
  ];
  const py = await findPyTorch();
  if (!py.available) console.log(`pytorch unavailable: ${py.message}`);
  else {
    const threads = Number(values.threads);
    const one = trainPy(py.python!, written.dir, ['--out', join(dir, 'one'), '--threads', String(threads)], {});
    rows.push([
      `train.py, 1 process (${py.torch})`,
      `1 × ${threads} thread${threads === 1 ? '' : 's'}`,
      throughput(one, tokens),
      worstRel(one, ownCurve),
    ]);
    const two = trainPy(py.python!, written.dir, ['--nproc_per_node=2', '--out', join(dir, 'two'), '--threads', '1'], {
      OMP_NUM_THREADS: '1',
    });
    rows.push(['torchrun, 2 processes (gloo)', '2 × 1 thread', throughput(two, tokens), worstRel(two, ownCurve)]);
    // torch's own dropout generator instead of the studio's masks: the cost of exact parity.
    const fast = trainPy(
      py.python!,
      written.dir,
      ['--nproc_per_node=2', '--out', join(dir, 'fast'), '--threads', '1', '--dropout', 'torch'],
      {
        OMP_NUM_THREADS: '1',
      },
    );
    rows.push(['torchrun, 2 processes, --dropout torch', '2 × 1 thread', throughput(fast, tokens), worstRel(fast, ownCurve)]);
  }
  const studioRate = rows[0]![2];
  console.log('\n| trainer | processes | tokens/s | vs studio | loss curve vs studio (max rel. diff) |');
  console.log('| --- | --- | ---: | ---: | ---: |');
  for (const [name, procs, rate, diff] of rows)
    console.log(
      `| ${name} | ${procs} | ${rate.toFixed(0)} | ${(rate / studioRate).toFixed(2)}× | ${diff === null ? '—' : diff.toExponential(1)} |`,
    );
} finally {
  await studio.close();
}
