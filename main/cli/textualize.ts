import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { TextProfile } from '../../preload/api-entities';
import { textualizeDataset } from '../entities/run';
import { badInput, InputError } from '../errors';
import { parse, printHelp, withStudio } from './common';
import { EXIT, type CliIo } from './io';

const HELP = `usage: studio textualize <dataset> [--profile FILE] [--force] [--data-dir DIR] [--json]
Writes one text record per user (features, then a sampled behaviour sequence in time order) with every
inserted value an entity span. --profile is a JSON textualization profile (see preload/api-entities.ts,
TextProfile); without it the dataset's saved profile, or one derived from its columns, is used.
Refuses to replace records humans have annotated unless --force.`;

/** Reads a profile file; a bad field is reported with the file and the field's path. */
export function readProfile(path: string): TextProfile {
  const file = basename(path);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new InputError(file, 1, null, `not a JSON profile (${(err as Error).message})`);
  }
  const parsed = TextProfile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(file, 1, issue.path.join('.') || null, issue.message);
  }
  return parsed.data;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { profile: { type: 'string' }, force: { type: 'boolean' } });
  if (values.help || positionals.length === 0) return printHelp(io, HELP, values.help);
  const [ref] = positionals;
  if (!ref) throw badInput('textualize: which dataset?');
  const fromFile = values.profile ? readProfile(resolve(values.profile)) : undefined;
  return withStudio(values['data-dir'], (studio) => {
    const d = studio.datasets.resolve(ref);
    const profile = fromFile ?? studio.entities.profile(d.id).profile;
    studio.entities.checkProfile(d.id, profile);
    const result = textualizeDataset(studio.db, d.id, profile, {
      force: Boolean(values.force),
      onProgress: (p) => {
        if (io.tty && !values.json) io.err(`\rtextualizing ${p.done}/${p.total}`);
      },
    });
    if (values.json) io.out(JSON.stringify({ name: d.name, ...result }));
    else {
      io.out(
        `textualized "${d.name}": ${result.records} records, ${result.spans} entity spans from ${result.interactions} interactions in ${result.seconds.toFixed(2)} s`,
      );
    }
    return EXIT.ok;
  });
}
