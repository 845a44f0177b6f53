import { ExampleSplit } from '../../preload/api-templates';
import { badInput } from '../errors';
import { parse, printHelp, withStudio } from './common';
import { EXIT, type CliIo } from './io';

const HELP = `usage: studio eval --run R [--split test] [--json]
Every metric of run R's latest generations per family on the split, seen and unseen templates apart and per
template: rating RMSE / MAE (unparsable outputs counted); sequential and direct HR@1/5/10 and NDCG@5/10 over the
full catalog and over the prompt's 100 candidates ("(100 sampled)"), yes/no accuracy; explanation and review
BLEU-4, BLEU-2, ROUGE-1/2/L. Generate first with \`studio generate\`.`;

const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(4));

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values } = parse(args, { run: { type: 'string', short: 'r' }, split: { type: 'string' } }, false);
  if (values.help) return printHelp(io, HELP, true);
  if (!values.run || !/^[1-9]\d*$/.test(values.run)) throw badInput('eval: --run R is required (a run id)');
  const split = ExampleSplit.safeParse(values.split ?? 'test');
  if (!split.success) throw badInput('--split: expected train, valid or test');
  const runId = Number(values.run);
  return withStudio(values['data-dir'], (studio) => {
    const report = studio.evaluation.report(runId, split.data);
    if (values.json) {
      io.out(JSON.stringify(report));
      return EXIT.ok;
    }
    io.out(`run ${runId} on ${split.data}`);
    for (const f of report.families) {
      for (const [which, m] of [
        ['seen', f.seen],
        ['unseen', f.unseen],
      ] as const) {
        if (Object.keys(m).length === 0) continue;
        io.out(
          `  ${f.family.padEnd(12)} ${which.padEnd(7)} ${Object.entries(m)
            .map(([k, v]) => `${k} ${fmt(v)}`)
            .join(' · ')}`,
        );
      }
    }
    for (const n of report.notes) io.out(`note: ${n}`);
    return EXIT.ok;
  });
}
