import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { sourceBundle } from './source-bundle';

export interface SpawnOptions {
  /**
   * Run from source, start from a cached esbuild bundle of the module's graph instead of through tsx (see
   * source-bundle.ts): for workers whose start is on a latency path. Falls back to tsx when no bundle can be made.
   */
  bundleFromSource?: boolean;
}

/**
 * Starts a worker thread from a module of main/. Run from source (tsx: the CLI, serve mode, tests) the
 * worker must register tsx itself, since Node 20 does not apply --import hooks to a worker's entry;
 * in the Electron build the same module is a bundled entry next to this file.
 */
export function spawnWorker(moduleFromMain: string, workerData: unknown, options: SpawnOptions = {}): Worker {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    const bundle = options.bundleFromSource ? sourceBundle(moduleFromMain) : null;
    if (bundle) return new Worker(bundle, { workerData });
    const entry = new URL(`../${moduleFromMain}.ts`, import.meta.url).href;
    const tsx = import.meta.resolve('tsx/esm/api');
    const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
    return new Worker(boot, { eval: true, workerData });
  }
  // The bundler may put this code in out/main or in out/main/chunks; worker entries sit in out/main.
  const name = `${moduleFromMain.replace(/\//g, '-')}.js`;
  const bundled = [join(dirname(here), name), join(dirname(here), '..', name)].find((p) => existsSync(p));
  if (!bundled) throw new Error(`worker entry ${name} missing from the build next to ${dirname(here)}`);
  return new Worker(bundled, { workerData });
}

/**
 * Runs one job in a worker and settles once: `handle` sees each message and returns the job's value
 * (or throws its error) for the message that ends it, undefined for the others. `onAbort` tells the
 * worker to stop its own way (a message, a shared flag); an unexpected exit is an error.
 */
export function runWorkerJob<M, T>(
  moduleFromMain: string,
  workerData: unknown,
  signal: AbortSignal,
  onAbort: (worker: Worker) => void,
  handle: (message: M) => { value: T } | undefined,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = spawnWorker(moduleFromMain, workerData);
    const abort = (): void => onAbort(worker);
    signal.addEventListener('abort', abort, { once: true });
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', abort);
      fn();
    };
    worker.on('message', (m: M) => {
      let outcome: { value: T } | undefined;
      try {
        outcome = handle(m);
      } catch (err) {
        settle(() => reject(err));
        return;
      }
      if (outcome) {
        const { value } = outcome;
        settle(() => resolve(value));
      }
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) => settle(() => reject(new Error(`${moduleFromMain} exited with code ${code}`))));
  });
}
