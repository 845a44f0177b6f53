import { badInput } from '../errors';
import { parse, printHelp, withStudio } from './common';
import { EXIT, type CliIo } from './io';

const HELP = `usage: studio split <dataset> [--data-dir DIR] [--json]
Leave-one-out: per user in time order (ties keep file order), last → test, second to last → valid, rest → train.`;

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {});
  if (values.help || positionals.length === 0) return printHelp(io, HELP, values.help);
  const [ref] = positionals;
  if (!ref) throw badInput('split: which dataset?');
  return withStudio(values['data-dir'], (studio) => {
    const d = studio.datasets.resolve(ref);
    const split = studio.datasets.split(d.id);
    if (values.json) io.out(JSON.stringify({ datasetId: d.id, name: d.name, ...split }));
    else io.out(`split "${d.name}": ${split.train} train, ${split.valid} valid, ${split.test} test (${split.rule})`);
    return EXIT.ok;
  });
}
