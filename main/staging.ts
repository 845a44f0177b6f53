import { randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { StagedFile } from '../preload/api';
import { StudioError } from './errors';

/** Uploads are limited to this by default (`studio serve --upload-limit`, STUDIO_UPLOAD_LIMIT). */
export const DEFAULT_UPLOAD_LIMIT = 1024 ** 3;
/** An upload that is never imported is deleted this long after it arrived (`--upload-expiry`, STUDIO_UPLOAD_EXPIRY_HOURS). */
export const DEFAULT_UPLOAD_EXPIRY_HOURS = 24;

export interface StagingOptions {
  /** The workspace's uploads folder: one folder per upload, named by its id, holding the file. */
  dir: string;
  limitBytes?: number;
  expiryHours?: number;
}

const UPLOAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PARTIAL = '.part';

interface Entry {
  path: string;
  file: StagedFile;
  owned: boolean;
}

/**
 * Files the back end holds for the window: picked in a native dialog (Electron) or uploaded (serve mode).
 * The window names them by id only, so it can never make up a path on the user's disk. Uploads live in the
 * workspace's uploads folder until an import consumes them or they expire; a studio that starts finds the young ones
 * again (their ids survive a restart) and deletes the expired ones.
 */
export class Staging {
  private readonly files = new Map<string, Entry>();
  readonly limitBytes: number;
  readonly expiryHours: number;

  private readonly uploadDir: string;

  constructor(options: StagingOptions) {
    this.uploadDir = options.dir;
    this.limitBytes = options.limitBytes ?? DEFAULT_UPLOAD_LIMIT;
    this.expiryHours = options.expiryHours ?? DEFAULT_UPLOAD_EXPIRY_HOURS;
    this.expire();
  }

  /**
   * Deletes the uploads past their expiry, whoever made them (a partial one an interrupted upload left expires too),
   * and registers the young complete ones this process does not know yet, so an upload made before a restart can
   * still be imported. Runs when the studio starts and from time to time while it runs. Returns how many it deleted.
   */
  expire(now = Date.now()): number {
    if (!existsSync(this.uploadDir)) return 0;
    let deleted = 0;
    for (const id of readdirSync(this.uploadDir)) {
      const dir = join(this.uploadDir, id);
      let mtime: number;
      try {
        mtime = statSync(dir).mtimeMs;
      } catch {
        continue;
      }
      if (now - mtime > this.expiryHours * 3600_000) {
        this.files.delete(id);
        rmSync(dir, { recursive: true, force: true });
        deleted++;
        continue;
      }
      if (this.files.has(id) || !UPLOAD_ID.test(id) || !statSync(dir).isDirectory()) continue;
      // One complete file: an upload another process (or this one before a restart) took in. Otherwise it is still arriving.
      const complete = readdirSync(dir).filter((n) => !n.endsWith(PARTIAL));
      if (complete.length !== 1) continue;
      const path = join(dir, complete[0]!);
      this.files.set(id, { path, file: { id, name: complete[0]!, size: statSync(path).size }, owned: true });
    }
    return deleted;
  }

  /** Registers a path the user chose in a native dialog. */
  addPicked(path: string): StagedFile {
    const file: StagedFile = { id: randomUUID(), name: basename(path), size: statSync(path).size };
    this.files.set(file.id, { path, file, owned: false });
    return file;
  }

  /**
   * Streams an upload to disk under the workspace (as NAME.part, renamed when complete); the original name is kept
   * (sanitised) because importers read extensions and names. Refused past the upload limit.
   */
  async addUpload(name: string, body: Readable, declaredBytes?: number): Promise<StagedFile> {
    const safe =
      basename(name)
        .replace(/[^\p{L}\p{N}._ -]/gu, '_')
        .slice(0, 200) || 'upload';
    if (safe === '.' || safe === '..' || safe.endsWith(PARTIAL)) throw new StudioError('bad_input', `bad file name "${name}"`);
    if (declaredBytes !== undefined && declaredBytes > this.limitBytes) throw this.tooLarge();
    const id = randomUUID();
    const dir = join(this.uploadDir, id);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, safe);
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > this.limitBytes) body.destroy(this.tooLarge());
    });
    try {
      await pipeline(body, createWriteStream(path + PARTIAL));
      renameSync(path + PARTIAL, path);
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
    const file: StagedFile = { id, name: safe, size };
    this.files.set(id, { path, file, owned: true });
    return file;
  }

  private tooLarge(): StudioError {
    return new StudioError(
      'bad_input',
      `the upload is larger than the limit of ${(this.limitBytes / 1024 ** 2).toFixed(0)} MiB (start the studio with --upload-limit to change it)`,
    );
  }

  resolve(ids: readonly string[]): string[] {
    return ids.map((id) => {
      const entry = this.files.get(id);
      if (!entry || !existsSync(entry.path)) {
        this.files.delete(id);
        throw new StudioError('not_found', `staged file ${id} not found: it expired or was imported (upload or pick it again)`);
      }
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
