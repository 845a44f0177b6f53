import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The OS's per-user data folder, as Electron's app.getPath('userData') would give, so CLI and window agree. */
export function defaultDataDir(platform = process.platform, env = process.env): string {
  const app = 'RecSys Studio';
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), app);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', app);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), app);
}

/** --data-dir wins, then STUDIO_DATA_DIR, then the OS default. */
export function chooseDataDir(flag: string | undefined, env = process.env): string {
  return resolve(flag ?? env.STUDIO_DATA_DIR ?? defaultDataDir());
}

/** resources/ from source (main/x.ts) and from the Electron build (out/main/x.js) alike. */
export function resourcesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let k = 0; k < 4; k++) {
    const candidate = join(dir, 'resources');
    if (existsSync(join(candidate, 'sample'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('resources/ not found next to the studio');
}

/** The renderer build (out/renderer) served in serve mode. */
export function rendererDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let k = 0; k < 4; k++) {
    const candidate = join(dir, 'out', 'renderer');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (existsSync(join(dir, 'renderer', 'index.html')) && dir.endsWith('out')) return join(dir, 'renderer');
    dir = dirname(dir);
  }
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'renderer');
}
