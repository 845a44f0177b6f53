/**
 * A busy port for `studio serve`: the default one moves on to the next free port (and the caller says so); a port
 * the user named is theirs, so a busy one is reported in one line that names --port, never a stack trace.
 */
import { createServer } from 'node:net';

/** Whether `port` can be bound on `host` right now (bound and released at once). */
export function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** The first free port from `start` (up to `tries` of them), or null when every one is taken. */
export async function nextFreePort(host: string, start: number, tries = 20): Promise<number | null> {
  for (let p = start; p < Math.min(start + tries, 65536); p++) if (await portFree(host, p)) return p;
  return null;
}

/** The one line a busy port is reported in. */
export const busyPortMessage = (host: string, port: number): string =>
  `studio serve: port ${port} on ${host} is in use (another studio or server?) — choose another with --port N, or --port 0 for any free port`;

export const isAddressInUse = (e: unknown): boolean => (e as NodeJS.ErrnoException | null)?.code === 'EADDRINUSE';
