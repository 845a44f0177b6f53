import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chooseDataDir } from '../paths';
import { parse, printHelp } from './common';
import { EXIT, type CliIo } from './io';
import { run as runServe } from './serve';

const HELP = `usage: studio start [--data-dir DIR] [--serve] [--host H] [--port P] [--upload-limit SIZE] [--upload-expiry HOURS]
Opens the desktop window when the Electron binary is installed; otherwise serves the same UI to a browser.`;

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The Electron binary's path, or why there is none (no network at install, or a skipped download). */
export function findElectron(): { path: string } | { missing: string } {
  try {
    const require = createRequire(import.meta.url);
    const pkgDir = require.resolve('electron/package.json').replace(/package\.json$/, '');
    const pathFile = `${pkgDir}path.txt`;
    if (!existsSync(pathFile)) return { missing: 'the electron package is installed but its binary was not downloaded' };
    const bin = `${pkgDir}dist/${readFileSync(pathFile, 'utf8').trim()}`;
    return existsSync(bin) ? { path: bin } : { missing: `the Electron binary ${bin} is missing` };
  } catch {
    return { missing: 'the electron package is not installed (its download needs network at install time)' };
  }
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values } = parse(
    args,
    {
      serve: { type: 'boolean' },
      host: { type: 'string' },
      port: { type: 'string' },
      'upload-limit': { type: 'string' },
      'upload-expiry': { type: 'string' },
    },
    false,
  );
  if (values.help) return printHelp(io, HELP, true);
  const electron = values.serve ? { missing: '--serve given' } : findElectron();
  if ('missing' in electron) {
    const passOn = args.filter((a) => a !== '--serve');
    return runServe(passOn, io, `No desktop window: ${electron.missing}. Falling back to serve mode (the same UI in your browser).`);
  }
  io.err('building the desktop app…');
  const build = spawnSync(process.execPath, [`${root}node_modules/electron-vite/bin/electron-vite.js`, 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) {
    io.err('studio start: the Electron build failed; falling back to serve mode');
    return runServe(args, io);
  }
  const child = spawn(electron.path, [root, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, STUDIO_DATA_DIR: chooseDataDir(values['data-dir']) },
  });
  return new Promise((done) => child.on('exit', (code) => done(code ?? EXIT.failure)));
}
