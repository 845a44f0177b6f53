/**
 * Serve mode: the same contract over HTTP (calls), a WebSocket (events) and static files (the renderer).
 * Binds 127.0.0.1 unless told otherwise, needs the random token on every request and socket,
 * checks Origin, and never serves a path outside the renderer build.
 *
 * Every response carries the same hardening headers (no framing, no MIME sniffing, no referrer), pages carry a
 * Content-Security-Policy that only lets them talk to the studio's own origin, and every error is the contract's
 * `{ok: false, error: {code, message}}` with the HTTP status its code means (statusFor).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, STATUS_CODES, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { CallError, ErrorCode } from '../../preload/api';
import type { Handlers } from '../handler-types';
import type { StudioEvents } from '../events';
import type { Staging } from '../staging';
import { toCallError } from '../errors';
import { dispatch } from './dispatch';

export interface ServeOptions {
  host: string;
  port: number;
  rendererDir: string;
  token?: string;
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

/** The event socket's subprotocol; the token may ride along as a second one, `studio.token.<token>`, never in the URL. */
export const EVENTS_PROTOCOL = 'studio';
export const TOKEN_PROTOCOL_PREFIX = 'studio.token.';

/** The HTTP status each error code means. `busy` is 503 with Retry-After: the same request may simply be sent again. */
export function statusFor(code: ErrorCode): number {
  switch (code) {
    case 'bad_input':
      return 400;
    case 'unauthorized':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
    case 'cancelled':
      return 409;
    case 'busy':
      return 503;
    case 'internal':
      return 500;
  }
}

/** On every response, pages and API alike. */
const HARDENING: OutgoingHttpHeaders = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/** Responses that are not pages load nothing and may be framed by nobody. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * A page may load scripts, styles and images from the studio itself only and connect to the studio's own origin
 * (its calls, and its event socket on the same host and port); nobody may frame it.
 */
export function pageCsp(host: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // React and CodeMirror set style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self' ws://${host}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function sameToken(given: string | undefined | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(res: ServerResponse, status: number, body: unknown, extra: OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...HARDENING,
    'content-security-policy': API_CSP,
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...extra,
  });
  res.end(text);
}

/** A contract error with the status its code means. */
function fail(res: ServerResponse, error: CallError, extra: OutgoingHttpHeaders = {}): void {
  send(res, statusFor(error.code), { ok: false, error }, error.code === 'busy' ? { 'retry-after': '1', ...extra } : extra);
}

class BodyTooLarge extends Error {}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_JSON) throw new BodyTooLarge(`request body larger than ${MAX_JSON} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as unknown) : {};
}

/** Refuses a WebSocket upgrade with a real HTTP response: status, the hardening headers and the contract's error body. */
function refuseUpgrade(socket: Duplex, status: number, error: CallError): void {
  const body = JSON.stringify({ ok: false, error });
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-store',
    ...Object.entries(HARDENING).map(([k, v]) => `${k}: ${String(v)}`),
    'Connection: close',
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
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
    if (!/^[A-Za-z0-9.:[\]-]+$/.test(host)) return false;
    if (loopback && !/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(host)) return false;
    const o = req.headers.origin;
    if (o === undefined) return true;
    try {
      return new URL(o).host === host;
    } catch {
      return false;
    }
  };
  const cookieToken = (req: IncomingMessage): string | undefined => /(?:^|;\s*)studio_token=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  const headerToken = (req: IncomingMessage): string | undefined => {
    const header = req.headers['x-studio-token'];
    return Array.isArray(header) ? header[0] : header;
  };
  /** The token in the URL opens the page once (it then sets the cookie); API calls carry it in a header or the cookie. */
  const authed = (req: IncomingMessage, url: URL): boolean =>
    sameToken(headerToken(req), token) ||
    sameToken(cookieToken(req), token) ||
    ((req.method === 'GET' || req.method === 'HEAD') &&
      !url.pathname.startsWith('/api/') &&
      sameToken(url.searchParams.get('token'), token));
  /** The event socket: the cookie, the header, or the token subprotocol; never the URL, which ends up in logs. */
  const socketAuthed = (req: IncomingMessage): boolean => {
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    const fromProtocol = offered.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))?.slice(TOKEN_PROTOCOL_PREFIX.length);
    return sameToken(cookieToken(req), token) || sameToken(headerToken(req), token) || sameToken(fromProtocol, token);
  };

  const serveStatic = (req: IncomingMessage, url: URL, res: ServerResponse, setCookie: boolean): void => {
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      return fail(res, { code: 'bad_input', message: 'bad path' });
    }
    if (rel.includes('\0')) return fail(res, { code: 'bad_input', message: 'bad path' });
    const file = normalize(join(root, rel === '/' ? 'index.html' : rel));
    if (file !== root && !file.startsWith(root + sep)) return fail(res, { code: 'forbidden', message: 'outside the studio UI' });
    const target = existsSync(file) && statSync(file).isFile() ? file : join(root, 'index.html');
    if (!existsSync(target)) return fail(res, { code: 'internal', message: 'the UI is not built: run `npm run build`' });
    const headers: OutgoingHttpHeaders = {
      ...HARDENING,
      'content-security-policy': pageCsp(req.headers.host ?? ''),
      'content-type': TYPES[extname(target)] ?? 'application/octet-stream',
    };
    if (setCookie) headers['set-cookie'] = `studio_token=${token}; HttpOnly; SameSite=Strict; Path=/`;
    res.writeHead(200, headers);
    createReadStream(target).pipe(res);
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (!originOk(req)) return fail(res, { code: 'forbidden', message: 'cross-origin request refused' });
      if (!authed(req, url))
        return fail(res, { code: 'unauthorized', message: 'missing or wrong token: open the URL `studio serve` printed' });
      if (url.pathname.startsWith('/api/call/') && req.method === 'POST') {
        if (Number(req.headers['content-length'] ?? 0) > MAX_JSON) {
          // Refused before the body travels; the connection closes rather than reading megabytes to discard.
          res.shouldKeepAlive = false;
          return send(res, 413, { ok: false, error: { code: 'bad_input', message: `request body larger than ${MAX_JSON} bytes` } });
        }
        let payload: unknown;
        try {
          payload = await readJson(req);
        } catch (err) {
          if (err instanceof BodyTooLarge) return send(res, 413, { ok: false, error: { code: 'bad_input', message: err.message } });
          return fail(res, { code: 'bad_input', message: `bad JSON body: ${(err as Error).message}` });
        }
        const outcome = await dispatch(handlers, url.pathname.slice('/api/call/'.length), payload);
        return outcome.ok ? send(res, 200, outcome) : fail(res, outcome.error);
      }
      if (url.pathname === '/api/upload' && req.method === 'POST') {
        const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
        if (declared !== undefined && declared > staging.limitBytes) {
          req.resume();
          return send(res, 413, {
            ok: false,
            error: {
              code: 'bad_input',
              message: `the upload is larger than the limit of ${(staging.limitBytes / 1024 ** 2).toFixed(0)} MiB`,
            },
          });
        }
        try {
          const file = await staging.addUpload(url.searchParams.get('name') ?? 'upload', req, declared);
          return send(res, 200, { ok: true, value: file });
        } catch (err) {
          return fail(res, toCallError(err));
        }
      }
      if (url.pathname.startsWith('/api/')) return fail(res, { code: 'not_found', message: 'no such endpoint' });
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return send(res, 405, { ok: false, error: { code: 'bad_input', message: 'method not allowed' } }, { allow: 'GET, HEAD' });
      serveStatic(req, url, res, url.searchParams.has('token'));
    })().catch((err: unknown) => {
      if (!res.headersSent) fail(res, toCallError(err));
      else res.destroy();
    });
  });

  const wss = new WebSocketServer({
    noServer: true,
    // A client that offers protocols (the token among them) must get one back, or the browser drops the socket.
    handleProtocols: (protocols) => (protocols.has(EVENTS_PROTOCOL) ? EVENTS_PROTOCOL : false),
  });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/api/events') return refuseUpgrade(socket, 404, { code: 'not_found', message: 'no such endpoint' });
    if (!originOk(req)) return refuseUpgrade(socket, 403, { code: 'forbidden', message: 'cross-origin request refused' });
    if (!socketAuthed(req)) return refuseUpgrade(socket, 401, { code: 'unauthorized', message: 'missing or wrong token' });
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
