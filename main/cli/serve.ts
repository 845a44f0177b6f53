import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { badInput } from '../errors';
import { buildHandlers } from '../handlers';
import { chooseDataDir, rendererDir } from '../paths';
import { DEFAULT_UPLOAD_EXPIRY_HOURS, DEFAULT_UPLOAD_LIMIT } from '../staging';
import { Studio } from '../studio';
import { serve } from '../transport/http';
import { parse, printHelp } from './common';
import { busyPortMessage, isAddressInUse, nextFreePort, portFree } from './port';
import { EXIT, type CliIo } from './io';

const HELP = `usage: studio serve [--host 127.0.0.1] [--port 5173] [--upload-limit SIZE] [--upload-expiry HOURS]
                    [--data-dir DIR] [--json]
Serves the studio UI to a browser. Every request needs the token printed in the URL.
--upload-limit (or STUDIO_UPLOAD_LIMIT) caps one upload, e.g. 500M or 4G (default ${DEFAULT_UPLOAD_LIMIT / 1024 ** 3}G);
--upload-expiry (or STUDIO_UPLOAD_EXPIRY_HOURS) deletes uploads never imported after that many hours (default ${DEFAULT_UPLOAD_EXPIRY_HOURS}).`;

/** "500M", "4G", "1.5GiB", "1048576" → bytes. */
export function parseSize(text: string, what: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  const scale = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[(m?.[2] ?? '').toLowerCase()];
  const bytes = m && scale !== undefined ? Math.round(Number(m[1]) * scale) : NaN;
  if (!Number.isFinite(bytes) || bytes < 1) throw badInput(`${what} "${text}": expected a size such as 500M or 4G`);
  return bytes;
}

function parseHours(text: string, what: string): number {
  const hours = Number(text);
  if (!Number.isFinite(hours) || hours <= 0) throw badInput(`${what} "${text}": expected a number of hours above 0`);
  return hours;
}

export async function run(args: string[], io: CliIo, reason?: string): Promise<number> {
  const { values } = parse(
    args,
    { host: { type: 'string' }, port: { type: 'string' }, 'upload-limit': { type: 'string' }, 'upload-expiry': { type: 'string' } },
    false,
  );
  if (values.help) return printHelp(io, HELP, true);
  const port = values.port === undefined ? 5173 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.err(`studio serve: --port must be 0–65535, got "${values.port}"`);
    return EXIT.badInput;
  }
  const limit = values['upload-limit'] ?? process.env.STUDIO_UPLOAD_LIMIT;
  const expiry = values['upload-expiry'] ?? process.env.STUDIO_UPLOAD_EXPIRY_HOURS;
  const uploads = {
    ...(limit !== undefined ? { uploadLimitBytes: parseSize(limit, '--upload-limit') } : {}),
    ...(expiry !== undefined ? { uploadExpiryHours: parseHours(expiry, '--upload-expiry') } : {}),
  };
  const host = values.host ?? '127.0.0.1';
  // The default port moves on when busy; a port the user named does not.
  let chosen = port;
  if (port !== 0 && !(await portFree(host, port))) {
    const next = values.port === undefined ? await nextFreePort(host, port + 1) : null;
    if (next === null) {
      io.err(busyPortMessage(host, port));
      return EXIT.failure;
    }
    io.err(`studio serve: port ${port} is in use; serving on ${next} instead (--port N picks one)`);
    chosen = next;
  }
  const ui = rendererDir();
  if (!existsSync(join(ui, 'index.html'))) {
    io.err('studio serve: building the UI (first start)…');
    // In a child whose stdout is our stderr: vite writes its report to stdout, which `--json` keeps for one line.
    const built = spawnSync(process.execPath, [fileURLToPath(new URL('../../scripts/build-renderer.mjs', import.meta.url))], {
      stdio: ['ignore', 2, 2],
    });
    if (built.status !== 0) {
      io.err('studio serve: building the UI failed (see above); `npm run build` repeats it');
      return EXIT.failure;
    }
  }
  const studio = await Studio.open({ dataDir: chooseDataDir(values['data-dir']), mode: 'serve', interactive: true, ...uploads });
  let server: Awaited<ReturnType<typeof serve>>;
  try {
    server = await serve(buildHandlers(studio), studio.events, studio.staging, { host, port: chosen, rendererDir: rendererDir() });
  } catch (e) {
    await studio.close();
    if (!isAddressInUse(e)) throw e;
    io.err(busyPortMessage(host, chosen)); // taken between the check and the bind
    return EXIT.failure;
  }
  if (values.json) io.out(JSON.stringify({ url: server.url, dataDir: studio.dataDir, host, port: Number(new URL(server.url).port) }));
  else {
    if (reason) io.err(reason);
    io.err(`RecSys Studio is serving ${studio.dataDir}`);
    if (host !== '127.0.0.1' && host !== 'localhost')
      io.err(`warning: bound to ${host}, reachable from other machines (the token still guards it)`);
    io.out(`open ${server.url}`);
    io.err('press Ctrl+C to stop');
  }
  await new Promise<void>((done) => {
    const stop = (): void => done();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  await studio.close();
  return EXIT.ok;
}
