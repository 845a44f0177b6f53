import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { buildHandlers } from '../../../main/handlers';
import { Studio } from '../../../main/studio';
import { serve, type RunningServer } from '../../../main/transport/http';

let studio: Studio;
let server: RunningServer;
let base: string;

before(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'studio-http-'));
  const ui = join(dir, 'ui');
  mkdirSync(ui);
  writeFileSync(join(ui, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(dir, 'secret.txt'), 'top secret');
  studio = await Studio.open({ dataDir: join(dir, 'ws'), mode: 'serve', sample: false });
  server = await serve(buildHandlers(studio), studio.events, studio.staging, { host: '127.0.0.1', port: 0, rendererDir: ui });
  base = new URL(server.url).origin;
});

after(async () => {
  await server.close();
  await studio.close();
});

/** Raw request so tests control Host and Origin headers exactly (fetch would not let us forge them). */
function raw(path: string, headers: Record<string, string> = {}, body?: string, method = body ? 'POST' : 'GET'): Promise<{ status: number; text: string }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method, headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('binds to 127.0.0.1 and prints a URL that carries the token', () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
});

test('every request needs the token', async () => {
  assert.equal((await raw('/api/call/datasets.list', { 'content-type': 'application/json' }, '{}')).status, 401);
  assert.equal((await raw('/api/call/datasets.list', { 'x-studio-token': 'nope' }, '{}')).status, 401);
  assert.equal((await raw('/')).status, 401);
  const ok = await raw('/api/call/datasets.list', { 'x-studio-token': server.token }, '{}');
  assert.equal(ok.status, 200);
  assert.deepEqual(JSON.parse(ok.text), { ok: true, value: [] });
});

test('a foreign Origin or Host is refused even with the token', async () => {
  const evil = await raw('/api/call/datasets.list', { 'x-studio-token': server.token, origin: 'http://evil.example' }, '{}');
  assert.equal(evil.status, 403);
  const rebound = await raw('/api/call/datasets.list', { 'x-studio-token': server.token, host: 'evil.example' }, '{}');
  assert.equal(rebound.status, 403);
  const same = await raw('/api/call/datasets.list', { 'x-studio-token': server.token, origin: base }, '{}');
  assert.equal(same.status, 200);
});

test('no path traversal out of the UI folder', async () => {
  for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/ui/../../secret.txt']) {
    const r = await raw(`${path}?token=${server.token}`);
    assert.ok(!r.text.includes('top secret'), `${path} leaked a file`);
  }
});

test('the page sets an HttpOnly cookie so later requests need no token in the URL', async () => {
  const u = new URL(base);
  const cookie = await new Promise<string>((resolve, reject) => {
    request({ host: u.hostname, port: u.port, path: `/?token=${server.token}` }, (res) => {
      res.resume();
      resolve(String(res.headers['set-cookie']));
    })
      .on('error', reject)
      .end();
  });
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  const jar = cookie.split(';')[0]!;
  assert.equal((await raw('/api/call/datasets.list', { cookie: jar }, '{}')).status, 200);
});

test('bad payloads come back as typed errors', async () => {
  const r = await raw('/api/call/datasets.get', { 'x-studio-token': server.token }, '{"id":"x"}');
  const body = JSON.parse(r.text) as { ok: boolean; error: { code: string; message: string } };
  assert.equal(body.ok, false);
  assert.equal(body.error.code, 'bad_input');
  const notJson = await raw('/api/call/datasets.get', { 'x-studio-token': server.token }, '{nope');
  assert.equal(notJson.status, 400);
  const missing = JSON.parse((await raw('/api/call/datasets.get', { 'x-studio-token': server.token }, '{"id":99}')).text);
  assert.deepEqual(missing, { ok: false, error: { code: 'not_found', message: 'dataset 99 not found' } });
});

test('the event socket needs the token and then carries events', async () => {
  const wsBase = base.replace('http', 'ws');
  const refused = await new Promise<boolean>((resolve) => {
    const ws = new WebSocket(`${wsBase}/api/events`);
    ws.on('open', () => resolve(false));
    ws.on('error', () => resolve(true));
  });
  assert.ok(refused, 'socket without token must be refused');
  // The token goes in a subprotocol (or the cookie), never in the URL.
  const ws = new WebSocket(`${wsBase}/api/events`, ['studio', `studio.token.${server.token}`]);
  await new Promise((r) => ws.on('open', r));
  const got = new Promise<unknown>((resolve) => ws.on('message', (m) => resolve(JSON.parse(String(m)))));
  studio.events.emit('datasets.changed', {});
  assert.deepEqual(await got, { event: 'datasets.changed', payload: {} });
  ws.close();
});

test('uploads are staged under the workspace and named by id only', async () => {
  const r = await raw(`/api/upload?name=${encodeURIComponent('../../evil name.csv')}`, { 'x-studio-token': server.token }, 'user,item\nu1,i1\n');
  const body = JSON.parse(r.text) as { ok: true; value: { id: string; name: string; size: number } };
  assert.equal(body.ok, true);
  assert.equal(body.value.name, 'evil name.csv');
  assert.equal(body.value.size, 16);
  const [path] = studio.staging.resolve([body.value.id]);
  assert.ok(path!.startsWith(join(studio.dataDir, 'uploads')));
});
