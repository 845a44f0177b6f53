import { writeFileSync, renameSync } from 'node:fs';
import { resolve } from 'node:path';
import { badInput } from '../errors';
import { parse, printHelp, withStudio } from './common';
import { EXIT, type CliIo } from './io';

const HELP = `usage: studio review create --runs A,B|A,reference --family explanation|review [--size N] [--seed S]
                           [--reviewers ann,bob] [--swap-share 0.1] [--name N] [--json]
       studio review stats R [--json]
       studio review export R --format csv|jsonl|pairs [--file F]
       studio review list [--json]
A review samples pairs (stratified by template, seen/unseen and rating) from the two runs' newest test
generations of the family, blinds the sides, and repeats a share of them swapped to measure self-consistency.
Reviewers judge in the Review page (window or serve mode). \`stats\` gives the win rate with a 95% interval,
rubric means, agreement (Cohen's or Fleiss' kappa), position bias and self-consistency; \`export pairs\`
writes preference pairs {prompt, chosen, rejected} for preference training.`;

const pct = (v: number | null): string => (v === null ? '–' : `${(100 * v).toFixed(1)}%`);

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    runs: { type: 'string' },
    family: { type: 'string' },
    size: { type: 'string' },
    seed: { type: 'string' },
    reviewers: { type: 'string' },
    'swap-share': { type: 'string' },
    name: { type: 'string' },
    format: { type: 'string' },
    file: { type: 'string' },
  });
  const [sub, ref] = positionals;
  if (values.help || !sub) return printHelp(io, HELP, values.help);
  if (!['create', 'stats', 'export', 'list'].includes(sub))
    throw badInput(`review: unknown subcommand "${sub}" (create, stats, export or list)`);
  return withStudio(values['data-dir'], (studio) => {
    if (sub === 'list') {
      const list = studio.reviews.list();
      if (values.json) io.out(JSON.stringify(list));
      else if (list.length === 0) io.out('no reviews yet: `studio review create --runs A,B --family explanation`');
      else
        for (const r of list) io.out(`${String(r.id).padStart(4)}  ${r.status.padEnd(8)} ${String(r.pairs).padStart(5)} pairs  ${r.name}`);
      return EXIT.ok;
    }
    if (sub === 'create') {
      const runs = (values.runs ?? '').split(',').map((s) => s.trim());
      if (runs.length !== 2 || !/^[1-9]\d*$/.test(runs[0]!) || !(/^[1-9]\d*$/.test(runs[1]!) || runs[1] === 'reference'))
        throw badInput('--runs: two run ids, or a run id and "reference" (e.g. 3,4 or 3,reference)');
      if (values.family !== 'explanation' && values.family !== 'review') throw badInput('--family: explanation or review');
      const num = (name: string, v: string | undefined): number | undefined => {
        if (v === undefined) return undefined;
        const n = Number(v);
        if (!Number.isFinite(n)) throw badInput(`--${name}: expected a number, got "${v}"`);
        return n;
      };
      const result = studio.reviews.create({
        runA: Number(runs[0]),
        runB: runs[1] === 'reference' ? null : Number(runs[1]),
        family: values.family,
        ...(values.size === undefined ? {} : { size: num('size', values.size)! }),
        ...(values.seed === undefined ? {} : { seed: num('seed', values.seed)! }),
        ...(values['swap-share'] === undefined ? {} : { swapShare: num('swap-share', values['swap-share'])! }),
        ...(values.reviewers ? { reviewers: values.reviewers.split(',').map((s) => s.trim()) } : {}),
        ...(values.name ? { name: values.name } : {}),
      });
      if (values.json) io.out(JSON.stringify(result));
      else io.out(`review ${result.reviewId}: ${result.pairs} pairs to judge (open the Review page)`);
      return EXIT.ok;
    }
    if (!ref || !/^[1-9]\d*$/.test(ref)) throw badInput(`review ${sub}: which review? (an id)`);
    const id = Number(ref);
    if (sub === 'stats') {
      const s = studio.reviews.stats(id);
      if (values.json) {
        io.out(JSON.stringify(s));
        return EXIT.ok;
      }
      io.out(`review ${id}: ${s.judgments} judgments · ${s.labels.a} vs ${s.labels.b}`);
      io.out(
        `win rate  A ${pct(s.winRate.a)} · B ${pct(s.winRate.b)} · tie ${pct(s.winRate.tie)}  (A among decisive: 95% [${pct(s.winRate.low)}, ${pct(s.winRate.high)}])`,
      );
      for (const r of s.rubric)
        io.out(
          `${r.criterion.padEnd(16)} A ${r.a.mean?.toFixed(2) ?? '–'} [${r.a.low?.toFixed(2) ?? '–'}, ${r.a.high?.toFixed(2) ?? '–'}] · B ${r.b.mean?.toFixed(2) ?? '–'} [${r.b.low?.toFixed(2) ?? '–'}, ${r.b.high?.toFixed(2) ?? '–'}]`,
        );
      io.out(
        `agreement ${s.agreement.method} ${s.agreement.kappa?.toFixed(3) ?? '–'} over ${s.agreement.items} pairs · position bias: left chosen ${pct(s.positionBias.left)} · self-consistency ${pct(s.selfConsistency.rate)} (${s.selfConsistency.n})`,
      );
      return EXIT.ok;
    }
    if (values.format !== 'csv' && values.format !== 'jsonl' && values.format !== 'pairs') throw badInput('--format: csv, jsonl or pairs');
    const out = studio.reviews.export(id, values.format);
    if (values.file) {
      const file = resolve(values.file);
      writeFileSync(`${file}.tmp`, out.text);
      renameSync(`${file}.tmp`, file);
      if (values.json) io.out(JSON.stringify({ file, rows: out.rows }));
      else io.err(`wrote ${out.rows} rows to ${file}`);
    } else process.stdout.write(out.text);
    return EXIT.ok;
  });
}
