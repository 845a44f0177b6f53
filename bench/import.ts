/**
 * Import speed: `node --import tsx bench/import.ts [dataset dir or files] [--format F] [--runs N] [--rows N] [--grouped]`.
 * Imports into a fresh temp workspace per run and prints interactions/s (best run), next to the sqlite3 shell's
 * `.import` of the same interaction rows into a bare table (no parsing beyond splitting, no validation, no indexes):
 * the floor for "how fast can rows get into SQLite". For context it also times the shell loading the same rows into
 * the studio's own schema, whose two interaction indexes (by user, by dataset) cost more per row than the bare
 * insert does. Studio and shell run in alternating rounds; the ratio is given best against best, and as the median of
 * each round's ratio (a busy spell on the machine then slows both sides of a pair, not one side's every run).
 *
 * Two sizes from one run: the dataset given (default ../shared/datasets/ml-100k) and, for a RecBole dataset, its
 * .inter repeated with fresh user ids up to --rows rows (default 1,500,000; 0 leaves it out), where per-row costs
 * that a 100k-row file hides (index depth, cache spills, the WAL) show.
 */
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { parseArgs } from 'node:util';
import { ShellRunner } from './shell-runner';
import { closeDb, openDb } from '../main/db/connection';
import { detectFormat, runImport, type ImportTuning } from '../main/datasets/import/index';
import { PARSE_THREAD_BYTES } from '../main/datasets/import/parse-thread';
import { expandPaths } from '../main/datasets/import/files';
import type { ImportFormat } from '../preload/api';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    format: { type: 'string' },
    runs: { type: 'string', default: '3' },
    rows: { type: 'string', default: '1500000' },
    grouped: { type: 'boolean', default: false },
  },
});
/** Started before any import is timed: the only fork of this process (see shell-runner.ts). */
const runner = new ShellRunner();
const given = (positionals.length > 0 ? positionals : [join(import.meta.dirname, '../../shared/datasets/ml-100k')]).map((p) => resolve(p));
const givenFormat = (values.format ?? detectFormat(given) ?? 'recbole') as ImportFormat;
const runs = Math.max(1, Number(values.runs));
const scaledRows = Math.max(0, Number(values.rows));
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

interface Timing {
  rows: number;
  seconds: number;
}

/** One import into a fresh temp workspace, timed from the call to its return. */
async function studioOnce(files: string[], format: ImportFormat, tuning: ImportTuning = {}): Promise<Timing> {
  const dir = mkdtempSync(join(tmpdir(), 'studio-bench-'));
  const db = openDb(join(dir, 'workspace.sqlite'));
  try {
    const t0 = performance.now();
    const res = await runImport(db, { files, format }, {}, tuning);
    return { rows: res.interactions, seconds: (performance.now() - t0) / 1000 };
  } finally {
    closeDb(db);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The interaction file the shell can .import as tabs: RecBole .inter without its header, or MovieLens u.data as is. */
function shellInput(files: string[]): { path: string; header: boolean } | null {
  const all = expandPaths(files, () => true);
  const inter = all.find((f) => f.endsWith('.inter'));
  if (inter) return { path: inter, header: true };
  const data = all.find((f) => basename(f) === 'u.data');
  return data ? { path: data, header: false } : null;
}

async function withoutHeader(src: string, dest: string): Promise<void> {
  let skipped = false;
  await pipeline(
    createReadStream(src),
    new Transform({
      transform(chunk: Buffer, _enc, done) {
        if (skipped) return done(null, chunk);
        const nl = chunk.indexOf(10);
        if (nl < 0) return done();
        skipped = true;
        done(null, chunk.subarray(nl + 1));
      },
    }),
    createWriteStream(dest),
  );
}

type Shell = { bare: Timing; schema: Timing };

/** The shell's input (header stripped) in a temp folder, or why the shell cannot be compared. */
async function shellInputFile(files: string[], format: ImportFormat): Promise<{ dir: string; quoted: string } | string> {
  if (typeof (await runner.run(':memory:', 'SELECT 1;\n')) === 'string')
    return 'sqlite3 shell not installed: apt-get install -y sqlite3 (skipping the comparison)';
  const input = shellInput(files);
  if (!input)
    return `no tab-separated interaction file (.inter or u.data) to give the sqlite3 shell for a ${format} dataset (skipping the comparison)`;
  const dir = mkdtempSync(join(tmpdir(), 'studio-bench-shell-'));
  const rowsFile = input.header ? join(dir, 'rows.tsv') : input.path;
  if (input.header) await withoutHeader(input.path, rowsFile);
  return { dir, quoted: `'${rowsFile.replaceAll("'", "''")}'` };
}

/** One round of the shell: a bare table, then the studio's own schema (ids resolved in SQL, no validation). */
async function shellOnce(dir: string, quoted: string): Promise<Shell | string> {
  const timeShell = async (db: string, script: string): Promise<number | string> => {
    const res = await runner.run(db, script);
    return typeof res === 'string' ? res : res.seconds;
  };
  const count = async (db: string): Promise<number> => {
    const res = await runner.run(db, 'SELECT count(*) FROM interactions;\n');
    return typeof res === 'string' ? NaN : Number(res.out.trim());
  };
  const bareDb = join(dir, 'bare.sqlite');
  rmSync(bareDb, { force: true });
  const bare = await timeShell(
    bareDb,
    [
      '.mode tabs',
      'CREATE TABLE interactions (user_id TEXT, item_id TEXT, rating REAL, ts REAL);',
      `.import ${quoted} interactions`,
      '',
    ].join('\n'),
  );
  if (typeof bare === 'string') return bare;
  // The same rows into the studio's own schema (WAL, its two interaction indexes, item counts).
  const ws = join(dir, 'schema.sqlite');
  for (const f of [ws, `${ws}-wal`, `${ws}-shm`]) rmSync(f, { force: true });
  closeDb(openDb(ws));
  const schema = await timeShell(
    ws,
    [
      'PRAGMA synchronous = NORMAL;',
      'PRAGMA cache_size = -65536;',
      '.mode tabs',
      'CREATE TEMP TABLE raw (u TEXT, i TEXT, r REAL, t REAL);',
      `.import ${quoted} raw`,
      'BEGIN;',
      "INSERT INTO datasets (id, name, format, source, created_at) VALUES (1, 'shell', 'recbole', '', '');",
      'INSERT INTO users (dataset_id, ext_id) SELECT 1, u FROM raw GROUP BY u ORDER BY min(rowid);',
      'INSERT INTO items (dataset_id, ext_id) SELECT 1, i FROM raw GROUP BY i ORDER BY min(rowid);',
      'INSERT INTO interactions (dataset_id, user_id, item_id, rating, ts, seq) SELECT 1, users.id, items.id, r, t, raw.rowid - 1 FROM raw',
      '  JOIN users ON users.dataset_id = 1 AND users.ext_id = raw.u JOIN items ON items.dataset_id = 1 AND items.ext_id = raw.i ORDER BY raw.rowid;',
      'UPDATE items SET interaction_count = c.n FROM (SELECT item_id, count(*) AS n FROM interactions GROUP BY item_id) AS c WHERE c.item_id = items.id;',
      'COMMIT;',
      '',
    ].join('\n'),
  );
  if (typeof schema === 'string') return schema;
  return { bare: { rows: await count(bareDb), seconds: bare }, schema: { rows: await count(ws), seconds: schema } };
}

/**
 * The given RecBole dataset's .inter (header kept, .user/.item left out) repeated until it holds `rows` rows, each
 * repetition with its own user ids (`<id>~<k>`), so users grow with the file as they would in a larger dataset.
 */
function scaledInter(files: string[], rows: number, dir: string): string | null {
  const inter = expandPaths(files, () => true).find((f) => f.endsWith('.inter'));
  if (!inter) return null;
  const [header, ...body] = readFileSync(inter, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
  const out: string[] = [header!];
  for (let k = 0; out.length <= rows; k++)
    for (const line of body) {
      if (out.length > rows) break;
      const tab = line.indexOf('\t');
      out.push(k === 0 ? line : `${line.slice(0, tab)}~${k}${line.slice(tab)}`);
    }
  const path = join(dir, `scaled-${rows}.inter`);
  writeFileSync(path, `${out.join('\n')}\n`);
  return path;
}

interface Row {
  label: string;
  studio: Timing;
  /** The same import with parsing kept on the writer's thread, for the worker's share (only where it is used). */
  oneThread: Timing | null;
  shell: Shell | string;
  /** Each round's studio time over the shell's from the same round: drift on the machine hits both alike. */
  pairedRatios: number[];
}

const best = (a: Timing | null, b: Timing): Timing => (a === null || b.seconds < a.seconds ? b : a);
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * Runs the studio and the shell in alternating rounds (studio, one-thread studio, shell), so a busy spell on the
 * machine lands on both sides rather than on whichever happened to run during it; keeps each side's best round.
 * --grouped runs every studio round back to back first (as the bench did before alternating), for comparison.
 */
async function measure(label: string, files: string[], format: ImportFormat): Promise<Row> {
  const bytes = expandPaths(files, () => true).reduce((s, f) => s + statSync(f).size, 0);
  console.log(
    `\n${label}: ${files.join(' ')} (${format}, ${(bytes / 1e6).toFixed(1)} MB), best of ${runs} round(s), ${values.grouped ? 'all studio rounds first, then the shell' : 'studio and shell alternating'}`,
  );
  const threaded = bytes >= PARSE_THREAD_BYTES;
  const input = await shellInputFile(files, format);
  const studioRounds: Timing[] = [];
  const oneThreadRounds: Timing[] = [];
  const shellRounds: (Shell | string)[] = [];
  const studioRound = async (): Promise<void> => {
    studioRounds.push(await studioOnce(files, format));
    if (threaded) oneThreadRounds.push(await studioOnce(files, format, { parseThread: 'never' }));
  };
  const shellRound = async (): Promise<void> => {
    if (typeof input !== 'string') shellRounds.push(await shellOnce(input.dir, input.quoted));
  };
  try {
    if (values.grouped) {
      for (let r = 0; r < runs; r++) await studioRound();
      for (let r = 0; r < runs; r++) await shellRound();
    } else
      for (let r = 0; r < runs; r++) {
        await studioRound();
        await shellRound();
      }
  } finally {
    if (typeof input !== 'string') rmSync(input.dir, { recursive: true, force: true });
  }
  const ours = studioRounds.reduce<Timing | null>(best, null);
  const oneThread = oneThreadRounds.reduce<Timing | null>(best, null);
  const failed = shellRounds.find((x): x is string => typeof x === 'string');
  const shells = shellRounds.filter((x): x is Shell => typeof x !== 'string');
  const theirs: Shell | string =
    typeof input === 'string'
      ? input
      : (failed ??
        (shells.length > 0
          ? { bare: shells.map((x) => x.bare).reduce(best), schema: shells.map((x) => x.schema).reduce(best) }
          : 'no shell round ran'));
  const rate = (t: Timing): number => t.rows / t.seconds;
  const pairedRatios = shells.map((x, r) => rate(studioRounds[r]!) / rate(x.bare));
  const studioBest = ours!;
  const oursRate = studioBest.rows / studioBest.seconds;
  console.log(
    `  studio import:         ${fmt(studioBest.rows)} interactions in ${studioBest.seconds.toFixed(3)} s = ${fmt(oursRate)} rows/s (stream, parse, validate, users+items, 2 indexes, item counts, one transaction; ${threaded ? 'parsed on a worker thread' : `parsed on the writer's thread: under ${PARSE_THREAD_BYTES / 2 ** 20} MiB`})`,
  );
  if (oneThread)
    console.log(
      `  studio, one thread:    ${fmt(oneThread.rows / oneThread.seconds)} rows/s (the same import parsed on the writer's thread)`,
    );
  if (typeof theirs === 'string') console.log(`  ${theirs}`);
  else {
    const bare = theirs.bare.rows / theirs.bare.seconds;
    const schema = theirs.schema.rows / theirs.schema.seconds;
    console.log(
      `  sqlite3 shell .import: ${fmt(theirs.bare.rows)} rows in ${theirs.bare.seconds.toFixed(3)} s = ${fmt(bare)} rows/s (bare table, no indexes, process start included)`,
    );
    console.log(
      `  ratio studio/shell:    ${(oursRate / bare).toFixed(2)}x best against best; round by round ${pairedRatios.map((x) => x.toFixed(2)).join(' ')} (median ${median(pairedRatios).toFixed(2)}x)`,
    );
    console.log(
      `  for context, the shell into the studio schema (same indexes, ids joined in SQL, no validation): ${fmt(schema)} rows/s, studio/that = ${(oursRate / schema).toFixed(2)}x`,
    );
  }
  return { label, studio: studioBest, oneThread, shell: theirs, pairedRatios };
}

console.log(
  `machine: ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(2)} at start (other processes on the machine skew both sides)`,
);
const results: Row[] = [await measure(basename(given[0]!), given, givenFormat)];
if (scaledRows > 0) {
  const dir = mkdtempSync(join(tmpdir(), 'studio-bench-scaled-'));
  try {
    const scaled = givenFormat === 'recbole' ? scaledInter(given, scaledRows, dir) : null;
    if (scaled) results.push(await measure(`${fmt(scaledRows)} rows`, [scaled], 'recbole'));
    else console.log(`\nno ${fmt(scaledRows)}-row run: only a RecBole dataset (.inter) is repeated to a larger size`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(
  '\n| size | studio rows/s | studio, one thread | sqlite3 .import rows/s | ratio (best/best) | ratio (median of rounds) |\n|---|---:|---:|---:|---:|---:|',
);
for (const r of results) {
  const ours = r.studio.rows / r.studio.seconds;
  const bare = typeof r.shell === 'string' ? null : r.shell.bare.rows / r.shell.bare.seconds;
  console.log(
    `| ${r.label} | ${fmt(ours)} | ${r.oneThread ? fmt(r.oneThread.rows / r.oneThread.seconds) : '(same)'} | ${bare === null ? '–' : fmt(bare)} | ${bare === null ? '–' : `${(ours / bare).toFixed(2)}x`} | ${r.pairedRatios.length ? `${median(r.pairedRatios).toFixed(2)}x` : '–'} |`,
  );
}
console.log(`load average at the end: ${loadavg()[0]!.toFixed(2)}`);
runner.close();
