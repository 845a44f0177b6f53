/** The renderer build as static files: never a path outside it, and index.html for every route it does not hold. */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fail, HARDENING, pageCsp } from './http-responses';

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

/** Serves one file under `root` (already resolved); `setCookie` hands the page the token cookie (a URL with ?token=). */
export function serveStatic(root: string, token: string, req: IncomingMessage, url: URL, res: ServerResponse, setCookie: boolean): void {
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
}
