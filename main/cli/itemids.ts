import type { ItemIdSet } from '../../preload/api-itemids';
import { ItemIdBuild, ITEM_ID_SCHEMES } from '../../preload/api-itemids';
import { badInput, StudioError } from '../errors';
import type { Studio } from '../studio';
import { parse, printHelp, withStudio } from './common';
import { followJob } from './follow';
import { EXIT, type CliIo } from './io';

const HELP = `usage: studio itemids build <dataset> --scheme ${ITEM_ID_SCHEMES.join('|')} [--name N]
                      [--method rqkmeans|rqvae] [--levels L] [--codebook K] [--content-weight W] [--window N] [--multi-resolution]
                      [--balanced] [--normalize-residuals] [--progressive-masking] [--contrastive] [--seed S] [--json]
       studio itemids list [<dataset>] [--json]
       studio itemids show <set> [--items N] [--json]
       studio itemids delete <set>
Identifier sets say how a dataset's items are written for generation (Item IDs page; issue #10): title, atomic
(one token per item), sequential and collaborative (OpenP5), semantic (residual quantization of a content +
co-occurrence embedding, RQ-KMeans by default or an RQ-VAE, with a collision digit). A run uses one with
"itemIds": NAME in run.json. Building under an existing name makes its next version. <set> is an id, or a name
with --dataset D (its newest version). build prints {setId, name, version, scheme, items, levels: [{codesUsed,
residual}], collisions, uniqueItems}.`;

const int = (name: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v)) throw badInput(`--${name}: expected a whole number, got "${v}"`);
  return Number(v);
};

function summary(s: ItemIdSet): Record<string, unknown> {
  return {
    setId: s.id,
    name: s.name,
    version: s.version,
    scheme: s.scheme,
    status: s.status,
    items: s.stats?.items ?? null,
    coldItems: s.stats?.coldItems ?? null,
    levels: (s.stats?.levels ?? []).map((l) => ({ size: l.size, codesUsed: l.codesUsed, residual: l.residual })),
    collisions: s.stats?.collisions ?? null,
    uniqueItems: s.stats?.uniqueItems ?? null,
    tokensPerItem: s.stats?.tokensPerItem ?? null,
    seconds: s.stats?.seconds ?? null,
    error: s.error,
  };
}

function line(s: ItemIdSet): string {
  const levels = (s.stats?.levels ?? []).map((l) => `${l.codesUsed}/${l.size}`).join(' × ');
  const stats = s.stats
    ? `${s.stats.items} items (${s.stats.coldItems} cold) · ${s.stats.uniqueItems} unique · ${s.stats.collisions} collisions${levels ? ` · codes ${levels}` : ''}`
    : '';
  return `#${s.id}\t${s.name} v${s.version}\t${s.scheme}\t${s.status}\t${stats}${s.error ? `\t${s.error}` : ''}`;
}

function resolveSet(studio: Studio, ref: string, dataset: string | undefined): ItemIdSet {
  if (/^\d+$/.test(ref)) return studio.itemIds.get(Number(ref));
  if (!dataset) throw badInput(`itemids: "${ref}" is a name: give --dataset D too (or the set's numeric id)`);
  const d = studio.datasets.resolve(dataset);
  const found = studio.itemIds.list(d.id).find((s) => s.name === ref);
  if (!found) throw new StudioError('not_found', `no identifier set "${ref}" on dataset "${d.name}"`);
  return found;
}

const OPTIONS = {
  scheme: { type: 'string' },
  name: { type: 'string' },
  method: { type: 'string' },
  levels: { type: 'string' },
  codebook: { type: 'string' },
  'content-weight': { type: 'string' },
  window: { type: 'string' },
  'multi-resolution': { type: 'boolean' },
  balanced: { type: 'boolean' },
  'normalize-residuals': { type: 'boolean' },
  'progressive-masking': { type: 'boolean' },
  contrastive: { type: 'boolean' },
  seed: { type: 'string' },
  dataset: { type: 'string', short: 'd' },
  items: { type: 'string' },
} as const;

type Values = ReturnType<typeof parse<typeof OPTIONS>>['values'];

/** The build request the flags describe, checked by the contract's schema (the first problem names its field). */
function buildRequest(datasetId: number, values: Values): ItemIdBuild {
  const weight = values['content-weight'] === undefined ? undefined : Number(values['content-weight']);
  const parsed = ItemIdBuild.safeParse(
    Object.fromEntries(
      Object.entries({
        datasetId,
        scheme: values.scheme,
        name: values.name,
        method: values.method,
        levels: int('levels', values.levels),
        codebook: int('codebook', values.codebook),
        contentWeight: weight,
        window: int('window', values.window),
        multiResolution: values['multi-resolution'],
        balanced: values.balanced,
        normalizeResiduals: values['normalize-residuals'],
        progressiveMasking: values['progressive-masking'],
        contrastive: values.contrastive,
        seed: int('seed', values.seed),
      }).filter(([, v]) => v !== undefined),
    ),
  );
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.');
    throw badInput(`itemids build: ${field ? `${field}: ` : ''}${issue.message}`);
  }
  return parsed.data;
}

async function build(studio: Studio, ref: string | undefined, values: Values, io: CliIo): Promise<number> {
  if (!ref) throw badInput('itemids build: which dataset?');
  const d = studio.datasets.resolve(ref);
  const { setId, jobId } = studio.itemIds.build(buildRequest(d.id, values));
  await followJob(studio, jobId, io, {
    label: 'itemids',
    unit: 'steps',
    stop: { said: 'stopping the build…', run: () => studio.jobs.cancel(jobId) },
  });
  const set = studio.itemIds.get(setId);
  if (values.json) io.out(JSON.stringify(summary(set)));
  else io.out(line(set));
  return set.status === 'done' ? EXIT.ok : EXIT.failure;
}

function list(studio: Studio, ref: string | undefined, values: Values, io: CliIo): number {
  const sets = studio.itemIds.list(ref ? studio.datasets.resolve(ref).id : undefined);
  if (values.json) io.out(JSON.stringify({ sets: sets.map(summary) }));
  else
    io.out(
      sets.length ? sets.map(line).join('\n') : 'no identifier sets: build one with `studio itemids build <dataset> --scheme semantic`',
    );
  return EXIT.ok;
}

function show(studio: Studio, ref: string | undefined, values: Values, io: CliIo): number {
  if (!ref) throw badInput('itemids show: which set?');
  const set = resolveSet(studio, ref, values.dataset);
  const limit = int('items', values.items) ?? 10;
  const page =
    set.status === 'done'
      ? studio.itemIds.items(set.id, { prefix: [], filter: '', offset: 0, limit: Math.max(1, limit) })
      : { total: 0, rows: [] };
  if (values.json) io.out(JSON.stringify({ ...summary(set), config: set.config, sample: page.rows }));
  else {
    io.out(line(set));
    io.out(`config: ${JSON.stringify(set.config)}`);
    set.stats?.levels.forEach((l, i) =>
      io.out(`level ${i + 1}: ${l.codesUsed} of ${l.size} codes used${l.residual === null ? '' : `, residual ${l.residual.toFixed(4)}`}`),
    );
    for (const r of page.rows) io.out(`  ${r.extId}\t${r.identifier}\t${r.title ?? ''}${r.cold ? '\t(cold)' : ''}`);
  }
  return EXIT.ok;
}

function remove(studio: Studio, ref: string | undefined, values: Values, io: CliIo): number {
  if (!ref) throw badInput('itemids delete: which set?');
  const set = resolveSet(studio, ref, values.dataset);
  studio.itemIds.delete(set.id);
  io.out(values.json ? JSON.stringify({ deleted: true, setId: set.id }) : `deleted ${set.name} v${set.version}`);
  return EXIT.ok;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, OPTIONS);
  const [action, ref] = positionals;
  if (values.help || !action) return printHelp(io, HELP, values.help);
  return withStudio(values['data-dir'], async (studio) => {
    switch (action) {
      case 'build':
        return build(studio, ref, values, io);
      case 'list':
        return list(studio, ref, values, io);
      case 'show':
        return show(studio, ref, values, io);
      case 'delete':
        return remove(studio, ref, values, io);
      default:
        throw badInput(`itemids: unknown action "${action}" (build, list, show, delete)`);
    }
  });
}
