import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './renderer/vite.config';

/** Top-level main/ preload/ renderer/ layout (the product card), so every entry is named explicitly. */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'main/index.ts'),
          // Worker threads are separate entries: spawnWorker() finds them by name next to index.js.
          'jobs-import-worker': resolve(__dirname, 'main/jobs/import-worker.ts'),
          'jobs-baseline-worker': resolve(__dirname, 'main/jobs/baseline-worker.ts'),
          'entities-textualize-worker': resolve(__dirname, 'main/entities/textualize-worker.ts'),
          'jobs-train-worker': resolve(__dirname, 'main/jobs/train-worker.ts'),
          'jobs-export-worker': resolve(__dirname, 'main/jobs/export-worker.ts'),
          'jobs-generate-worker': resolve(__dirname, 'main/jobs/generate-worker.ts'),
          'jobs-baselines-eval-worker': resolve(__dirname, 'main/jobs/baselines-eval-worker.ts'),
          'itemids-worker': resolve(__dirname, 'main/itemids/worker.ts'),
          'lum-worker': resolve(__dirname, 'main/lum/worker.ts'),
          'bundle-worker': resolve(__dirname, 'main/bundle/worker.ts'),
        },
        // tfjs finds its .wasm files and native bindings next to its own package, so it is never bundled.
        external: ['better-sqlite3', 'tsx', 'tsx/esm/api', /^@tensorflow\//],
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve(__dirname, 'preload/index.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    ...rendererConfig,
    build: { ...rendererConfig.build, rollupOptions: { input: resolve(__dirname, 'renderer/index.html') } },
  },
});
