#!/usr/bin/env node
// Builds the window's UI into out/renderer for serve mode (Electron builds it with electron-vite).
import { build } from 'vite';

await build({ configFile: new URL('../renderer/vite.config.ts', import.meta.url).pathname, logLevel: process.env.CI ? 'warn' : 'info' });
