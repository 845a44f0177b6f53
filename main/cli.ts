/**
 * The `studio` command. Each subcommand lives in main/cli/<name>.ts and is loaded only when used,
 * so `studio sfw` never opens SQLite and `studio --help` starts instantly.
 */
import { isBusy, StudioError, toCallError } from './errors';
import { EXIT, processIo, type CliIo } from './cli/io';
import { setProcessLabel } from './jobs/ownership';

export type Command = (args: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  start: {
    summary: 'open the studio: the desktop window, or serve mode when Electron is absent',
    load: async () => (await import('./cli/start')).run,
  },
  serve: {
    summary: 'serve the studio UI to a browser on 127.0.0.1 (token in the printed URL)',
    load: async () => (await import('./cli/serve')).run,
  },
  import: { summary: 'import a dataset: recbole | movielens | amazon | csv | jsonl', load: async () => (await import('./cli/import')).run },
  datasets: { summary: 'list | show | rename | delete datasets', load: async () => (await import('./cli/datasets')).run },
  split: {
    summary: 'leave-one-out split of a dataset (last → test, second to last → valid)',
    load: async () => (await import('./cli/split')).run,
  },
  sample: {
    summary: 'write the deterministic sample dataset as RecBole atomic files',
    load: async () => (await import('./cli/sample')).run,
  },
  textualize: {
    summary: 'turn a dataset into text records with entity spans (RecSysLLM)',
    load: async () => (await import('./cli/textualize')).run,
  },
  entities: { summary: 'import | export | stats of entity spans', load: async () => (await import('./cli/entities')).run },
  templates: {
    summary: 'list | export | import | render | vocabulary of prompt templates',
    load: async () => (await import('./cli/templates')).run,
  },
  examples: {
    summary: 'count the training examples templates make from a dataset',
    load: async () => (await import('./cli/examples')).run,
  },
  itemids: {
    summary: 'build | list | show | delete item identifier sets (title, atomic, sequential, collaborative, semantic)',
    load: async () => (await import('./cli/itemids')).run,
  },
  train: {
    summary: 'train a RecSysLLM-style model on a dataset (run.json configures it)',
    load: async () => (await import('./cli/train')).run,
  },
  runs: {
    summary: 'list | show | stop | resume | export | bundle | import-weights | torchrun training runs',
    load: async () => (await import('./cli/runs')).run,
  },
  generate: {
    summary: 'generate from a run over a split (constrained beam for items)',
    load: async () => (await import('./cli/generate')).run,
  },
  eval: { summary: "a run's metrics per family, seen and unseen, per template", load: async () => (await import('./cli/eval')).run },
  baselines: {
    summary: 'most-popular, item-kNN, BPR, SASRec and biased MF on the same splits',
    load: async () => (await import('./cli/baselines')).run,
  },
  review: {
    summary: 'create | stats | export | list blind side-by-side reviews of two runs',
    load: async () => (await import('./cli/review')).run,
  },
  lum: {
    summary: 'train | query | rank the large user model (condition tokens, group queries, rankers that use it)',
    load: async () => (await import('./cli/lum')).run,
  },
  sfw: { summary: 'fit a constrained linear model with stochastic Frank-Wolfe', load: async () => (await import('./cli/sfw')).run },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    'usage: studio <command> [options]',
    '',
    'commands:',
    ...lines,
    '',
    'Every command takes --data-dir DIR (or STUDIO_DATA_DIR) to choose the workspace, and --json for one JSON object on stdout.',
    'Run `studio <command> --help` for a command’s options. Exit codes: 0 ok, 2 bad input, 3 the workspace was busy',
    '(another studio process held its write lock; nothing was written, run it again), 1 anything else.',
  ].join('\n');
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`studio: unknown command "${name}"\n\n${usage()}`);
    return EXIT.badInput;
  }
  setProcessLabel(`studio ${name}`);
  const json = rest.includes('--json');
  if (io === processIo) reportCrashes(io, json);
  try {
    return await (
      await command.load()
    )(rest, io);
  } catch (err) {
    return reportError(err, io, json);
  }
}

/** An error nothing caught (a timer, a stream) still ends the command with one line, not a stack trace. */
function reportCrashes(io: CliIo, json: boolean): void {
  const crash = (err: unknown): void => {
    process.exitCode = reportError(err, io, json);
    process.exit();
  };
  process.once('uncaughtException', crash);
  process.once('unhandledRejection', crash);
}

const isParseArgsError = (err: unknown): boolean =>
  err instanceof TypeError && 'code' in err && String((err as { code: unknown }).code).startsWith('ERR_PARSE_ARGS');

/**
 * Prints an error the way every command does and maps it to the exit code: one line on stderr (a stack only with
 * STUDIO_DEBUG=1), and with --json the error as `{"error": {code, message, where?}}` on stdout too.
 */
export function reportError(err: unknown, io: CliIo, json = false): number {
  const error = isParseArgsError(err) ? { code: 'bad_input' as const, message: (err as Error).message } : toCallError(err);
  io.err(`studio: ${error.message}`);
  if (process.env.STUDIO_DEBUG && err instanceof Error && !(err instanceof StudioError) && err.stack) io.err(err.stack);
  if (json) io.out(JSON.stringify({ error }));
  if (isBusy(err)) return EXIT.busy;
  return error.code === 'bad_input' || error.code === 'not_found' || error.code === 'conflict' ? EXIT.badInput : EXIT.failure;
}
