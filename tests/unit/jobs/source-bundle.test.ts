/**
 * Workers started from a cached esbuild bundle (source-bundle.ts): the bundle runs the sources' code, is reused while
 * its inputs are unchanged, is rebuilt when one changes, and is refused for a graph that reads import.meta.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { sourceBundle, type BundlePlace } from '../../../main/jobs/source-bundle';
import { spawnWorker } from '../../../main/jobs/spawn';

function place(sources: Record<string, string>): BundlePlace {
  const root = mkdtempSync(join(tmpdir(), 'studio-bundle-'));
  for (const [name, text] of Object.entries(sources)) {
    mkdirSync(join(root, 'main', name, '..'), { recursive: true });
    writeFileSync(join(root, 'main', name), text);
    // Saved a minute ago: a file saved while a build runs is never trusted as cached (see source-bundle.ts).
    const before = new Date(Date.now() - 60_000);
    utimesSync(join(root, 'main', name), before, before);
  }
  return { root, cache: join(root, 'cache') };
}

const WORKER = `import { parentPort, workerData } from 'node:worker_threads';
import { twice } from './twice';
parentPort!.postMessage(twice(workerData as number));
`;

function answer(file: string, data: number): Promise<unknown> {
  const w = new Worker(file, { workerData: data });
  return new Promise((resolve, reject) => {
    w.once('message', (m) => void w.terminate().then(() => resolve(m)));
    w.once('error', reject);
  });
}

test("a bundled worker runs its sources' code, and the bundle is reused until an input changes", async () => {
  const at = place({ 'w.ts': WORKER, 'twice.ts': 'export const twice = (n: number): number => 2 * n;\n' });
  const first = sourceBundle('w', at);
  assert.ok(first, 'a bundle was built');
  assert.equal(await answer(first, 21), 42);
  const built = statSync(first).mtimeMs;
  assert.equal(sourceBundle('w', at), first);
  assert.equal(statSync(first).mtimeMs, built, 'unchanged inputs: the cached bundle is used as it is');

  const twice = join(at.root, 'main', 'twice.ts');
  writeFileSync(twice, 'export const twice = (n: number): number => 3 * n;\n');
  const edited = new Date(Date.now() - 30_000);
  utimesSync(twice, edited, edited);
  const again = sourceBundle('w', at);
  assert.equal(again, first);
  assert.equal(await answer(again!, 21), 63, 'a changed input is bundled again');
  const manifest = JSON.parse(readFileSync(join(at.cache, 'w.json'), 'utf8')) as { inputs: Record<string, unknown> };
  assert.deepEqual(Object.keys(manifest.inputs).sort(), [join(at.root, 'main', 'twice.ts'), join(at.root, 'main', 'w.ts')]);
});

test('a cached bundle whose file was deleted is built again, not handed to a worker', async () => {
  const at = place({ 'w.ts': WORKER, 'twice.ts': 'export const twice = (n: number): number => 2 * n;\n' });
  const first = sourceBundle('w', at);
  assert.ok(first);
  rmSync(first);
  const again = sourceBundle('w', at);
  assert.equal(again, first);
  assert.equal(await answer(again!, 4), 8);
});

test('a graph that reads import.meta gets no bundle (its paths would point into the cache)', () => {
  const at = place({ 'w.ts': `export const here = import.meta.url;\n` });
  assert.equal(sourceBundle('w', at), null);
  assert.equal(sourceBundle('w', at), null, 'the refusal is cached too');
});

test('a build error gives no bundle, so the worker starts through tsx instead', () => {
  const at = place({ 'w.ts': `import { nothing } from './missing';\nconsole.log(nothing);\n` });
  assert.equal(sourceBundle('w', at), null);
});

test("the import's parse worker starts from a bundle and parses", async () => {
  assert.ok(sourceBundle('datasets/import/parse-worker'), 'its graph bundles (no import.meta, no build error)');
  const dir = mkdtempSync(join(tmpdir(), 'studio-bundle-data-'));
  writeFileSync(join(dir, 'd.inter'), 'user_id:token\titem_id:token\nu1\ti1\nu2\ti1\n');
  const worker = spawnWorker(
    'datasets/import/parse-worker',
    { options: { files: [dir], format: 'recbole' }, bytesTotal: 40 },
    { bundleFromSource: true },
  );
  const types: string[] = [];
  await new Promise<void>((resolve, reject) => {
    worker.on('message', (m: { type: string }) => {
      types.push(m.type);
      if (m.type === 'batch') worker.postMessage({ type: 'ack' });
      if (m.type === 'done' || m.type === 'failed') resolve();
    });
    worker.once('error', reject);
  });
  await worker.terminate();
  assert.equal(types.at(-1), 'done');
  assert.ok(types.includes('batch'));
});
