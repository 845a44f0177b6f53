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
          'datasets-import-worker': resolve(__dirname, 'main/datasets/import-worker.ts'),
          'datasets-import-parse-worker': resolve(__dirname, 'main/datasets/import/parse-worker.ts'),
          'constrained-worker': resolve(__dirname, 'main/constrained/worker.ts'),
          'entities-textualize-worker': resolve(__dirname, 'main/entities/textualize-worker.ts'),
          'training-worker': resolve(__dirname, 'main/training/worker.ts'),
          'training-export-worker': resolve(__dirname, 'main/training/export-worker.ts'),
          'generation-worker': resolve(__dirname, 'main/generation/worker.ts'),
          'evaluation-baselines-worker': resolve(__dirname, 'main/evaluation/baselines-worker.ts'),
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
