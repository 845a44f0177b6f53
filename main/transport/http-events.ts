/** Serve mode's event socket: `/api/events`, same origin and token as the calls, every bus event as JSON to every socket. */
import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { StudioEvents } from '../events';
import { EVENTS_PROTOCOL, type Gate } from './http-auth';
import { refuseUpgrade } from './http-responses';

/** Accepts event sockets on `server` and forwards the bus to them; returns what closes them all. */
export function attachEventSocket(server: Server, gate: Gate, events: StudioEvents): () => void {
  const wss = new WebSocketServer({
    noServer: true,
    // A client that offers protocols (the token among them) must get one back, or the browser drops the socket.
    handleProtocols: (protocols) => (protocols.has(EVENTS_PROTOCOL) ? EVENTS_PROTOCOL : false),
  });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/api/events') return refuseUpgrade(socket, 404, { code: 'not_found', message: 'no such endpoint' });
    if (!gate.originOk(req)) return refuseUpgrade(socket, 403, { code: 'forbidden', message: 'cross-origin request refused' });
    if (!gate.socketAuthed(req)) return refuseUpgrade(socket, 401, { code: 'unauthorized', message: 'missing or wrong token' });
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
    });
  });
  const unsubscribe = events.onEvery((e) => {
    const text = JSON.stringify({ event: e.name, payload: e.payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  });
  return () => {
    unsubscribe();
    for (const ws of sockets) ws.terminate();
    wss.close();
  };
}
