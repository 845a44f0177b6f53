import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildHandlers } from '../handlers';
import { chooseDataDir, rendererDir } from '../paths';
import { Studio } from '../studio';
import { serve } from '../transport/http';
import { parse, printHelp } from './common';
import { busyPortMessage, isAddressInUse, nextFreePort, portFree } from './port';
import { EXIT, type CliIo } from './io';

const HELP = `usage: studio serve [--host 127.0.0.1] [--port 5173] [--data-dir DIR] [--json]
Serves the studio UI to a browser. Every request needs the token printed in the URL.`;

export async function run(args: string[], io: CliIo, reason?: string): Promise<number> {
  const { values } = parse(args, { host: { type: 'string' }, port: { type: 'string' } }, false);
  if (values.help) return printHelp(io, HELP, true);
  const port = values.port === undefined ? 5173 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.err(`studio serve: --port must be 0–65535, got "${values.port}"`);
    return EXIT.badInput;
  }
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
    await import('../../scripts/build-renderer.mjs' as string);
  }
  const studio = await Studio.open({ dataDir: chooseDataDir(values['data-dir']), mode: 'serve' });
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
