/**
 * Who may talk to serve mode: same-origin requests only (a loopback bind also checks the Host header, which
 * defeats DNS rebinding), each carrying the random token in a header, the cookie, or once in a page URL.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The event socket's subprotocol; the token may ride along as a second one, `studio.token.<token>`, never in the URL. */
export const EVENTS_PROTOCOL = 'studio';
export const TOKEN_PROTOCOL_PREFIX = 'studio.token.';

function sameToken(given: string | undefined | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface Gate {
  /** Same-origin only: a page from elsewhere must not drive the studio even if it guessed the port. */
  originOk(req: IncomingMessage): boolean;
  /** The token in the URL opens the page once (it then sets the cookie); API calls carry it in a header or the cookie. */
  authed(req: IncomingMessage, url: URL): boolean;
  /** The event socket: the cookie, the header, or the token subprotocol; never the URL, which ends up in logs. */
  socketAuthed(req: IncomingMessage): boolean;
}

const cookieToken = (req: IncomingMessage): string | undefined => /(?:^|;\s*)studio_token=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
const headerToken = (req: IncomingMessage): string | undefined => {
  const header = req.headers['x-studio-token'];
  return Array.isArray(header) ? header[0] : header;
};

export function createGate(token: string, bindHost: string): Gate {
  const loopback = ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(bindHost);
  return {
    originOk: (req) => {
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
    },
    authed: (req, url) =>
      sameToken(headerToken(req), token) ||
      sameToken(cookieToken(req), token) ||
      ((req.method === 'GET' || req.method === 'HEAD') &&
        !url.pathname.startsWith('/api/') &&
        sameToken(url.searchParams.get('token'), token)),
    socketAuthed: (req) => {
      const offered = String(req.headers['sec-websocket-protocol'] ?? '')
        .split(',')
        .map((p) => p.trim());
      const fromProtocol = offered.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))?.slice(TOKEN_PROTOCOL_PREFIX.length);
      return sameToken(cookieToken(req), token) || sameToken(headerToken(req), token) || sameToken(fromProtocol, token);
    },
  };
}
