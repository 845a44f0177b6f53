import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { RankVariant, type LumRanking, type LumRun } from '../../preload/api-lum';
import { badInput, StudioError } from '../errors';
import { formatSeconds } from '../jobs/progress';
import { summarizeLum } from '../lum/service';
import type { Studio } from '../studio';
import { parse, printHelp, withStudio } from './common';
import { followJob } from './follow';
import { EXIT, type CliIo } from './io';

const HELP = `usage: studio lum train --dataset D --config lum.json [--json]
       studio lum query --run R (--users U1,U2 | --split test) --conditions FIELD=VALUE,… [--top K] [--export FILE.jsonl] [--json]
       studio lum rank --run R [--without-lum | --variant full|direct|without] [--seed S] [--json]
       studio lum list [--dataset D] | show R | stop R | resume R | fields --dataset D   [--json]

The large user model (LUM): condition and item tokens, a causal transformer pretrained with InfoNCE (step 1),
group queries for interest vectors under conditions (step 2), and click rankers that use them (step 3).

train   trains in a worker, progress on stderr; --json prints {runId, status, steps, backend, initialLoss,
        finalLoss, finalAccuracy, tokensPerSecond, tokens, compute, params, nonEmbeddingParams, condition}.
        lum.json: camelCase keys, every one optional, unknown keys refused, e.g.
          {"preset": "small", "steps": 400, "batchSize": 16, "condition": "class", "seed": 1}
        Keys: name, condition (an item field; null for no condition tokens; default the category or genre field),
        preset (tiny|small|base), layers, width, heads, ffn, contextLength, dropout, temperature, steps | minutes,
        batchSize, learningRate, warmupSteps, weightDecay, clipNorm, seed, checkpointEvery,
        backend (auto|tfjs-node-gpu|tfjs-node|native|wasm|cpu). Ctrl+C stops after the current step with a checkpoint.
query   one group-query pass per user over its history gives an interest vector per condition, and each one's
        nearest items (the history left out). --users reads each user's whole history; --split test every user with
        a test window, its history before that window. --export writes one JSON line per (user, condition) with the
        vector and the nearest items.
rank    trains the click ranker (rated ≥ 4 = click; lower ratings and sampled unseen items are not; the newest
        interactions of each user are the test rows) with LUM features (full), with the interest vectors alone
        (direct), or without them (--without-lum); prints {runId, variant, auc, gauc, …}. --seed (default 1) fixes
        the sampled items, the validation users and the ranker's initialisation.`;

const runIdOf = (v: string | undefined, flag = '--run R'): number => {
  if (!v || !/^[1-9]\d*$/.test(v)) throw badInput(`lum: ${flag} is required (a LUM run id)`);
  return Number(v);
};

function readConfig(path: string): unknown {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw badInput(`lum train: cannot read ${file}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new StudioError('bad_input', `${file}: not JSON (${(err as Error).message})`, { file });
  }
}

function trainSummary(run: LumRun, studio: Studio) {
  const s = run.summary ?? summarizeLum(run, studio.lum.store.metrics(run.id));
  return {
    runId: run.id,
    status: run.status,
    ...s,
    params: run.resolved?.params ?? null,
    nonEmbeddingParams: run.resolved?.nonEmbeddingParams ?? null,
    condition: run.resolved?.condition ?? null,
    ...(run.error ? { error: run.error } : {}),
  };
}

function printRun(run: LumRun, studio: Studio, io: CliIo, json: boolean | undefined): number {
  const s = trainSummary(run, studio);
  if (json) io.out(JSON.stringify(s));
  else {
    const loss = `${s.initialLoss?.toFixed(3) ?? '–'} → ${s.finalLoss?.toFixed(3) ?? '–'}`;
    io.out(
      `LUM run ${run.id} ${run.status}: ${s.steps} steps on ${s.backend}, condition ${s.condition ?? 'none'}, InfoNCE ${loss}, ` +
        `in-batch accuracy ${s.finalAccuracy === null ? '–' : `${(100 * s.finalAccuracy).toFixed(1)}%`}, ` +
        `${s.tokensPerSecond.toLocaleString('en-US')} tokens/s, ${(s.params ?? 0).toLocaleString('en-US')} parameters`,
    );
    for (const r of run.rankings)
      io.out(`  ranker ${r.variant}: AUC ${r.auc.toFixed(4)}, GAUC ${r.gauc.toFixed(4)} (checkpoint ${r.checkpoint})`);
    if (run.error) io.err(`error: ${run.error}`);
  }
  return run.status === 'failed' ? EXIT.failure : EXIT.ok;
}

const rankingJson = (runId: number, r: LumRanking) => ({
  runId,
  variant: r.variant,
  checkpoint: r.checkpoint,
  auc: r.auc,
  gauc: r.gauc,
  ...r.report,
});

async function train(args: string[], io: CliIo): Promise<number> {
  const { values } = parse(args, { dataset: { type: 'string', short: 'd' }, config: { type: 'string', short: 'c' } }, false);
  if (values.help) return printHelp(io, HELP, true);
  if (!values.dataset) throw badInput('lum train: --dataset D is required');
  const config = values.config ? readConfig(values.config) : {};
  const ref = values.dataset;
  return withStudio(values['data-dir'], async (studio) => {
    const d = studio.datasets.resolve(ref);
    const started = Date.now();
    const { runId, jobId } = studio.lum.start(d.id, config);
    await followJob(studio, jobId, io, {
      label: 'lum train',
      unit: 'steps',
      stop: { said: 'stopping after the current step…', run: () => studio.lum.stop(runId) },
    });
    if (!values.json) io.err(`finished in ${formatSeconds((Date.now() - started) / 1000)}`);
    return printRun(studio.lum.get(runId).run, studio, io, values.json);
  });
}

async function query(args: string[], io: CliIo): Promise<number> {
  const { values } = parse(
    args,
    {
      run: { type: 'string', short: 'r' },
      users: { type: 'string' },
      split: { type: 'string' },
      conditions: { type: 'string' },
      top: { type: 'string' },
      export: { type: 'string' },
    },
    false,
  );
  if (values.help) return printHelp(io, HELP, true);
  const runId = runIdOf(values.run);
  if (!values.conditions) throw badInput('lum query: --conditions FIELD=VALUE,… is required');
  if (Boolean(values.users) === Boolean(values.split)) throw badInput('lum query: give --users U1,U2 or --split test (one of them)');
  if (values.split !== undefined && values.split !== 'test') throw badInput(`lum query: --split takes "test", not "${values.split}"`);
  const users = values.users
    ? values.users
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean)
    : 'test';
  const conditions = values.conditions
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  const top = values.top === undefined ? 10 : Number(values.top);
  if (!Number.isInteger(top) || top < 1 || top > 100) throw badInput('lum query: --top takes an integer from 1 to 100');
  return withStudio(values['data-dir'], async (studio) => {
    const result = await studio.lum.query({ runId, users, conditions, top, vectors: Boolean(values.export) });
    let file: string | null = null;
    if (values.export) {
      file = resolve(values.export);
      const tmp = `${file}.tmp`;
      try {
        const lines = result.users.flatMap((u) =>
          u.results.map((r) =>
            JSON.stringify({
              user: u.extId,
              condition: r.condition,
              checkpoint: result.checkpoint,
              vector: r.vector,
              top: r.top.map((t) => ({ item: t.extId, title: t.title, score: t.score })),
            }),
          ),
        );
        writeFileSync(tmp, lines.length ? `${lines.join('\n')}\n` : '');
        renameSync(tmp, file);
      } catch (err) {
        rmSync(tmp, { force: true });
        throw err;
      }
    }
    if (values.json) {
      const users = result.users.map((u) => ({ ...u, results: u.results.map(({ vector: _v, ...r }) => r) }));
      io.out(
        JSON.stringify({
          runId,
          checkpoint: result.checkpoint,
          field: result.field,
          conditions,
          users: users.length,
          rows: users.length * conditions.length,
          file,
          results: users,
        }),
      );
      return EXIT.ok;
    }
    const shown = result.users.slice(0, 20);
    for (const u of shown) {
      io.out(`user ${u.extId} (${u.historyLength} interactions read)`);
      for (const r of u.results) {
        const items = r.top.slice(0, 5).map((t) => `${t.title ?? t.extId} (${t.score.toFixed(2)})`);
        io.out(`  ${r.condition}: ${items.join(', ')} · ${(100 * r.matching).toFixed(0)}% of the top ${r.top.length} match`);
      }
    }
    if (result.users.length > shown.length)
      io.out(`… and ${result.users.length - shown.length} more users${file ? '' : ' (--export or --json for all)'}`);
    if (file) io.err(`wrote ${result.users.length * conditions.length} lines to ${file}`);
    return EXIT.ok;
  });
}

async function rank(args: string[], io: CliIo): Promise<number> {
  const { values } = parse(
    args,
    { run: { type: 'string', short: 'r' }, 'without-lum': { type: 'boolean' }, variant: { type: 'string' }, seed: { type: 'string' } },
    false,
  );
  if (values.help) return printHelp(io, HELP, true);
  const runId = runIdOf(values.run);
  if (values['without-lum'] && values.variant && values.variant !== 'without')
    throw badInput('lum rank: --without-lum and --variant disagree');
  const parsed = RankVariant.safeParse(values['without-lum'] ? 'without' : (values.variant ?? 'full'));
  if (!parsed.success) throw badInput(`lum rank: --variant takes full, direct or without, not "${values.variant}"`);
  const variant = parsed.data;
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw badInput('lum rank: --seed takes a non-negative integer');
  return withStudio(values['data-dir'], async (studio) => {
    let failure: string | null = null;
    const { jobId } = studio.lum.rank(runId, [variant], (_r, error) => (failure = error), seed);
    await followJob(studio, jobId, io, { label: 'lum rank', unit: 'epochs' });
    if (failure) throw new StudioError('internal', `lum rank: ${failure}`);
    const r = studio.lum.store.rankings(runId).find((x) => x.variant === variant);
    if (!r) throw new StudioError('internal', 'lum rank: the ranker finished without a result');
    if (values.json) io.out(JSON.stringify(rankingJson(runId, r)));
    else
      io.out(
        `LUM run ${runId}, ranker ${variant}: AUC ${r.auc.toFixed(4)}, GAUC ${r.gauc.toFixed(4)} on ${r.report.testRows.toLocaleString('en-US')} test rows of ` +
          `${r.report.testUsers} users (${(100 * r.report.positiveShare).toFixed(1)}% clicks), ${r.report.features} features, best epoch ${r.report.bestEpoch}`,
      );
    return EXIT.ok;
  });
}

async function manage(sub: string, args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { dataset: { type: 'string', short: 'd' } });
  if (values.help) return printHelp(io, HELP, true);
  return withStudio(values['data-dir'], async (studio) => {
    if (sub === 'fields') {
      if (!values.dataset) throw badInput('lum fields: --dataset D is required');
      const f = studio.lum.fields(studio.datasets.resolve(values.dataset).id);
      if (values.json) io.out(JSON.stringify(f));
      else
        for (const x of f.fields)
          io.out(
            `${x.field === f.defaultField ? '*' : ' '} ${x.field}: ${x.distinct} values (${x.top
              .slice(0, 6)
              .map((t) => t.value)
              .join(', ')}${x.distinct > 6 ? ', …' : ''})`,
          );
      return EXIT.ok;
    }
    if (sub === 'list') {
      const runs = studio.lum.list(values.dataset ? studio.datasets.resolve(values.dataset).id : undefined);
      if (values.json) io.out(JSON.stringify(runs.map((r) => trainSummary(r, studio))));
      else
        for (const r of runs)
          io.out(`${r.id}\t${r.status}\t${r.stepsDone}/${r.totalSteps ?? '?'}\t${r.resolved?.condition ?? '—'}\t${r.name}`);
      return EXIT.ok;
    }
    const id = runIdOf(positionals[0], `${sub} R`);
    if (sub === 'show') return printRun(studio.lum.get(id).run, studio, io, values.json);
    if (sub === 'stop') {
      const stopping = studio.lum.stop(id);
      if (values.json) io.out(JSON.stringify({ runId: id, stopping }));
      else io.out(stopping ? `LUM run ${id} stops after its current step` : `LUM run ${id} is not running`);
      return EXIT.ok;
    }
    const { jobId } = studio.lum.resume(id);
    await followJob(studio, jobId, io, { label: 'lum train', unit: 'steps', stop: { run: () => studio.lum.stop(id) } });
    return printRun(studio.lum.get(id).run, studio, io, values.json);
  });
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'train') return train(rest, io);
  if (sub === 'query') return query(rest, io);
  if (sub === 'rank') return rank(rest, io);
  if (sub === 'list' || sub === 'show' || sub === 'stop' || sub === 'resume' || sub === 'fields') return manage(sub, rest, io);
  if (sub === undefined || sub === '--help' || sub === '-h') return printHelp(io, HELP, sub !== undefined);
  io.err(`studio lum: unknown subcommand "${sub}"\n\n${HELP}`);
  return EXIT.badInput;
}
