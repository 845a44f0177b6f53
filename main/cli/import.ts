import { resolve } from 'node:path';
import { ImportFormat, MAP_FIELDS } from '../../preload/api';
import { checkpoint, detectFormat, runImport } from '../datasets/import';
import { parseRatingRange, RATING_SAMPLE } from '../datasets/import/ratings';
import { rowProgress } from '../datasets/import-job';
import { badInput } from '../errors';
import { formatProgress, RateMeter } from '../jobs/progress';
import { parse, printHelp, withStudio } from './common';
import { EXIT, type CliIo } from './io';

const HELP = `usage: studio import <path…> --format recbole|movielens|amazon|csv|jsonl [--name N]
                     [--map field=column …] [--rating-range lo,hi] [--skip-invalid] [--data-dir DIR] [--json]
Imports files (or a folder) as one dataset, in one transaction: bad input names file, line and field and
writes nothing, unless --skip-invalid, which imports the good rows and records every skipped one.
--map (csv/jsonl) maps ${MAP_FIELDS.join(', ')} to column names, e.g. --map user=uid --map item=sku.
--rating-range lo,hi accepts ratings from lo to hi; without it the range is inferred from the first
${RATING_SAMPLE.toLocaleString('en-US')} ratings (the usual scale, 0-5 say, that holds 99% of them). Ids are at most 512 bytes, without
control characters.`;

export function parseMap(entries: readonly string[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const entry of entries.flatMap((e) => e.split(','))) {
    const eq = entry.indexOf('=');
    const field = entry.slice(0, eq).trim();
    const column = entry.slice(eq + 1).trim();
    if (eq <= 0 || !column) throw badInput(`--map "${entry}": expected field=column`);
    if (!(MAP_FIELDS as readonly string[]).includes(field))
      throw badInput(`--map "${entry}": unknown field "${field}" (one of ${MAP_FIELDS.join(', ')})`);
    map[field] = column;
  }
  return map;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    format: { type: 'string', short: 'f' },
    name: { type: 'string' },
    map: { type: 'string', multiple: true },
    'skip-invalid': { type: 'boolean' },
    'rating-range': { type: 'string' },
  });
  if (values.help || positionals.length === 0) return printHelp(io, HELP, values.help);
  const files = positionals.map((p) => resolve(p));
  const format = values.format ?? detectFormat(files);
  if (!format) throw badInput('could not tell the format from the file names: give --format recbole|movielens|amazon|csv|jsonl');
  const parsedFormat = ImportFormat.safeParse(format);
  if (!parsedFormat.success) throw badInput(`--format "${format}": expected recbole, movielens, amazon, csv or jsonl`);
  const map = parseMap(values.map ?? []);
  const ratingRange = values['rating-range'] === undefined ? undefined : parseRatingRange(values['rating-range']);

  return withStudio(values['data-dir'], async (studio) => {
    const controller = new AbortController();
    const onSigint = (): void => {
      io.err('\ncancelling: rolling back…');
      controller.abort();
    };
    process.once('SIGINT', onSigint);
    const meter = new RateMeter();
    let last = 0;
    try {
      const result = await runImport(
        studio.db,
        {
          files,
          format: parsedFormat.data,
          ...(values.name ? { name: values.name } : {}),
          map,
          skipInvalid: Boolean(values['skip-invalid']),
          ...(ratingRange ? { ratingRange } : {}),
        },
        {
          signal: controller.signal,
          onProgress: (p) => {
            const now = Date.now();
            if (now - last < 200) return;
            last = now;
            const r = rowProgress(p);
            const { rate, etaSeconds } = meter.update(r.done, r.total);
            const line = `import ${formatProgress(r.done, r.total, rate, etaSeconds, 'rows')}`;
            if (io.tty) process.stderr.write(`\r${line.padEnd(90)}`);
            else io.err(line);
          },
        },
      );
      if (io.tty) process.stderr.write('\n');
      checkpoint(studio.db);
      if (values.json) io.out(JSON.stringify(result));
      else {
        io.out(
          `imported "${result.name}" (#${result.datasetId}): ${result.users} users, ${result.items} items, ${result.interactions} interactions` +
            (result.skipped ? `, ${result.skipped} rows skipped (see \`studio datasets show ${result.name}\`)` : ''),
        );
      }
      return EXIT.ok;
    } finally {
      process.off('SIGINT', onSigint);
    }
  });
}
