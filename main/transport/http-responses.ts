/**
 * What every serve-mode response carries: the hardening headers, a Content-Security-Policy, and for errors the
 * contract's `{ok: false, error: {code, message}}` with the HTTP status its code means (statusFor).
 */
import { STATUS_CODES, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { CallError, ErrorCode } from '../../preload/api';

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
export const HARDENING: OutgoingHttpHeaders = {
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

export function send(res: ServerResponse, status: number, body: unknown, extra: OutgoingHttpHeaders = {}): void {
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
export function fail(res: ServerResponse, error: CallError, extra: OutgoingHttpHeaders = {}): void {
  send(res, statusFor(error.code), { ok: false, error }, error.code === 'busy' ? { 'retry-after': '1', ...extra } : extra);
}

/** Refuses a WebSocket upgrade with a real HTTP response: status, the hardening headers and the contract's error body. */
export function refuseUpgrade(socket: Duplex, status: number, error: CallError): void {
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
