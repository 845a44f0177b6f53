import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread from a module of main/. Run from source (tsx: the CLI, serve mode, tests) the
 * worker must register tsx itself, since Node 20 does not apply --import hooks to a worker's entry;
 * in the Electron build the same module is a bundled entry next to this file.
 */
export function spawnWorker(moduleFromMain: string, workerData: unknown): Worker {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    const entry = new URL(`../${moduleFromMain}.ts`, import.meta.url).href;
    const tsx = import.meta.resolve('tsx/esm/api');
    const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
    return new Worker(boot, { eval: true, workerData });
  }
  const bundled = join(dirname(here), `${moduleFromMain.replace(/\//g, '-')}.js`);
  if (!existsSync(bundled)) throw new Error(`worker entry ${bundled} missing from the build`);
  return new Worker(bundled, { workerData });
}
