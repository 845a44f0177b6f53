/**
 * Several studio processes writing one workspace at once (defect 2 of issue #12): a server (window calls over
 * HTTP), CLI imports in parallel, and a connection that holds the write lock. Writes wait for the lock without
 * freezing the server, a lock that outlasts the wait is `busy` (never `internal`), and every command whose work
 * committed exits 0.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sqlite, type Db } from '../../../main/db/connection';
import { buildHandlers } from '../../../main/handlers';
import { Studio } from '../../../main/studio';
import { serve, type RunningServer } from '../../../main/transport/http';
import { cliAsync, integrity, json, tmp } from './helpers';

let dir: string;
let studio: Studio;
let server: RunningServer;

before(async () => {
  dir = tmp('writers');
  const ui = join(dir, 'ui');
  mkdirSync(ui);
  writeFileSync(join(ui, 'index.html'), '<!doctype html><div id="root"></div>');
  studio = await Studio.open({ dataDir: join(dir, 'ws'), mode: 'serve', interactive: true });
  server = await serve(buildHandlers(studio), studio.events, studio.staging, { host: '127.0.0.1', port: 0, rendererDir: ui });
});

after(async () => {
  await server.close();
  await studio.close();
});

interface Outcome {
  status: number;
  body: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
}

async function call(name: string, args: unknown = {}): Promise<Outcome> {
  const res = await fetch(`${new URL(server.url).origin}/api/call/${name}`, {
    method: 'POST',
    headers: { 'x-studio-token': server.token, 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  return { status: res.status, body: (await res.json()) as Outcome['body'] };
}

const template = (k: number) => ({
  fields: {
    family: 'rating',
    name: `drill ${k}`,
    input: `How would user {{user_id}} rate item {{item_id}}? (drill ${k})`,
    target: '{{rating}}',
    seen: true,
  },
});

test('while another process holds the write lock, the server keeps answering and a write waits, then commits', async () => {
  const holder: Db = sqlite(studio.dbFile, { timeout: 0 });
  holder.exec('BEGIN IMMEDIATE');
  let saved: Outcome | null = null;
  const save = call('templates.save', template(0)).then((o) => (saved = o));
  // The server answers reads and app.info while the write waits behind the lock (a sleeping thread could not).
  for (let k = 0; k < 5; k++) {
    const info = await call('app.info');
    assert.equal(info.status, 200);
    assert.equal((await call('datasets.list')).status, 200);
  }
  assert.equal(saved, null, 'the write is still waiting for the lock');
  holder.exec('COMMIT');
  holder.close();
  const done = await save;
  assert.equal(done.status, 200, JSON.stringify(done.body));
  assert.equal(done.body.ok, true);
});

test('three CLI imports and a stream of window writes on one workspace: every import exits 0, no call fails as internal, nothing is lost', async () => {
  const files = [0, 1, 2].map((k) => {
    const path = join(dir, `shop${k}.csv`);
    const lines = ['user,item,rating,timestamp'];
    for (let r = 0; r < 60_000; r++) lines.push(`u${(r * 13 + k) % 4000},i${(r * 7 + k) % 900},${1 + (r % 5)},${1_600_000_000 + r}`);
    writeFileSync(path, `${lines.join('\n')}\n`);
    return path;
  });
  const imports = files.map((f, k) => cliAsync(['import', f, '--format', 'csv', '--name', `shop${k}`, '--json'], studio.dataDir));
  const outcomes: Outcome[] = [];
  let calls = 0;
  const writes = (async () => {
    for (let k = 1; k <= 30; k++) {
      outcomes.push(await call('templates.save', template(k)));
      outcomes.push(await call('app.info'));
      calls += 2;
    }
  })();
  const codes = await Promise.all(imports.map((c) => c.exited));
  await writes;
  for (const [k, code] of codes.entries()) {
    assert.equal(code, 0, `import ${k} exited ${code}: ${imports[k]!.err().slice(-1500)}`);
    assert.doesNotMatch(imports[k]!.err(), /\n\s+at /, 'no stack trace');
    assert.equal(json<{ interactions: number }>(imports[k]!.out()).interactions, 60_000);
  }
  assert.equal(calls, 60);
  for (const o of outcomes) {
    assert.notEqual(o.body.error?.code, 'internal', JSON.stringify(o.body));
    // A lock held past the call's wait would be busy (503); on this load every call gets through.
    assert.equal(o.status, 200, JSON.stringify(o.body));
  }
  const names = (studio.datasets.list() as { name: string }[]).map((d) => d.name).sort();
  assert.deepEqual(names, ['sample', 'shop0', 'shop1', 'shop2']);
  assert.ok(studio.templates.store.list().filter((t) => t.name.startsWith('drill ')).length >= 30);
  assert.equal(integrity(studio.dataDir), 'ok');
});
