/**
 * Run from source (the CLI, serve mode, tests), a worker started through tsx pays for tsx's loader thread and a
 * transform per module: about 0.2 s before its first line runs. For a worker on a latency path (an import's parse
 * thread) that is more than the work it overlaps, so such a worker may start from one plain JavaScript file that
 * esbuild bundled from its sources, which starts in about 60 ms.
 *
 * Bundles are cached beside the packages they import (node_modules/.cache), so their bare imports resolve as the
 * sources' do. A bundle is used only while every input file still has the size and mtime it was built from; several
 * studio processes may build the same one at once, so each writes a file of its own and renames it into place.
 * A graph that reads import.meta (paths relative to its own file) cannot move into the cache: it gets no bundle.
 */
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where sources are read (main/<module>.ts under root) and bundles kept. */
export interface BundlePlace {
  root: string;
  cache: string;
}

const STUDIO: BundlePlace = { root: ROOT, cache: join(ROOT, 'node_modules', '.cache', 'recsys-studio', 'workers') };

/** Per input file (absolute path): [size, mtimeMs] at build time. */
type Inputs = Record<string, [number, number]>;

interface Manifest {
  /** Null when the graph cannot run from the cache (see the header). */
  bundle: string | null;
  inputs: Inputs;
}

interface EsbuildLike {
  buildSync(options: Record<string, unknown>): { metafile?: { inputs: Record<string, unknown> }; outputFiles?: { text: string }[] };
}

/**
 * The cached bundle of main/<moduleFromMain>.ts, built now if missing or stale; null when it cannot be built here
 * (esbuild absent, a build error, a graph that reads import.meta), and the caller starts the worker through tsx.
 */
export function sourceBundle(moduleFromMain: string, place: BundlePlace = STUDIO): string | null {
  const name = moduleFromMain.replace(/\//g, '-');
  const manifestFile = join(place.cache, `${name}.json`);
  const cached = readManifest(manifestFile);
  // A manifest whose bundle file is gone (a cleaned cache) is stale too: a worker started from it would fail.
  if (cached && fresh(cached.inputs) && (cached.bundle === null || existsSync(cached.bundle))) return cached.bundle;
  try {
    return build(moduleFromMain, place, name, manifestFile);
  } catch {
    return null;
  }
}

function readManifest(file: string): Manifest | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

function fresh(inputs: Inputs): boolean {
  for (const [path, [size, mtime]] of Object.entries(inputs)) {
    try {
      const st = statSync(path);
      if (st.size !== size || st.mtimeMs !== mtime) return false;
    } catch {
      return false;
    }
  }
  return Object.keys(inputs).length > 0;
}

function build(moduleFromMain: string, place: BundlePlace, name: string, manifestFile: string): string | null {
  const { root, cache } = place;
  const esbuild = createRequire(import.meta.url)('esbuild') as EsbuildLike;
  const started = Date.now();
  const result = esbuild.buildSync({
    entryPoints: [join(root, 'main', `${moduleFromMain}.ts`)],
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const text = result.outputFiles?.[0]?.text;
  if (text === undefined || !result.metafile) return null;
  let inputs: Inputs = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    const path = resolve(root, input);
    const st = statSync(path);
    inputs[path] = [st.size, st.mtimeMs];
  }
  // A file saved while esbuild read it may be in the bundle in its older form: then the bundle serves this start
  // only, and the next one builds again.
  if (Object.values(inputs).some(([, mtime]) => mtime >= started - 1)) inputs = {};
  mkdirSync(cache, { recursive: true });
  const usable = !text.includes('import.meta');
  const bundle = usable ? join(cache, `${name}.mjs`) : null;
  if (bundle) replace(bundle, text);
  replace(manifestFile, JSON.stringify({ bundle, inputs } satisfies Manifest));
  return bundle;
}

function replace(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}
