import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The renderer build, shared by serve mode (`vite build` into out/renderer) and electron.vite.config.ts. */
export const rendererConfig = {
  root: here,
  base: './',
  build: {
    outDir: resolve(here, '../out/renderer'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
};

export default defineConfig(rendererConfig);
