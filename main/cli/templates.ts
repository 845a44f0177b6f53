import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { ExampleSplit, Family } from '../../preload/api-templates';
import { badInput } from '../errors';
import { FAMILY_TITLE } from '../templates/families';
import { parse, printHelp, withStudio } from './common';
import { EXIT, type CliIo } from './io';

const HELP = `usage: studio templates list [--family F]
       studio templates export FILE.yaml [--ids 2-3,2-13]
       studio templates import FILE.yaml [--replace]
       studio templates render --dataset D --template ID [--record N] [--split train|valid|test] [--seed S]
       studio templates vocabulary --family F
  F: rating | sequential | explanation | review | direct      (every command takes --data-dir DIR and --json)
Templates are workspace-wide: ids are <family number>-<number> (1-1 … 5-8 in the built-in set; the last of
each family is unseen, held out of training). Import is all or nothing: a syntax error, an unknown variable or
a malformed entry names the line and the field, and nothing is written. --replace also deletes templates the
file lacks. \`render\` shows record N (0-based) of the split through the template, entity spans marked [like this].`;

const family = (v: string | undefined): Family | undefined => {
  if (v === undefined) return undefined;
  const f = Family.safeParse(v);
  if (!f.success) throw badInput(`--family: expected ${Family.options.join(', ')}`);
  return f.data;
};

const int = (name: string, v: string | undefined, fallback: number): number => {
  if (v === undefined) return fallback;
  if (!/^-?\d+$/.test(v)) throw badInput(`--${name}: expected a whole number, got "${v}"`);
  return Number(v);
};

/** Text with each entity span bracketed and labelled, for a terminal. */
function marked(text: string, spans: readonly { start: number; end: number; label: string }[]): string {
  const cps = Array.from(text);
  const opens = new Map<number, string[]>();
  const closes = new Map<number, string[]>();
  for (const s of spans) {
    opens.set(s.start, [...(opens.get(s.start) ?? []), '[']);
    closes.set(s.end, [...(closes.get(s.end) ?? []), `]${s.label}`]);
  }
  let out = '';
  for (let i = 0; i <= cps.length; i++) {
    out += (closes.get(i) ?? []).join('') + (opens.get(i) ?? []).join('');
    if (i < cps.length) out += cps[i];
  }
  return out;
}

const OPTIONS = {
  family: { type: 'string' },
  ids: { type: 'string' },
  replace: { type: 'boolean' },
  dataset: { type: 'string', short: 'd' },
  template: { type: 'string', short: 't' },
  record: { type: 'string', short: 'n' },
  split: { type: 'string' },
  seed: { type: 'string' },
} as const;

type Values = ReturnType<typeof parse<typeof OPTIONS>>['values'];

function vocabulary(values: Values, io: CliIo): Promise<number> {
  const f = family(values.family);
  if (!f) throw badInput('templates vocabulary: --family F is required');
  return withStudio(values['data-dir'], (studio) => {
    const v = studio.templates.vocabulary(f);
    if (values.json) io.out(JSON.stringify(v));
    else
      io.out(
        [
          `${FAMILY_TITLE[f]}: variables`,
          ...v.variables.map((x) => `  ${x.name.padEnd(14)} ${x.type.padEnd(7)} ${x.doc}`),
          'filters',
          ...v.filters.map((x) => `  ${x.name.padEnd(14)} ${x.doc}`),
        ].join('\n'),
      );
    return EXIT.ok;
  });
}

function list(values: Values, io: CliIo): Promise<number> {
  const f = family(values.family);
  return withStudio(values['data-dir'], (studio) => {
    const list = studio.templates.list(f);
    if (values.json) io.out(JSON.stringify(list));
    else {
      if (list.length === 0)
        io.out('no templates (restore the built-in set on the Templates page, or `studio templates import FILE.yaml`)');
      for (const t of list)
        io.out(`${t.id.padEnd(5)} ${t.family.padEnd(11)} ${t.seen ? 'seen  ' : 'UNSEEN'} v${String(t.version).padEnd(3)} ${t.name}`);
    }
    return EXIT.ok;
  });
}

function exportFile(values: Values, path: string, io: CliIo): Promise<number> {
  return withStudio(values['data-dir'], (studio) => {
    const r = studio.templates.export(values.ids ? values.ids.split(',').map((s) => s.trim()) : undefined);
    writeFileSync(`${path}.tmp`, r.yaml);
    renameSync(`${path}.tmp`, path);
    if (values.json) io.out(JSON.stringify({ file: path, count: r.count }));
    else io.out(`exported ${r.count} templates to ${path}`);
    return EXIT.ok;
  });
}

function importFile(values: Values, path: string, io: CliIo): Promise<number> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw badInput(`templates import: cannot read ${path}`);
  }
  return withStudio(values['data-dir'], (studio) => {
    const r = studio.templates.import(text, values.replace ? 'replace' : 'merge', 'cli', basename(path));
    if (values.json) io.out(JSON.stringify(r));
    else io.out(`imported ${basename(path)}: ${r.added} added, ${r.updated} updated, ${r.unchanged} unchanged, ${r.deleted} deleted`);
    return EXIT.ok;
  });
}

function render(values: Values, io: CliIo): Promise<number> {
  if (!values.dataset) throw badInput('templates render: --dataset D is required');
  if (!values.template) throw badInput('templates render: --template ID is required');
  const split = ExampleSplit.safeParse(values.split ?? 'train');
  if (!split.success) throw badInput('--split: expected train, valid or test');
  const index = int('record', values.record, 0);
  if (index < 0) throw badInput('--record: expected 0 or more');
  const seed = int('seed', values.seed, 1);
  const templateId = values.template;
  const datasetRef = values.dataset;
  return withStudio(values['data-dir'], (studio) => {
    const d = studio.datasets.resolve(datasetRef);
    const p = studio.templates.preview(d.id, { id: templateId }, split.data, index, seed);
    if (p.problems.length)
      throw badInput(
        `template ${templateId}: ${p.problems.map((x) => `${x.field}, line ${x.line}, column ${x.column}: ${x.message}`).join('; ')}`,
      );
    if (p.total === 0) throw badInput(`template ${templateId} has no ${split.data} examples on "${d.name}"`);
    if (index >= p.total)
      throw badInput(`--record: "${d.name}" has ${p.total} ${split.data} records for template ${templateId} (0 to ${p.total - 1})`);
    if (values.json) io.out(JSON.stringify({ dataset: d.name, template: templateId, ...p }));
    else {
      io.out(
        `${templateId} on "${d.name}", ${split.data} record ${p.index} of ${p.total} (user ${p.user.extId}${p.item ? `, item ${p.item.extId}` : ''})`,
      );
      io.out(`--- input (${p.input.tokens} tokens)\n${marked(p.input.text, p.input.spans)}`);
      io.out(`--- target (${p.target.tokens} tokens)\n${marked(p.target.text, p.target.spans)}`);
      for (const w of p.warnings) io.out(`warning: ${w.message}`);
    }
    return EXIT.ok;
  });
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, OPTIONS);
  const [sub, file] = positionals;
  if (values.help || !sub) return printHelp(io, HELP, values.help);
  if (sub === 'vocabulary') return vocabulary(values, io);
  if (sub === 'list') return list(values, io);
  if (sub === 'export' || sub === 'import') {
    if (!file) throw badInput(`templates ${sub}: which file? (FILE.yaml)`);
    return sub === 'export' ? exportFile(values, resolve(file), io) : importFile(values, resolve(file), io);
  }
  if (sub === 'render') return render(values, io);
  throw badInput(`templates: unknown subcommand "${sub}" (list, export, import, render or vocabulary)`);
}
