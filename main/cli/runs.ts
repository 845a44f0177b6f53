import { badInput } from '../errors';
import { formatSeconds } from '../jobs/progress';
import { parse, printHelp, withStudio } from './common';
import { EXIT, type CliIo } from './io';
import { follow, report } from './train';
import { BUNDLE_SUBCOMMANDS, runBundle } from './bundle';

const HELP = `usage: studio runs list [--dataset D]
       studio runs show R
       studio runs stop R          (stops a run after its current step, also one another studio process runs)
       studio runs resume R        (continues a stopped or interrupted run from its last checkpoint)
       studio runs export R        (writes the last checkpoint with LoRA merged into plain weights)
       studio runs bundle R [--out DIR] | import-weights R PATH | torchrun R   (PyTorch; studio runs bundle --help)
Every command takes --data-dir DIR and --json.`;

const id = (s: string | undefined): number => {
  if (!s || !/^[1-9]\d*$/.test(s)) throw badInput(`runs: which run? (a run id, e.g. 3), got "${s ?? ''}"`);
  return Number(s);
};

export async function run(args: string[], io: CliIo): Promise<number> {
  if ((BUNDLE_SUBCOMMANDS as readonly string[]).includes(args[0] ?? '')) return runBundle(args, io);
  const { values, positionals } = parse(args, { dataset: { type: 'string', short: 'd' } });
  const [sub, ref] = positionals;
  if (values.help || !sub) return printHelp(io, HELP, values.help);
  if (!['list', 'show', 'stop', 'resume', 'export'].includes(sub))
    throw badInput(`runs: unknown subcommand "${sub}" (list, show, stop, resume or export)`);
  return withStudio(values['data-dir'], async (studio) => {
    if (sub === 'list') {
      const datasetId = values.dataset ? studio.datasets.resolve(values.dataset).id : undefined;
      const runs = studio.training.list(datasetId);
      if (values.json) io.out(JSON.stringify(runs));
      else if (runs.length === 0) io.out('no runs yet: `studio train --dataset D --config run.json`');
      else
        for (const r of runs) {
          io.out(
            `${String(r.id).padStart(4)}  ${r.status.padEnd(11)} ${`${r.stepsDone}/${r.totalSteps ?? '?'}`.padEnd(11)} ${(r.backend ?? '').padEnd(8)} loss ${r.lastLoss?.toFixed(3) ?? '–'}  ${r.name}`,
          );
        }
      return EXIT.ok;
    }
    const runId = id(ref);
    if (sub === 'show') {
      const r = studio.training.get(runId);
      if (values.json) io.out(JSON.stringify(r));
      else {
        io.out(
          `run ${r.run.id} "${r.run.name}" · ${r.run.status} · ${r.run.stepsDone}/${r.run.totalSteps ?? '?'} steps · back end ${r.run.backend ?? '–'}${r.run.backendNote ? ` (${r.run.backendNote})` : ''}`,
        );
        io.out(`config ${JSON.stringify(r.run.config)}`);
        const last = r.metrics.at(-1);
        if (last)
          io.out(
            `last step ${last.step + 1}: loss ${last.loss.toFixed(4)}, lr ${last.lr.toExponential(2)}, ${Math.round(last.tokensPerSecond)} tokens/s, ${formatSeconds(last.elapsed)} elapsed`,
          );
        io.out(`checkpoints: ${r.checkpoints.map((c) => c.step).join(', ') || 'none'}`);
        if (r.run.error) io.out(`error: ${r.run.error}`);
      }
      return EXIT.ok;
    }
    if (sub === 'stop') {
      const stopping = studio.training.stop(runId);
      if (values.json) io.out(JSON.stringify({ runId, stopping }));
      else io.out(stopping ? `run ${runId} will stop after its current step` : `run ${runId} is not running`);
      return EXIT.ok;
    }
    if (sub === 'export') {
      const r = await studio.training.exportMerged(runId);
      if (values.json) io.out(JSON.stringify(r));
      else io.out(`merged weights written to ${r.file} (${r.bytes.toLocaleString('en-US')} bytes)`);
      return EXIT.ok;
    }
    const { jobId } = studio.training.resume(runId);
    return report(studio, await follow(studio, runId, jobId, io), io, values.json);
  });
}
