import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { StagedFile } from '../preload/api';
import { StudioError } from './errors';

/**
 * Files the back end holds for the window: picked in a native dialog (Electron) or uploaded (serve mode).
 * The window names them by id only, so it can never make up a path on the user's disk.
 */
export class Staging {
  private readonly files = new Map<string, { path: string; file: StagedFile; owned: boolean }>();

  constructor(private readonly uploadDir: string) {}

  /** Registers a path the user chose in a native dialog. */
  addPicked(path: string): StagedFile {
    const file: StagedFile = { id: randomUUID(), name: basename(path), size: statSync(path).size };
    this.files.set(file.id, { path, file, owned: false });
    return file;
  }

  /** Streams an upload to disk under the workspace; the original name is kept (sanitised) because importers read extensions and names. */
  async addUpload(name: string, body: Readable, maxBytes: number): Promise<StagedFile> {
    const safe =
      basename(name)
        .replace(/[^\p{L}\p{N}._ -]/gu, '_')
        .slice(0, 200) || 'upload';
    if (safe === '.' || safe === '..') throw new StudioError('bad_input', `bad file name "${name}"`);
    const id = randomUUID();
    const dir = join(this.uploadDir, id);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, safe);
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) body.destroy(new StudioError('bad_input', `upload larger than ${maxBytes} bytes`));
    });
    try {
      await pipeline(body, createWriteStream(path));
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
    const file: StagedFile = { id, name: safe, size };
    this.files.set(id, { path, file, owned: true });
    return file;
  }

  resolve(ids: readonly string[]): string[] {
    return ids.map((id) => {
      const entry = this.files.get(id);
      if (!entry) throw new StudioError('not_found', `staged file ${id} not found (upload or pick it again)`);
      return entry.path;
    });
  }

  /** Forgets files once an import has consumed them; uploaded copies are deleted. */
  release(ids: readonly string[]): void {
    for (const id of ids) {
      const entry = this.files.get(id);
      if (!entry) continue;
      this.files.delete(id);
      if (entry.owned) rmSync(join(this.uploadDir, id), { recursive: true, force: true });
    }
  }
}
