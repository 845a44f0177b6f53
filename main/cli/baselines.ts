import { badInput } from '../errors';
import type { BaselineReport } from '../../preload/api-generation';
import { parse, printHelp, withStudio } from './common';
import { EXIT, type CliIo } from './io';

const HELP = `usage: studio baselines --dataset D [--seed S] [--refresh] [--no-sasrec] [--sasrec-epochs N] [--json]
The classic baselines on dataset D's own splits: most-popular, item-kNN, BPR-MF and SASRec ranking the test item
(leave-one-out) over the full catalog minus the history and over the 100 candidates the model's prompts list;
biased MF and the global mean on the test part of the seeded 80/10/10 rating split. Stored in the workspace;
--refresh recomputes.`;

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values } = parse(
    args,
    {
      dataset: { type: 'string', short: 'd' },
      seed: { type: 'string' },
      refresh: { type: 'boolean' },
      'no-sasrec': { type: 'boolean' },
      'sasrec-epochs': { type: 'string' },
    },
    false,
  );
  if (values.help) return printHelp(io, HELP, true);
  if (!values.dataset) throw badInput('baselines: --dataset D is required');
  if (values.seed !== undefined && !/^-?\d+$/.test(values.seed)) throw badInput('--seed: expected a whole number');
  const epochs = values['sasrec-epochs'] === undefined ? undefined : Number(values['sasrec-epochs']);
  if (epochs !== undefined && !(Number.isInteger(epochs) && epochs > 0))
    throw badInput('--sasrec-epochs: expected a positive whole number');
  const ref = values.dataset;
  return withStudio(values['data-dir'], async (studio) => {
    const d = studio.datasets.resolve(ref);
    const seed = values.seed === undefined ? 1 : Number(values.seed);
    const report = await new Promise<BaselineReport>((resolve, reject) => {
      const r = studio.evaluation.baselines(
        d.id,
        seed,
        Boolean(values.refresh),
        { sasrec: !values['no-sasrec'], ...(epochs ? { sasrecEpochs: epochs } : {}) },
        (rep, error) => (rep ? resolve(rep) : reject(new Error(error ?? 'the baselines failed'))),
      );
      if (r.report && !r.jobId) resolve(r.report);
      else if (r.jobId) studio.jobs.onProgress(r.jobId, (p) => io.err(`baselines: ${p.phase}`));
    });
    if (values.json) {
      io.out(JSON.stringify(report));
      return EXIT.ok;
    }
    io.out(`baselines on "${d.name}" (seed ${report.seed}): ${report.split}`);
    for (const m of report.models) {
      io.out(
        `  ${m.name.padEnd(22)} ${Object.entries(m.metrics)
          .map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toFixed(4)}`)
          .join(' · ')}  (${m.seconds.toFixed(1)} s)`,
      );
    }
    for (const n of report.notes) io.out(`note: ${n}`);
    return EXIT.ok;
  });
}
