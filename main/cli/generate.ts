import { Decoding, type GenerationSet } from '../../preload/api-generation';
import { ExampleSplit, Family } from '../../preload/api-templates';
import { badInput } from '../errors';
import { followJob } from './follow';
import { writeLinesAtomic } from './files';
import type { Studio } from '../studio';
import { parse, printHelp, withStudio } from './common';
import { EXIT, type CliIo } from './io';

const HELP = `usage: studio generate --run R --family F [--split test] [--checkpoint STEP] [--templates 2-3,2-13] [--limit N]
                      [--method greedy|beam|sample] [--width W] [--temperature T] [--top-k K] [--top-p P]
                      [--seed S] [--max-tokens N] [--cold-share E] [--keep-history] [--resume SET]
                      [--export FILE.jsonl [--export-template T]] [--json]
Generates from run R's checkpoint (its last unless --checkpoint) over the examples of family F in a split, in a
worker, with a progress bar on stderr; prints {runId, family, split, generated, invalidItems, setId}.
Sequential and direct recommendation rank the catalog with a beam constrained to real items (width 20; the
user's history excluded unless --keep-history) and the prompt's 100 candidates; yes/no templates choose among
their answers; with an identifier set, items no training sequence holds take one place in every 1/E (E 0.1 by
default: the 10th and 20th; 0 turns it off), chosen by their code prefix; rating, explanation and review decode
with the chosen method. Ctrl+C stops after the current example; --resume SET continues a stopped set. --export writes one line per user, {"user": "<dataset user id>",
"items": ["<item id>", … best first]} (20 items with the default width), so any code can score the lists; a set of
several item templates exports its first one unless --export-template names another.`;

async function follow(studio: Studio, setId: number, jobId: string, io: CliIo): Promise<GenerationSet> {
  await followJob(studio, jobId, io, {
    label: 'generate',
    unit: 'examples',
    stop: { said: 'stopping after the current example…', run: () => studio.jobs.cancel(jobId) },
  });
  return studio.generation.sets().find((s) => s.id === setId)!;
}

const num = (name: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw badInput(`--${name}: expected a number, got "${v}"`);
  return n;
};

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values } = parse(
    args,
    {
      run: { type: 'string', short: 'r' },
      family: { type: 'string', short: 'f' },
      split: { type: 'string' },
      checkpoint: { type: 'string' },
      limit: { type: 'string' },
      method: { type: 'string' },
      width: { type: 'string' },
      temperature: { type: 'string' },
      'top-k': { type: 'string' },
      'top-p': { type: 'string' },
      seed: { type: 'string' },
      'max-tokens': { type: 'string' },
      'cold-share': { type: 'string' },
      'keep-history': { type: 'boolean' },
      resume: { type: 'string' },
      templates: { type: 'string', short: 't' },
      export: { type: 'string' },
      'export-template': { type: 'string' },
    },
    false,
  );
  if (values.help) return printHelp(io, HELP, true);
  return withStudio(values['data-dir'], async (studio) => {
    let setId: number;
    let jobId: string;
    if (values.resume) {
      ({ setId, jobId } = studio.generation.resume(Number(num('resume', values.resume))));
    } else {
      if (!values.run) throw badInput('generate: --run R is required');
      const family = Family.safeParse(values.family);
      if (!family.success) throw badInput(`--family: expected ${Family.options.join(', ')}`);
      const split = ExampleSplit.safeParse(values.split ?? 'test');
      if (!split.success) throw badInput('--split: expected train, valid or test');
      const decoding = Decoding.safeParse(
        Object.fromEntries(
          Object.entries({
            method: values.method,
            width: num('width', values.width),
            temperature: num('temperature', values.temperature),
            topK: num('top-k', values['top-k']),
            topP: num('top-p', values['top-p']),
            seed: num('seed', values.seed),
            maxTokens: num('max-tokens', values['max-tokens']),
            coldShare: num('cold-share', values['cold-share']),
          }).filter(([, v]) => v !== undefined),
        ),
      );
      if (!decoding.success) throw badInput(`decoding: ${decoding.error.issues[0]!.path.join('.')}: ${decoding.error.issues[0]!.message}`);
      ({ setId, jobId } = studio.generation.start({
        runId: Number(num('run', values.run)),
        family: family.data,
        split: split.data,
        decoding: decoding.data,
        excludeHistory: !values['keep-history'],
        ...(values.templates ? { templates: values.templates.split(',').map((t) => t.trim()) } : {}),
        ...(values.checkpoint === undefined ? {} : { checkpoint: num('checkpoint', values.checkpoint)! }),
        ...(values.limit === undefined ? {} : { limit: num('limit', values.limit)! }),
      }));
    }
    const s = await follow(studio, setId, jobId, io);
    const summary = {
      runId: s.runId,
      family: s.family,
      split: s.split,
      generated: s.done,
      invalidItems: s.invalidItems,
      setId: s.id,
      status: s.status,
    };
    if (values.json) io.out(JSON.stringify(summary));
    else
      io.out(
        `set ${s.id} ${s.status}: ${s.done} ${s.family} generations on ${s.split} from run ${s.runId} (checkpoint ${s.checkpoint}), ${s.invalidItems} invalid items`,
      );
    if (s.error) io.err(`error: ${s.error}`);
    if (values.export && s.status === 'done') {
      const out = studio.generation.lists(s.id, values['export-template']);
      writeLinesAtomic(
        values.export,
        out.lists.map((l) => JSON.stringify(l)),
      );
      io.err(`wrote ${out.lists.length} lists (template ${out.template}) to ${values.export}`);
    }
    return s.status === 'failed' ? EXIT.failure : EXIT.ok;
  });
}
