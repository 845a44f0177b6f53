import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ServedStudio {
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `studio serve` on a fresh workspace on a free port and waits for its JSON line. */
/** `env` adds to (or overrides) the studio's environment, e.g. STUDIO_PYTHON to stand for a machine without PyTorch. */
export async function startServe(dataDir = mkdtempSync(join(tmpdir(), 'studio-e2e-')), env: NodeJS.ProcessEnv = {}): Promise<ServedStudio> {
  const child = spawn(process.execPath, ['bin/studio.mjs', 'serve', '--port', '0', '--data-dir', dataDir, '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const info = await new Promise<{ url: string }>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`studio serve did not start in 30s\n${stderr}`)), 30_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve(JSON.parse(out.slice(0, nl)) as { url: string });
      }
    });
    child.on('exit', (code) => reject(new Error(`studio serve exited with ${code}\n${stderr}`)));
  });
  const url = new URL(info.url);
  return {
    url: info.url,
    origin: url.origin,
    token: url.searchParams.get('token') ?? '',
    dataDir,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
