import type { DatasetSummary } from '../../preload/api';
import { badInput } from '../errors';
import { parse, printHelp, withStudio } from './common';
import { EXIT, type CliIo } from './io';

const HELP = `usage: studio datasets list|show <dataset>|rename <dataset> <new-name>|delete <dataset> [--data-dir DIR] [--json]
<dataset> is a name or a numeric id.`;

function line(d: DatasetSummary): string {
  const split = d.split ? `split ${d.split.train}/${d.split.valid}/${d.split.test}` : 'not split';
  return `#${d.id}\t${d.name}\t${d.format}\t${d.users} users\t${d.items} items\t${d.interactions} interactions\t${d.skipped} skipped\t${split}`;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { limit: { type: 'string' } });
  const [action, ref, newName] = positionals;
  if (values.help || !action) return printHelp(io, HELP, values.help);
  return withStudio(values['data-dir'], (studio) => {
    const { datasets } = studio;
    switch (action) {
      case 'list': {
        const all = datasets.list();
        if (values.json) io.out(JSON.stringify({ datasets: all }));
        else io.out(all.length ? all.map(line).join('\n') : 'no datasets: import one with `studio import <path> --format …`');
        return EXIT.ok;
      }
      case 'show': {
        if (!ref) throw badInput('datasets show: which dataset?');
        const d = datasets.resolve(ref);
        const skipped = datasets.store.skipped(d.id, 0, Number(values.limit ?? 20));
        if (values.json) io.out(JSON.stringify({ ...d, skippedRows: skipped.rows }));
        else {
          io.out(line(d));
          io.out(`source: ${d.source}\ncreated: ${d.createdAt}${d.split ? `\nsplit rule: ${d.split.rule}` : ''}`);
          for (const s of skipped.rows) io.out(`skipped ${s.file}:${s.line}${s.field ? ` ${s.field}` : ''}: ${s.reason}`);
          if (skipped.total > skipped.rows.length) io.out(`… ${skipped.total - skipped.rows.length} more skipped rows (--limit N)`);
        }
        return EXIT.ok;
      }
      case 'rename': {
        if (!ref || !newName) throw badInput('datasets rename <dataset> <new-name>');
        const name = newName.trim();
        if (!name) throw badInput('datasets rename: the new name is empty');
        const d = datasets.rename(datasets.resolve(ref).id, name);
        io.out(values.json ? JSON.stringify(d) : `renamed to "${d.name}"`);
        return EXIT.ok;
      }
      case 'delete': {
        if (!ref) throw badInput('datasets delete: which dataset?');
        const d = datasets.resolve(ref);
        datasets.remove(d.id);
        io.out(values.json ? JSON.stringify({ deleted: true, id: d.id, name: d.name }) : `deleted "${d.name}"`);
        return EXIT.ok;
      }
      default:
        throw badInput(`datasets: unknown action "${action}" (list, show, rename, delete)`);
    }
  });
}
