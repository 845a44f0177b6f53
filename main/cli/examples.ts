import { Family } from '../../preload/api-templates';
import { badInput } from '../errors';
import { parse, printHelp, withStudio } from './common';
import { EXIT, type CliIo } from './io';

const HELP = `usage: studio examples build --dataset D [--families rating,sequential,…] [--seed S]
Counts the examples the templates make from dataset D, per family, template and split (--json for all of them).
Train uses one seen template per data point (drawn with the seed); valid and test use every template. Sequential
and direct recommendation split leave-one-out by user; rating, explanation and review 80/10/10 (seeded).
Candidate templates get 99 sampled negatives plus the positive, shuffled; yes/no templates 1:1 negatives.`;

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    dataset: { type: 'string', short: 'd' },
    families: { type: 'string' },
    seed: { type: 'string' },
  });
  const [sub] = positionals;
  if (values.help || !sub) return printHelp(io, HELP, values.help);
  if (sub !== 'build') throw badInput(`examples: unknown subcommand "${sub}" (build)`);
  if (!values.dataset) throw badInput('examples build: --dataset D is required');
  const families = values.families?.split(',').map((s) => {
    const f = Family.safeParse(s.trim());
    if (!f.success) throw badInput(`--families: "${s}" is not one of ${Family.options.join(', ')}`);
    return f.data;
  });
  if (values.seed !== undefined && !/^-?\d+$/.test(values.seed)) throw badInput(`--seed: expected a whole number, got "${values.seed}"`);
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  const ref = values.dataset;
  return withStudio(values['data-dir'], (studio) => {
    const d = studio.datasets.resolve(ref);
    const c = studio.templates.counts(d.id, families, seed);
    if (values.json) {
      io.out(JSON.stringify({ dataset: d.name, ...c }));
      return EXIT.ok;
    }
    io.out(`examples of "${d.name}" (seed ${seed})`);
    io.out(`${'family'.padEnd(12)} ${'template'.padEnd(9)} ${'train'.padStart(8)} ${'valid'.padStart(8)} ${'test'.padStart(8)}`);
    const keys = [...new Set(c.counts.map((x) => `${x.family}|${x.template}`))];
    const get = (k: string, split: string): number =>
      c.counts.find((x) => `${x.family}|${x.template}` === k && x.split === split)?.count ?? 0;
    for (const k of keys) {
      const [fam, tpl] = k.split('|');
      const seen = c.counts.find((x) => x.template === tpl)!.seen;
      io.out(
        `${fam!.padEnd(12)} ${(tpl! + (seen ? '' : '*')).padEnd(9)} ${String(get(k, 'train')).padStart(8)} ${String(get(k, 'valid')).padStart(8)} ${String(get(k, 'test')).padStart(8)}`,
      );
    }
    const total = (split: string): number => c.counts.filter((x) => x.split === split).reduce((a, x) => a + x.count, 0);
    io.out(
      `${'total'.padEnd(22)} ${String(total('train')).padStart(8)} ${String(total('valid')).padStart(8)} ${String(total('test')).padStart(8)}`,
    );
    io.out('* unseen: held out of training');
    for (const n of c.notes) io.out(`note: ${n}`);
    return EXIT.ok;
  });
}
