#!/usr/bin/env node
// Runs every suite (unit under node:test; component, browser e2e and Electron under Playwright) and prints one closing
// line `N passed, N failed, N skipped` summing them all. `node scripts/test.mjs static|unit|components|e2e|electron` runs one.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv[2];
const totals = { passed: 0, failed: 0, skipped: 0 };

function listTests(dir, suffix) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listTests(path, suffix);
    return path.endsWith(suffix) ? [relative(root, path)] : [];
  });
}

function runUnit() {
  const files = listTests(join(root, 'tests/unit'), '.test.ts').sort();
  if (files.length === 0) return;
  const tap = join(mkdtempSync(join(tmpdir(), 'studio-test-')), 'unit.tap');
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...files,
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_NO_WARNINGS: '1' } },
  );
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const count = (key) => Number(text.match(new RegExp(`^# ${key} (\\d+)$`, 'm'))?.[1] ?? 0);
  const passed = count('pass');
  const failed = count('fail') + count('cancelled');
  const skipped = count('skipped') + count('todo');
  if (r.status !== 0 && failed === 0) totals.failed += 1; // the runner itself crashed
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
}

function runPlaywright(project, config = 'playwright.config.ts') {
  const out = join(mkdtempSync(join(tmpdir(), 'studio-test-')), 'pw.json');
  const r = spawnSync(process.execPath, ['node_modules/@playwright/test/cli.js', 'test', '--config', config, '--project', project], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: out },
  });
  if (!existsSync(out)) {
    totals.failed += 1;
    return;
  }
  const stats = JSON.parse(readFileSync(out, 'utf8')).stats ?? {};
  totals.passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
  totals.failed += stats.unexpected ?? 0;
  totals.skipped += stats.skipped ?? 0;
  if (r.status !== 0 && !stats.unexpected) totals.failed += 1;
}

/** Type checking and lint count as one test each: a type error is a failure like any other. */
function runStatic() {
  const electronTypes = existsSync(join(root, 'node_modules/electron/electron.d.ts'));
  const project = electronTypes ? 'tsconfig.json' : 'tsconfig.no-electron.json';
  const note = electronTypes ? '' : ' — Electron-only files skipped: the electron package is not installed';
  for (const [name, args] of [
    [`typecheck (tsc --noEmit, strict)${note}`, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', project]],
    ['lint (eslint)', ['node_modules/eslint/bin/eslint.js', '.']],
  ]) {
    const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
    console.log(`${r.status === 0 ? '✔' : '✖'} ${name}`);
    if (r.status === 0) totals.passed += 1;
    else totals.failed += 1;
  }
}

if (!only || only === 'static') runStatic();
if (!only || only === 'unit') runUnit();
if (!only || only === 'components') runPlaywright('components', 'playwright.components.config.ts');
if (!only || only === 'e2e') runPlaywright('browser');
if (!only || only === 'electron') runPlaywright('electron');

console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exitCode = totals.failed > 0 ? 1 : 0;
