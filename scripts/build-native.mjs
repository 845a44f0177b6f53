#!/usr/bin/env node
// Builds the native kernels (native/, a Node-API addon) with node-gyp, the toolchain better-sqlite3 already
// uses. Never fails: without a compiler the reason goes to native/build-error.txt, the studio trains on the
// wasm back end and says why. Node-API keeps one build good for Node and Electron alike.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const folder = join(root, 'native');
const errorFile = join(folder, 'build-error.txt');

/** npm hands lifecycle scripts its bundled node-gyp; run by hand, look next to npm. */
function nodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(root, 'node_modules/node-gyp/bin/node-gyp.js'),
    join(dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
    join(dirname(process.execPath), 'node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
  ];
  return candidates.find((c) => c && existsSync(c));
}

/** Node's own headers where it was installed with them (no download needed, so an offline build works). */
function nodeDir() {
  if (process.env.npm_config_nodedir) return null;
  const prefix = process.config.variables.node_prefix;
  return prefix && existsSync(join(prefix, 'include/node/node_api.h')) ? prefix : null;
}

export function buildNative({ quiet = false } = {}) {
  const gyp = nodeGyp();
  const fail = (why) => {
    writeFileSync(errorFile, `${why}\n`);
    console.warn(`studio: native kernels not built (${why}); training will use the wasm back end`);
    return false;
  };
  if (!gyp) return fail('node-gyp not found');
  if (process.platform !== 'win32') {
    const cxx = process.env.CXX || 'c++';
    const probe = spawnSync(cxx, ['--version'], { encoding: 'utf8' });
    if (probe.status !== 0) return fail(`no C++ compiler (${cxx}); install build-essential, or Xcode's command line tools on macOS`);
  }
  const dir = nodeDir();
  const args = [gyp, 'rebuild', '--release', ...(dir ? [`--nodedir=${dir}`] : [])];
  const r = spawnSync(process.execPath, args, { cwd: folder, encoding: 'utf8', stdio: quiet ? 'pipe' : ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) {
    const log = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
    const lines = log.split('\n');
    const compiler = lines.find((l) => /\berror:/.test(l));
    const gypError = lines
      .filter((l) => /^gyp ERR! (stack Error|configure error|build error)/.test(l) && !/most likely not a problem/.test(l))
      .pop();
    const why = compiler ?? gypError?.replace(/^gyp ERR! (stack )?/, '') ?? r.error?.message ?? `node-gyp exited with ${r.status}`;
    return fail(why.trim());
  }
  rmSync(errorFile, { force: true });
  console.log('studio: native kernels built (native/build/Release/studio_kernels.node)');
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) buildNative();
