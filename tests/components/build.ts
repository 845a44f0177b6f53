/** Bundles the component harness (React, the components, their fixtures) into out/components with esbuild. */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));

export const HARNESS_DIR = join(here, '../../out/components');

export async function buildHarness(): Promise<void> {
  mkdirSync(HARNESS_DIR, { recursive: true });
  await build({
    entryPoints: [join(here, 'harness/main.tsx')],
    outfile: join(HARNESS_DIR, 'harness.js'),
    bundle: true,
    format: 'iife',
    jsx: 'automatic',
    target: 'es2022',
    sourcemap: 'inline',
    define: { 'process.env.NODE_ENV': '"development"' },
    loader: { '.woff2': 'file', '.svg': 'file', '.png': 'file' },
    logLevel: 'warning',
  });
  copyFileSync(join(here, 'harness/index.html'), join(HARNESS_DIR, 'index.html'));
}
