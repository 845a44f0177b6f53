import { readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { describeExport, SpanFormat } from '../../preload/api-entities';
import { badInput } from '../errors';
import { parse, printHelp, withStudio } from './common';
import { EXIT, type CliIo } from './io';

const HELP = `usage: studio entities import <dataset> --format F --file IN [--annotator NAME] [--add-labels]
       studio entities export <dataset> --format F [--file OUT] [--spans final|annotator|machine] [--annotator NAME]
       studio entities stats <dataset>
  F: labelstudio | prodigy | doccano | conll | hf          (every command takes --data-dir DIR and --json)
Offsets are stored as Unicode code points; Label Studio files count UTF-16 units and are converted both ways.
Import is all or nothing: a span whose text does not match its record, an unknown label (unless --add-labels)
or a malformed line names the line, the record and the span, and nothing is written.
Export without --file writes the file to stdout.`;

const pct = (v: number | null): string => (v === null ? '–' : v.toFixed(3));

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    format: { type: 'string', short: 'f' },
    file: { type: 'string' },
    annotator: { type: 'string' },
    spans: { type: 'string' },
    'add-labels': { type: 'boolean' },
  });
  const [sub, ref] = positionals;
  if (values.help || !sub) return printHelp(io, HELP, values.help);
  if (!['import', 'export', 'stats'].includes(sub)) throw badInput(`entities: unknown subcommand "${sub}" (import, export or stats)`);
  if (!ref) throw badInput(`entities ${sub}: which dataset?`);
  const format = (): SpanFormat => {
    const f = SpanFormat.safeParse(values.format);
    if (!f.success) throw badInput(`--format: expected ${SpanFormat.options.join(', ')}`);
    return f.data;
  };

  if (sub === 'import') {
    const fmt = format();
    if (!values.file) throw badInput('entities import: --file IN is required');
    const path = resolve(values.file);
    const text = readFileSync(path, 'utf8');
    const annotator = values.annotator ?? 'import';
    if (annotator.startsWith('@') || !annotator.trim()) throw badInput('--annotator: a name not starting with "@"');
    return withStudio(values['data-dir'], (studio) => {
      const d = studio.datasets.resolve(ref);
      const result = studio.entities.importText(d.id, fmt, text, basename(path), annotator, Boolean(values['add-labels']));
      if (values.json) io.out(JSON.stringify({ name: d.name, format: fmt, ...result }));
      else
        io.out(
          `imported ${result.spans} spans on ${result.records} records of "${d.name}" as ${result.annotator}${result.labelsAdded.length ? ` (new labels: ${result.labelsAdded.join(', ')})` : ''}`,
        );
      return EXIT.ok;
    });
  }

  if (sub === 'export') {
    const fmt = format();
    const selection = values.spans ?? (values.annotator ? 'annotator' : 'final');
    if (selection !== 'final' && selection !== 'annotator' && selection !== 'machine')
      throw badInput('--spans: expected final, annotator or machine');
    if (selection === 'annotator' && !values.annotator) throw badInput('--spans annotator needs --annotator NAME');
    return withStudio(values['data-dir'], (studio) => {
      const d = studio.datasets.resolve(ref);
      const result = studio.entities.export(d.id, fmt, selection, values.annotator);
      const { text, ...summary } = result;
      if (values.file) {
        const out = resolve(values.file);
        writeFileSync(out, text);
        if (values.json) io.out(JSON.stringify({ name: d.name, ...summary, file: out }));
        else io.err(`exported ${describeExport(result)} to ${out}`);
      } else if (values.json) io.out(JSON.stringify({ name: d.name, ...summary, text }));
      else {
        process.stdout.write(text);
        io.err(`exported ${describeExport(result)}`);
      }
      return EXIT.ok;
    });
  }

  return withStudio(values['data-dir'], (studio) => {
    const d = studio.datasets.resolve(ref);
    const s = studio.entities.stats(d.id);
    if (values.json) {
      io.out(JSON.stringify({ name: d.name, ...s }));
      return EXIT.ok;
    }
    const lines = [
      `"${d.name}": ${s.records} records — ${s.byStatus.unreviewed} unreviewed, ${s.byStatus.accepted} accepted, ${s.byStatus.rejected} rejected, ${s.byStatus.disputed} disputed; ${s.adjudicated} adjudicated`,
      '',
      `${'label'.padEnd(16)} ${'total'.padStart(7)} ${'auto'.padStart(7)} ${'pattern'.padStart(7)} ${'catalog'.padStart(7)} ${'human'.padStart(7)}`,
      ...s.perLabel.map(
        (l) =>
          `${l.label.padEnd(16)} ${String(l.total).padStart(7)} ${String(l.auto).padStart(7)} ${String(l.pattern).padStart(7)} ${String(l.catalog).padStart(7)} ${String(l.human).padStart(7)}`,
      ),
      '',
      ...s.annotators.map((a) => `annotator ${a.annotator}: ${a.records} records, ${a.spans} spans, ${a.reviews} reviews`),
      `agreement: span F1 ${pct(s.agreement.f1)}, Cohen's kappa ${pct(s.agreement.kappa)}, ${s.agreement.disputed} disputed`,
    ];
    io.out(lines.join('\n'));
    return EXIT.ok;
  });
}
