/**
 * Serve mode: the same contract over HTTP (calls), a WebSocket (events, http-events.ts) and static files (the
 * renderer, http-static.ts). Binds 127.0.0.1 unless told otherwise, needs the random token on every request and
 * socket, checks Origin (http-auth.ts), and never serves a path outside the renderer build.
 *
 * Every response carries the same hardening headers and every error is the contract's `{ok: false, error}` with the
 * HTTP status its code means (http-responses.ts).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Handlers } from '../handler-types';
import type { StudioEvents } from '../events';
import type { Staging } from '../staging';
import { toCallError } from '../errors';
import { dispatch } from './dispatch';
import { createGate } from './http-auth';
import { attachEventSocket } from './http-events';
import { fail, send } from './http-responses';
import { serveStatic } from './http-static';

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

const MAX_JSON = 1 << 20;

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

/** `POST /api/call/<name>`: one contract call, its payload validated by dispatch. */
async function answerCall(handlers: Handlers, req: IncomingMessage, url: URL, res: ServerResponse): Promise<void> {
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

/** `POST /api/upload?name=`: a file streamed into the staging area, refused up front when it declares too many bytes. */
async function answerUpload(staging: Staging, req: IncomingMessage, url: URL, res: ServerResponse): Promise<void> {
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

export async function serve(handlers: Handlers, events: StudioEvents, staging: Staging, options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const root = resolve(options.rendererDir);
  const gate = createGate(token, options.host);

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!gate.originOk(req)) return fail(res, { code: 'forbidden', message: 'cross-origin request refused' });
    if (!gate.authed(req, url))
      return fail(res, { code: 'unauthorized', message: 'missing or wrong token: open the URL `studio serve` printed' });
    if (url.pathname.startsWith('/api/call/') && req.method === 'POST') return answerCall(handlers, req, url, res);
    if (url.pathname === '/api/upload' && req.method === 'POST') return answerUpload(staging, req, url, res);
    if (url.pathname.startsWith('/api/')) return fail(res, { code: 'not_found', message: 'no such endpoint' });
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, { ok: false, error: { code: 'bad_input', message: 'method not allowed' } }, { allow: 'GET, HEAD' });
    serveStatic(root, token, req, url, res, url.searchParams.has('token'));
  };
  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (!res.headersSent) fail(res, toCallError(err));
      else res.destroy();
    });
  });
  const closeSockets = attachEventSocket(server, gate, events);

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
      closeSockets();
      const closed = new Promise<void>((ok) => server.close(() => ok()));
      // Browsers keep idle keep-alive sockets open; without this close() waits out their timeout.
      server.closeAllConnections();
      await closed;
    },
  };
}
