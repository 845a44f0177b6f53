import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { denseFromRows, l1Ball, logistic, sfw } from '../../../main/optim';
import { plantedLogistic } from './reference';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'studio-sfw-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function studio(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/studio.mjs', 'sfw', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_NO_WARNINGS: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function csv(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const planted = plantedLogistic(60, 5, { 1: 2, 3: -2 }, 8);
const good = csv('good.csv', ['f0,f1,f2,f3,f4,y', ...planted.a.map((row, i) => [...row, planted.b[i]].join(','))].join('\n') + '\n');

test('studio sfw --json prints one JSON object with every epoch in order and the same x as the library', () => {
  const r = studio('--data', good, '--label', 'y', '--radius', '3', '--epochs', '4', '--batch-size', '3', '--sampler', 'random:7', '--json');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim().split('\n').length, 1, 'stdout holds one line');
  const out = JSON.parse(r.stdout) as { epochs: { epoch: number; objective: number; gap: number; gapEstimate: number }[]; x: number[] };
  assert.deepEqual(Object.keys(out).sort(), ['epochs', 'x']);
  assert.deepEqual(
    out.epochs.map((e) => e.epoch),
    [1, 2, 3, 4],
  );
  for (const e of out.epochs) {
    assert.deepEqual(Object.keys(e).sort(), ['epoch', 'gap', 'gapEstimate', 'objective']);
    assert.ok(Number.isFinite(e.objective) && e.gap >= 0 && Number.isFinite(e.gapEstimate));
  }
  const lib = sfw(
    { features: denseFromRows(planted.a), labels: Float64Array.from(planted.b), loss: logistic, constraint: l1Ball(3) },
    { epochs: 4, batchSize: 3, sampler: { kind: 'random', seed: 7 } },
  );
  assert.equal(out.x.length, 5);
  out.x.forEach((v, j) => assert.ok(Math.abs(v - lib.x[j]!) < 1e-12, `x[${j}]`));
  out.epochs.forEach((e, k) => assert.ok(Math.abs(e.objective - lib.history[k]!.objective) < 1e-12));
  assert.match(r.stderr, /epoch 1\/4/);
  assert.match(r.stderr, /epoch 4\/4/);
});

test('studio sfw prints a readable table without --json, and --tol stops early', () => {
  const r = studio('--data', good, '--label', 'y', '--radius', '3', '--epochs', '300', '--tol', '0.05', '--loss', 'logistic', '--constraint', 'l1');
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.split('\n');
  assert.match(lines[0]!, /epoch\s+objective\s+gap\s+gap estimate/);
  assert.match(r.stdout, /stopped: tolerance met/);
  const epochRows = lines.filter((l) => /^\s*\d+\s/.test(l));
  assert.ok(epochRows.length >= 1 && epochRows.length < 300, `${epochRows.length} epochs`);
});

test('bad input exits 2 with the file, line and column in the message', () => {
  const cases: { text: string; pattern: RegExp }[] = [
    { text: 'a,b,y\n1,2,1\n1,oops,0\n', pattern: /bad1\.csv:3 field "b": "oops" is not a number \(column 2\)/ },
    { text: 'a,b,label\n1,2,1\n', pattern: /bad2\.csv:1 field "y": no column named "y"/ },
    { text: 'a,b,y\n1,2,1\n1,2\n', pattern: /bad3\.csv:3 field "y": expected 3 fields/ },
    { text: 'a,b,y\n1,2,1\n1,2,2\n', pattern: /bad4\.csv:3 field "y": logistic labels must be 0 or 1, found 2 \(column 3\)/ },
  ];
  cases.forEach(({ text, pattern }, k) => {
    const file = csv(`bad${k + 1}.csv`, text);
    const r = studio('--data', file, '--label', 'y', '--radius', '1', '--epochs', '2', '--json');
    assert.equal(r.status, 2, `bad${k + 1}: exit ${r.status}, stderr ${r.stderr}`);
    assert.match(r.stderr, pattern);
    // With --json, stdout carries the error and nothing else.
    const { error } = JSON.parse(r.stdout) as { error: { code: string; message: string } };
    assert.equal(error.code, 'bad_input');
    assert.match(error.message, pattern);
  });
});

test('bad options exit 2 with a message', () => {
  for (const [args, pattern] of [
    [['--label', 'y', '--radius', '1', '--epochs', '2'], /--data is required/],
    [['--data', good, '--label', 'y', '--radius', '0', '--epochs', '2'], /--radius must be a positive number/],
    [['--data', good, '--label', 'y', '--radius', '1', '--epochs', '2', '--sampler', 'shuffle'], /sampler must be/],
    [['--data', join(dir, 'missing.csv'), '--label', 'y', '--radius', '1', '--epochs', '2'], /missing\.csv: cannot read the data file: no such file/],
  ] as const) {
    const r = studio(...args);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, pattern);
  }
});
