import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
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
function raw(
  path: string,
  headers: Record<string, string> = {},
  body?: string,
  method = body ? 'POST' : 'GET',
): Promise<{ status: number; text: string; headers: IncomingHttpHeaders }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method, headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
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
  const r = await raw(
    `/api/upload?name=${encodeURIComponent('../../evil name.csv')}`,
    { 'x-studio-token': server.token },
    'user,item\nu1,i1\n',
  );
  const body = JSON.parse(r.text) as { ok: true; value: { id: string; name: string; size: number } };
  assert.equal(body.ok, true);
  assert.equal(body.value.name, 'evil name.csv');
  assert.equal(body.value.size, 16);
  const [path] = studio.staging.resolve([body.value.id]);
  assert.ok(path!.startsWith(join(studio.dataDir, 'uploads')));
});

const errorOf = (text: string): { code: string; message: string } =>
  (JSON.parse(text) as { error: { code: string; message: string } }).error;

test('every error class has its own code and HTTP status: 401 unauthorized, 403 forbidden, 400, 404, 413', async () => {
  const noToken = await raw('/api/call/datasets.list', {}, '{}');
  assert.equal(noToken.status, 401);
  assert.equal(errorOf(noToken.text).code, 'unauthorized');
  const foreign = await raw('/api/call/datasets.list', { 'x-studio-token': server.token, origin: 'http://evil.example' }, '{}');
  assert.equal(foreign.status, 403);
  assert.equal(errorOf(foreign.text).code, 'forbidden');
  const bad = await raw('/api/call/datasets.get', { 'x-studio-token': server.token }, '{"id":"x"}');
  assert.equal(bad.status, 400);
  const missing = await raw('/api/call/datasets.get', { 'x-studio-token': server.token }, '{"id":99}');
  assert.equal(missing.status, 404);
  const noCall = await raw('/api/call/no.such.call', { 'x-studio-token': server.token }, '{}');
  assert.ok([400, 404].includes(noCall.status), String(noCall.status));
  const huge = await raw(
    '/api/call/datasets.list',
    { 'x-studio-token': server.token, 'content-length': String(2 << 20) },
    undefined,
    'POST',
  );
  assert.equal(huge.status, 413);
  assert.equal(errorOf(huge.text).code, 'bad_input');
  // The token in a call's URL is not accepted: it opens the page only (URLs end up in logs and history).
  assert.equal((await raw(`/api/call/datasets.list?token=${server.token}`, {}, '{}')).status, 401);
});

test('an internal failure is HTTP 500 with code internal, and a workspace lock is 503 busy with Retry-After', async () => {
  const handlers = buildHandlers(studio);
  const failing = await serve(
    {
      ...handlers,
      'app.info': () => {
        throw new Error('boom');
      },
      'datasets.list': () => {
        throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
      },
    },
    studio.events,
    studio.staging,
    { host: '127.0.0.1', port: 0, rendererDir: join(studio.dataDir, '..', 'ui') },
  );
  try {
    const call = async (name: string) => {
      const res = await fetch(`${new URL(failing.url).origin}/api/call/${name}`, {
        method: 'POST',
        headers: { 'x-studio-token': failing.token, 'content-type': 'application/json' },
        body: '{}',
      });
      return {
        status: res.status,
        retryAfter: res.headers.get('retry-after'),
        body: (await res.json()) as { ok: boolean; error: { code: string } },
      };
    };
    const internal = await call('app.info');
    assert.equal(internal.status, 500);
    assert.deepEqual(internal.body, { ok: false, error: { code: 'internal', message: 'boom' } });
    const busy = await call('datasets.list');
    assert.equal(busy.status, 503);
    assert.equal(busy.retryAfter, '1');
    assert.equal(busy.body.error.code, 'busy');
  } finally {
    await failing.close();
  }
});

test('pages carry a CSP header that forbids framing and limits connections to the studio itself; every response has nosniff and X-Frame-Options', async () => {
  const page = await raw(`/?token=${server.token}`);
  assert.equal(page.status, 200);
  const csp = String(page.headers['content-security-policy']);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.match(csp, /connect-src 'self' ws:\/\/127\.0\.0\.1:\d+(;|$)/);
  assert.doesNotMatch(csp, /connect-src[^;]*\sws:(\s|;|$)/, 'no bare ws: (any host)');
  assert.equal(page.headers['x-frame-options'], 'DENY');
  assert.equal(page.headers['x-content-type-options'], 'nosniff');
  for (const r of [
    await raw('/api/call/datasets.list', { 'x-studio-token': server.token }, '{}'),
    await raw('/api/call/datasets.list', {}, '{}'),
    await raw('/api/nothing', { 'x-studio-token': server.token }),
  ]) {
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.equal(r.headers['x-frame-options'], 'DENY');
    assert.match(String(r.headers['content-security-policy']), /frame-ancestors 'none'/);
    assert.match(String(r.headers['content-type']), /application\/json/);
  }
});

test('the event socket refuses with a real status and a typed body, and never takes the token from its URL', async () => {
  const u = new URL(base);
  const upgrade = (path: string, headers: Record<string, string>): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const req = request({
        host: u.hostname,
        port: u.port,
        path,
        headers: {
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-version': '13',
          'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
          ...headers,
        },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('upgrade', (res, socket) => {
        socket.destroy();
        resolve({ status: res.statusCode ?? 0, text: '' });
      });
      req.on('error', reject);
      req.end();
    });
  const inUrl = await upgrade(`/api/events?token=${server.token}`, {});
  assert.equal(inUrl.status, 401);
  assert.equal(errorOf(inUrl.text).code, 'unauthorized');
  const foreign = await upgrade('/api/events', {
    'sec-websocket-protocol': `studio, studio.token.${server.token}`,
    origin: 'http://evil.example',
  });
  assert.equal(foreign.status, 403);
  assert.equal(errorOf(foreign.text).code, 'forbidden');
  const ok = await upgrade('/api/events', { 'sec-websocket-protocol': `studio, studio.token.${server.token}` });
  assert.equal(ok.status, 101);
});

test('an upload past the limit is refused with 413 and leaves nothing behind', async () => {
  const { Staging } = await import('../../../main/staging');
  const small = new Staging({ dir: join(studio.dataDir, 'uploads-small'), limitBytes: 10 });
  const { Readable } = await import('node:stream');
  await assert.rejects(small.addUpload('a.csv', Readable.from([Buffer.alloc(64)])), /larger than the limit/);
  const { readdirSync } = await import('node:fs');
  assert.deepEqual(readdirSync(join(studio.dataDir, 'uploads-small')), []);
  const declared = await raw(
    '/api/upload?name=x.csv',
    { 'x-studio-token': server.token, 'content-length': String(studio.staging.limitBytes + 1) },
    undefined,
    'POST',
  );
  assert.equal(declared.status, 413);
});

test('uploads survive a restart until they expire; expired ones (finished or not) are deleted when the studio starts', async () => {
  const { Staging } = await import('../../../main/staging');
  const { Readable } = await import('node:stream');
  const { existsSync, utimesSync, writeFileSync: write, mkdirSync: mk } = await import('node:fs');
  const dir = join(studio.dataDir, 'uploads-expiry');
  const first = new Staging({ dir, expiryHours: 1 });
  const young = await first.addUpload('young.csv', Readable.from([Buffer.from('user,item\nu,i\n')]));
  const old = await first.addUpload('old.csv', Readable.from([Buffer.from('user,item\nu,i\n')]));
  const partial = join(dir, '00000000-0000-4000-8000-000000000000');
  mk(partial);
  write(join(partial, 'big.csv.part'), 'half');
  const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
  utimesSync(join(dir, old.id), twoHoursAgo, twoHoursAgo);
  utimesSync(partial, twoHoursAgo, twoHoursAgo);
  // A restart: a new Staging on the same folder.
  const second = new Staging({ dir, expiryHours: 1 });
  assert.equal(second.resolve([young.id])[0], join(dir, young.id, 'young.csv'));
  assert.throws(() => second.resolve([old.id]), /expired/);
  assert.ok(!existsSync(join(dir, old.id)));
  assert.ok(!existsSync(partial));
});
