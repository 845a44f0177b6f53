import { parseArgs, type ParseArgsConfig } from 'node:util';
import { chooseDataDir } from '../paths';
import { Studio } from '../studio';
import { EXIT, type CliIo } from './io';

/** Options every workspace command accepts. */
export const COMMON_OPTIONS = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export function parse<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O, allowPositionals = true) {
  return parseArgs({ args, options: { ...COMMON_OPTIONS, ...options }, allowPositionals, strict: true });
}

/**
 * Opens the workspace the flags name, runs `fn`, and always closes it. A failure while closing (another process
 * holding the lock, say) is reported but never turns a command whose work committed into a failed one.
 */
export async function withStudio<T>(dataDirFlag: string | undefined, fn: (studio: Studio) => Promise<T> | T): Promise<T> {
  const studio = await Studio.open({ dataDir: chooseDataDir(dataDirFlag), mode: 'serve' });
  try {
    return await fn(studio);
  } finally {
    try {
      await studio.close();
    } catch (err) {
      process.stderr.write(`studio: closing the workspace: ${(err as Error).message}\n`);
    }
  }
}

export function printHelp(io: CliIo, text: string, asked: boolean | undefined): number {
  io.out(text);
  return asked ? EXIT.ok : EXIT.badInput;
}
