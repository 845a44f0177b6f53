import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateSample, SAMPLE_SEED } from '../datasets/sample';
import { EXIT, type CliIo } from './io';

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { out: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } },
  });
  if (values.help || !values.out) {
    io.out('usage: studio sample --out DIR [--seed N] [--json]\nWrites sample.user, sample.item and sample.inter (RecBole atomic files).');
    return values.help ? EXIT.ok : EXIT.badInput;
  }
  const seed = values.seed === undefined ? SAMPLE_SEED : Number(values.seed);
  if (!Number.isInteger(seed)) {
    io.err(`studio sample: --seed must be an integer, got "${values.seed}"`);
    return EXIT.badInput;
  }
  const dir = resolve(values.out);
  mkdirSync(dir, { recursive: true });
  const files = generateSample(seed);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const lines = Object.fromEntries(Object.entries(files).map(([n, t]) => [n, t.split('\n').length - 2]));
  io.out(values.json ? JSON.stringify({ dir, seed, rows: lines }) : `wrote ${Object.keys(files).join(', ')} to ${dir}`);
  return EXIT.ok;
}
