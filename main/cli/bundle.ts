/** `studio runs bundle | import-weights | torchrun`: a run taken to PyTorch and back (issue #15). */
import { badInput } from '../errors';
import type { Studio } from '../studio';
import { parse, printHelp, withStudio } from './common';
import { followJob } from './follow';
import { EXIT, type CliIo } from './io';

export const BUNDLE_SUBCOMMANDS = ['bundle', 'import-weights', 'torchrun'] as const;

const HELP = `usage: studio runs bundle R [--out DIR] [--step S] [--steps N]
         writes run R as a PyTorch bundle: config, tokenizer, batches as safetensors shards, weights, train.py and a
         README (Slurm and Kubernetes examples). Default: the run's workspace folder (what its page launches), from
         its newest checkpoint (--step 0: its initial weights), up to the end of the run (--steps N: N steps).
       studio runs import-weights R PATH
         brings PyTorch weights back as a checkpoint of run R: a .safetensors file, a folder of step-N.safetensors
         checkpoints (the newest) or a bundle folder (the newest in its checkpoints/).
       studio runs torchrun R [--processes N] [--steps S]
         trains run R's workspace bundle here through torchrun's launcher (default 2 processes; gloo on CPUs, NCCL on
         GPUs), resuming from its newest checkpoint; needs Python with PyTorch. Ctrl+C stops after the current step.
Every command takes --data-dir DIR and --json.`;

const count = (flag: string, s: string | undefined, min: number): number | undefined => {
  if (s === undefined) return undefined;
  if (!/^\d+$/.test(s) || Number(s) < min) throw badInput(`runs: --${flag} must be an integer of at least ${min}, got "${s}"`);
  return Number(s);
};

async function follow(studio: Studio, jobId: string, io: CliIo, label: string, unit: string, stop: () => void): Promise<void> {
  await followJob(studio, jobId, io, { label, unit, stop: { said: 'stopping…', run: stop } });
}

export async function runBundle(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    out: { type: 'string', short: 'o' },
    step: { type: 'string' },
    steps: { type: 'string' },
    processes: { type: 'string', short: 'n' },
  });
  const [sub, ref, path] = positionals;
  if (values.help || !sub) return printHelp(io, HELP, values.help);
  if (!ref || !/^[1-9]\d*$/.test(ref)) throw badInput(`runs ${sub}: which run? (a run id, e.g. 3), got "${ref ?? ''}"`);
  const runId = Number(ref);
  return withStudio(values['data-dir'], async (studio) => {
    if (sub === 'bundle') {
      const job = studio.bundles.write(runId, {
        out: values.out,
        step: count('step', values.step, 0),
        steps: count('steps', values.steps, 1),
      });
      await follow(studio, job.jobId, io, 'bundle', 'steps', () => studio.jobs.cancel(job.jobId));
      const w = await job.done;
      const m = w.manifest;
      const summary = {
        runId,
        dir: w.dir,
        startStep: m.startStep,
        endStep: m.endStep,
        steps: m.endStep - m.startStep,
        tokens: m.tokens,
        bytes: w.bytes,
        studioLoss: m.parity.studioLoss,
      };
      if (values.json) io.out(JSON.stringify(summary));
      else {
        io.out(`run ${runId} bundled at ${w.dir}: steps ${m.startStep}–${m.endStep - 1}, ${w.bytes.toLocaleString('en-US')} bytes`);
        io.out(`  cd ${w.dir} && python3 train.py --parity && torchrun --nproc_per_node=2 train.py`);
        io.out('  (PyTorch 1.13 on Python 3.11, whose torchrun fails: python3 train.py --nproc_per_node=2 runs the same launcher)');
      }
      return EXIT.ok;
    }
    if (sub === 'import-weights') {
      if (!path) throw badInput('runs import-weights: which weights? (a .safetensors file, a checkpoint folder or a bundle)');
      const job = studio.bundles.importWeights(runId, path);
      await follow(studio, job.jobId, io, 'import', 'files', () => studio.jobs.cancel(job.jobId));
      const r = await job.done;
      if (values.json) io.out(JSON.stringify(r));
      else
        io.out(
          `run ${runId}: checkpoint at step ${r.step} from ${r.source}${r.withOptimizer ? ' (with its optimizer state: the run can resume from it)' : ''}`,
        );
      return EXIT.ok;
    }
    if (sub === 'torchrun') {
      const processes = count('processes', values.processes, 1) ?? 2;
      const launch = await studio.bundles.launch(runId, { processes, steps: count('steps', values.steps, 1) });
      await follow(studio, launch.jobId, io, 'torchrun', 'steps', () => studio.bundles.stop(launch.launchId));
      const l = await launch.done.catch(() => studio.bundles.store.get(launch.launchId)!);
      const points = studio.bundles.store.points(l.id);
      const tail = points.slice(-10);
      const summary = {
        launchId: l.id,
        runId,
        status: l.status,
        processes: l.processes,
        steps: points.length,
        finalLoss: tail.length ? tail.reduce((a, p) => a + p.loss, 0) / tail.length : null,
        tokensPerSecond: Math.round(median(points.slice(1).map((p) => p.tokensPerSecond))),
        error: l.error,
      };
      if (values.json) io.out(JSON.stringify(summary));
      else {
        io.out(
          `torchrun launch ${l.id} of run ${runId} ${l.status}: ${points.length} steps on ${processes} processes, loss ${summary.finalLoss?.toFixed(3) ?? '–'}, ${summary.tokensPerSecond.toLocaleString('en-US')} tokens/s`,
        );
        if (l.error) io.err(`error: ${l.error}`);
        else io.out(`  studio runs import-weights ${runId} ${studio.bundles.bundleDir(runId)}`);
      }
      return l.status === 'failed' ? EXIT.failure : EXIT.ok;
    }
    throw badInput(`runs: unknown subcommand "${sub}"`);
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : 0;
}
