/**
 * A local launch of a bundle: `python3 train.py --nproc_per_node N`, which runs torchrun's own launcher
 * (torch.distributed.run) on a free port, in a process group of its own, reading rank 0's JSON lines as they come.
 * Stopping asks first (a STOP file: the workers agree on it and checkpoint after the current step), then signals.
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { LaunchPoint } from '../../preload/api-bundle';
import { FILES } from './format';

const Start = z.object({
  event: z.literal('start'),
  world: z.number(),
  backend: z.string(),
  device: z.string(),
  torch: z.string(),
  startStep: z.number(),
  endStep: z.number(),
  resumedFrom: z.string().nullable(),
});
const Step = LaunchPoint.extend({ event: z.literal('step'), total: z.number() });
const Checkpoint = z.object({ event: z.literal('checkpoint'), step: z.number(), file: z.string(), bytes: z.number() });
const Done = z.object({ event: z.literal('done'), step: z.number(), stopped: z.boolean() });
const TrainLine = z.discriminatedUnion('event', [Start.passthrough(), Step, Checkpoint, Done]);
export type TrainLine = z.infer<typeof TrainLine>;

/** One of train.py's JSON lines, or null for any other output (torchrun's own notices). */
export function parseTrainLine(line: string): TrainLine | null {
  if (!line.startsWith('{')) return null;
  try {
    const parsed = TrainLine.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export interface LaunchOptions {
  python: string;
  bundleDir: string;
  out: string;
  processes: number;
  steps?: number;
}

export interface Launched {
  pid: number;
  /** Settles when torchrun has exited: its exit code, and the end of its stderr for a failure's message. */
  exited: Promise<{ code: number | null; signal: string | null; stderr: string }>;
  /** Asks the run to stop after its current step (with a checkpoint). */
  stop(): void;
  /** Signals the whole process group (torchrun forwards SIGTERM to its workers, which then stop too). */
  kill(signal?: NodeJS.Signals): void;
}

const STDERR_KEEP = 8000;

/** The file in the output folder that asks train.py to stop after its current step. */
export const STOP_FILE = 'STOP';

/** The most telling line of a failed launch's stderr: train.py's own message, else the last error line. */
export function failureMessage(stderr: string, code: number | null, signal: string | null): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  // train.py's own message first; then a Python error, but not the launcher's ChildFailedError, which only says a
  // worker failed (the worker's reason is above it).
  const said =
    lines.filter((l) => l.startsWith('train.py: error:') || l.startsWith('PyTorch is not installed')).at(-1) ??
    lines.filter((l) => /^(SystemExit|RuntimeError|ValueError|[A-Za-z.]*Error):/.test(l) && !l.includes('ChildFailedError')).at(-1);
  const how = signal ? `killed by ${signal}` : `exit code ${code}`;
  return `torchrun failed (${how})${(said ?? lines.at(-1)) ? `: ${said ?? lines.at(-1)}` : ''}`;
}

/** Asks a launch writing to `out` to stop after its current step, from this process or any other. */
export function writeStopFile(out: string): void {
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, STOP_FILE), new Date().toISOString());
}

export function launchBundle(o: LaunchOptions, onLine: (line: TrainLine) => void): Launched {
  const args = [join(o.bundleDir, FILES.script), '--nproc_per_node', String(o.processes), '--out', o.out];
  if (o.steps !== undefined) args.push('--steps', String(o.steps));
  const threads = Math.max(1, Math.floor(availableParallelism() / o.processes));
  const child = spawn(o.python, args, {
    cwd: o.bundleDir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: String(threads), PYTHONUNBUFFERED: '1' },
  });
  let pending = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    pending += chunk;
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = parseTrainLine(pending.slice(0, nl).trim());
      pending = pending.slice(nl + 1);
      if (line) onLine(line);
    }
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEEP);
  });
  const exited = new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) => {
    child.on('error', (err) => resolve({ code: null, signal: null, stderr: `${stderr}\n${err.message}` }));
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
  return {
    pid: child.pid ?? -1,
    exited,
    stop: () => writeStopFile(o.out),
    kill: (signal = 'SIGTERM') => {
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    },
  };
}
