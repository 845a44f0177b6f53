import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nextFreePort, portFree } from '../../../main/cli/port';

const root = new URL('../../../', import.meta.url).pathname;
const hold = (port: number): Promise<Server | null> =>
  new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(null));
    s.listen({ port, host: '127.0.0.1', exclusive: true }, () => resolve(s));
  });

test('a busy port is seen as busy, and the next free one is found past it', async () => {
  const s = (await hold(0))!;
  const port = (s.address() as { port: number }).port;
  assert.equal(await portFree('127.0.0.1', port), false);
  const next = await nextFreePort('127.0.0.1', port);
  assert.ok(next !== null && next > port);
  s.close();
});

test('studio serve on a busy --port says so in one line naming --port, exit 1, no stack trace', async () => {
  const s = (await hold(0))!;
  const port = (s.address() as { port: number }).port;
  const dir = mkdtempSync(join(tmpdir(), 'studio-port-'));
  const r = spawnSync(process.execPath, ['bin/studio.mjs', 'serve', '--port', String(port), '--data-dir', dir], {
    cwd: root,
    encoding: 'utf8',
  });
  s.close();
  assert.equal(r.status, 1);
  const lines = r.stderr
    .trim()
    .split('\n')
    .filter((l) => !l.includes('building the UI'));
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is in use .*--port N`));
  assert.doesNotMatch(r.stderr, /EADDRINUSE|\n\s+at /);
});

test('studio serve without --port moves past a busy 5173 and says where it went', async () => {
  const s = await hold(5173); // null: something else holds it already, which is the same case
  const dir = mkdtempSync(join(tmpdir(), 'studio-port-'));
  const child = spawn(process.execPath, ['bin/studio.mjs', 'serve', '--data-dir', dir, '--json'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  try {
    const info = await new Promise<{ port: number }>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (!out.includes('\n')) return;
        // --json's stdout is one JSON line; anything else fails here (and the child is still stopped below).
        try {
          resolve(JSON.parse(out.slice(0, out.indexOf('\n'))) as { port: number });
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
    });
    assert.ok(info.port > 5173);
    assert.match(err, new RegExp(`port 5173 is in use; serving on ${info.port} instead`));
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    s?.close();
  }
});
