/**
 * Bundle files on disk: a bundle's manifest, its torch checkpoints, and the header of a safetensors file read
 * without its data (to learn a checkpoint's step before a worker loads it).
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKPOINT_PATTERN, FILES, Manifest } from './format';

/** The `__metadata__` of a safetensors file and the names of its tensors. */
export function readSafetensorsHeader(file: string): { metadata: Record<string, string>; names: string[] } {
  const fd = openSync(file, 'r');
  try {
    const size = statSync(file).size;
    const head = Buffer.alloc(8);
    if (size < 8 || readSync(fd, head, 0, 8, 0) !== 8) throw new Error(`${file}: not a safetensors file (${size} bytes)`);
    const n = Number(head.readBigUInt64LE(0));
    if (n > 100 * 1024 * 1024 || 8 + n > size) throw new Error(`${file}: not a safetensors file (header length ${n} in ${size} bytes)`);
    const json = Buffer.alloc(n);
    readSync(fd, json, 0, n, 8);
    let header: Record<string, unknown>;
    try {
      header = JSON.parse(json.toString('utf8')) as Record<string, unknown>;
    } catch {
      throw new Error(`${file}: not a safetensors file (its header is not JSON)`);
    }
    const meta = (header.__metadata__ ?? {}) as Record<string, string>;
    return { metadata: meta, names: Object.keys(header).filter((k) => k !== '__metadata__') };
  } finally {
    closeSync(fd);
  }
}

/** torch checkpoints (`step-N.safetensors`) in a folder, oldest first. */
export function torchCheckpoints(dir: string): { step: number; file: string; bytes: number }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => ({ name, m: CHECKPOINT_PATTERN.exec(name) }))
    .filter((x): x is { name: string; m: RegExpExecArray } => x.m !== null)
    .map(({ name, m }) => ({ step: Number(m[1]), file: join(dir, name), bytes: statSync(join(dir, name)).size }))
    .sort((a, b) => a.step - b.step);
}

/**
 * The weights file a path names: a `.safetensors` file itself; in a folder, its newest `step-N.safetensors`; in a
 * bundle folder, the newest in its checkpoints/.
 */
export function weightsFileAt(path: string): string {
  if (!existsSync(path)) throw new Error(`${path} does not exist`);
  if (!statSync(path).isDirectory()) {
    if (!path.endsWith('.safetensors')) throw new Error(`${path} is not a .safetensors file`);
    return path;
  }
  const dir = existsSync(join(path, FILES.manifest)) ? join(path, FILES.checkpoints) : path;
  const newest = torchCheckpoints(dir).at(-1);
  if (!newest) throw new Error(`${dir} holds no checkpoint (step-N.safetensors): train the bundle first`);
  return newest.file;
}

/** A bundle's manifest, checked against the schema; null where the folder holds no bundle. */
export function readManifest(dir: string): Manifest | null {
  const file = join(dir, FILES.manifest);
  if (!existsSync(file)) return null;
  const parsed = Manifest.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join('.') || '(manifest)'}: ${issue.message}`);
  }
  return parsed.data;
}
