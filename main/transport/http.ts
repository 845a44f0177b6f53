/**
 * Serve mode: the same contract over HTTP (calls), a WebSocket (events) and static files (the renderer).
 * Binds 127.0.0.1 unless told otherwise, needs the random token on every request and socket,
 * checks Origin, and never serves a path outside the renderer build.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Handlers } from '../handlers';
import type { StudioEvents } from '../events';
import type { Staging } from '../staging';
import { toCallError } from '../errors';
import { dispatch } from './dispatch';

export interface ServeOptions {
  host: string;
  port: number;
  rendererDir: string;
  token?: string;
  maxUploadBytes?: number;
}

export interface RunningServer {
  url: string;
  token: string;
  server: Server;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};
const MAX_JSON = 1 << 20;

function sameToken(given: string | undefined | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_JSON) throw new Error('request body too large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as unknown) : {};
}

export async function serve(handlers: Handlers, events: StudioEvents, staging: Staging, options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const root = resolve(options.rendererDir);

  /**
   * Same-origin only: a page from elsewhere must not drive the studio even if it guessed the port; and on a
   * loopback bind the Host header must be a loopback name, which defeats DNS rebinding.
   */
  const loopback = ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(options.host);
  const originOk = (req: IncomingMessage): boolean => {
    const host = req.headers.host ?? '';
    if (loopback && !/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(host)) return false;
    const o = req.headers.origin;
    if (o === undefined) return true;
    try {
      return new URL(o).host === host;
    } catch {
      return false;
    }
  };
  const authed = (req: IncomingMessage, url: URL): boolean => {
    const header = req.headers['x-studio-token'];
    const cookie = /(?:^|;\s*)studio_token=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    return (
      sameToken(Array.isArray(header) ? header[0] : header, token) ||
      sameToken(url.searchParams.get('token'), token) ||
      sameToken(cookie, token)
    );
  };

  const serveStatic = (url: URL, res: ServerResponse, setCookie: boolean): void => {
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      return send(res, 400, { error: 'bad path' });
    }
    if (rel.includes('\0')) return send(res, 400, { error: 'bad path' });
    const file = normalize(join(root, rel === '/' ? 'index.html' : rel));
    if (file !== root && !file.startsWith(root + sep)) return send(res, 403, { error: 'forbidden' });
    const target = existsSync(file) && statSync(file).isFile() ? file : join(root, 'index.html');
    if (!existsSync(target)) return send(res, 503, { error: 'the UI is not built: run `npm run build`' });
    const headers: Record<string, string> = {
      'content-type': TYPES[extname(target)] ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    };
    if (setCookie) headers['set-cookie'] = `studio_token=${token}; HttpOnly; SameSite=Strict; Path=/`;
    res.writeHead(200, headers);
    createReadStream(target).pipe(res);
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (!originOk(req)) return send(res, 403, { ok: false, error: { code: 'bad_input', message: 'cross-origin request refused' } });
      if (!authed(req, url)) return send(res, 401, { ok: false, error: { code: 'bad_input', message: 'missing or wrong token' } });
      if (url.pathname.startsWith('/api/call/') && req.method === 'POST') {
        let payload: unknown;
        try {
          payload = await readJson(req);
        } catch (err) {
          return send(res, 400, { ok: false, error: { code: 'bad_input', message: `bad JSON body: ${(err as Error).message}` } });
        }
        return send(res, 200, await dispatch(handlers, url.pathname.slice('/api/call/'.length), payload));
      }
      if (url.pathname === '/api/upload' && req.method === 'POST') {
        try {
          const file = await staging.addUpload(url.searchParams.get('name') ?? 'upload', req, options.maxUploadBytes ?? 8 * 1024 ** 3);
          return send(res, 200, { ok: true, value: file });
        } catch (err) {
          return send(res, 400, { ok: false, error: toCallError(err) });
        }
      }
      if (url.pathname.startsWith('/api/')) return send(res, 404, { ok: false, error: { code: 'not_found', message: 'no such endpoint' } });
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'method not allowed' });
      serveStatic(url, res, url.searchParams.has('token'));
    })().catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { ok: false, error: toCallError(err) });
      else res.destroy();
    });
  });

  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/api/events' || !originOk(req) || !authed(req, url)) {
      socket.write('HTTP/1.1 401 Unauthorized\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
    });
  });
  const unsubscribe = events.onAny((event, payload) => {
    const text = JSON.stringify({ event, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port, options.host, () => ok());
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const origin = `http://${hostForUrl}:${address.port}`;
  return {
    url: `${origin}/?token=${token}`,
    token,
    server,
    close: async () => {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      const closed = new Promise<void>((ok) => server.close(() => ok()));
      // Browsers keep idle keep-alive sockets open; without this close() waits out their timeout.
      server.closeAllConnections();
      await closed;
    },
  };
}
