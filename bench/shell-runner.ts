/**
 * Runs sqlite3 shell scripts from one long-lived bash, so the bench's own process never forks between the rounds it
 * times. A fork marks every page of the forking process copy-on-write, and each page the next import then writes
 * faults again: on this machine's VM that made the round after a spawnSync about a third slower, an artefact no user
 * import pays (nothing forks the process that imports while it imports).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const quote = (s: string): string => `'${s.replaceAll("'", "'\\''")}'`;

export class ShellRunner {
  private readonly bash: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterator<string>;
  private readonly dir = mkdtempSync(join(tmpdir(), 'studio-bench-runner-'));

  constructor() {
    this.bash = spawn('bash', ['--noprofile', '--norc'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.lines = createInterface({ input: this.bash.stdout })[Symbol.asyncIterator]();
  }

  /** Runs `script` in `sqlite3 db`; resolves to its wall time in seconds and its stdout, or to the error it printed. */
  async run(db: string, script: string): Promise<{ seconds: number; out: string } | string> {
    const scriptFile = join(this.dir, 'script.sql');
    const outFile = join(this.dir, 'out.txt');
    const errFile = join(this.dir, 'err.txt');
    writeFileSync(scriptFile, script);
    const t0 = performance.now();
    this.bash.stdin.write(`sqlite3 ${quote(db)} < ${quote(scriptFile)} > ${quote(outFile)} 2> ${quote(errFile)}; echo "done $?"\n`);
    const { value, done } = await this.lines.next();
    const seconds = (performance.now() - t0) / 1000;
    if (done) return 'the bench shell exited';
    const err = readFileSync(errFile, 'utf8').trim();
    if (value !== 'done 0' || err) return `sqlite3 shell failed: ${err.slice(0, 300) || value}`;
    return { seconds, out: readFileSync(outFile, 'utf8') };
  }

  close(): void {
    this.bash.stdin.end();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
