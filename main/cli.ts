/**
 * The `studio` command. Each subcommand lives in main/cli/<name>.ts and is loaded only when used,
 * so `studio sfw` never opens SQLite and `studio --help` starts instantly.
 */
import { StudioError } from './errors';
import { EXIT, processIo, type CliIo } from './cli/io';

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
    'Run `studio <command> --help` for a command’s options. Exit codes: 0 ok, 2 bad input, 1 anything else.',
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
  try {
    return await (
      await command.load()
    )(rest, io);
  } catch (err) {
    return reportError(err, io);
  }
}

/** Prints an error the way every command does and maps it to the exit code. */
export function reportError(err: unknown, io: CliIo): number {
  if (err instanceof StudioError) {
    io.err(`studio: ${err.message}`);
    return err.code === 'bad_input' || err.code === 'not_found' || err.code === 'conflict' ? EXIT.badInput : EXIT.failure;
  }
  if (err instanceof TypeError && 'code' in err && String((err as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
    io.err(`studio: ${err.message}`);
    return EXIT.badInput;
  }
  io.err(`studio: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return EXIT.failure;
}
