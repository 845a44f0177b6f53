#!/usr/bin/env node
// First the native kernels (build-native.mjs). Then, where npm could install the Electron binary (network at install time), build a second copy of
// better-sqlite3 for Electron's ABI, so the desktop window and the Node-side tests and CLI each load
// a binary made for them (better-sqlite3 12 is not N-API). Never fails the install: without it the
// window reports the problem and serve mode works as before.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildNative } from './build-native.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
buildNative();
const electronDir = join(root, 'node_modules/electron');
const pathTxt = join(electronDir, 'path.txt');
if (!existsSync(pathTxt)) {
  console.log('studio postinstall: no Electron binary (offline install or ELECTRON_SKIP_BINARY_DOWNLOAD): `npm start` will use serve mode');
  process.exit(0);
}
const version = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
const target = join(root, 'node_modules/.studio-electron/better-sqlite3');
try {
  rmSync(target, { recursive: true, force: true });
  cpSync(join(root, 'node_modules/better-sqlite3'), target, {
    recursive: true,
    filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`),
  });
  const prebuilt = spawnSync(
    process.execPath,
    [join(root, 'node_modules/prebuild-install/bin.js'), '--runtime', 'electron', '--target', version],
    { cwd: target, stdio: 'inherit' },
  );
  if (prebuilt.status !== 0) {
    const gyp = spawnSync(
      process.execPath,
      // npm hands its bundled node-gyp to lifecycle scripts through npm_config_node_gyp.
      [
        process.env.npm_config_node_gyp ?? join(root, 'node_modules/node-gyp/bin/node-gyp.js'),
        'rebuild',
        '--release',
        `--target=${version}`,
        '--dist-url=https://electronjs.org/headers',
      ],
      { cwd: target, stdio: 'inherit' },
    );
    if (gyp.status !== 0) throw new Error('neither a prebuilt binary nor a build for Electron could be had');
  }
  console.log(`studio postinstall: better-sqlite3 built for Electron ${version}`);
} catch (err) {
  console.warn(`studio postinstall: could not prepare better-sqlite3 for Electron (${err.message}); serve mode is unaffected`);
}
