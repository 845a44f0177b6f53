/** Turning the paths a user chose into the files a format reads, and naming the dataset after them. */
import { readdirSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { StudioError, notFound } from '../../errors';

function statOf(path: string): Stats {
  try {
    return statSync(path);
  } catch {
    throw notFound(`file ${path}`);
  }
}

export function isDirectory(path: string): boolean {
  return statOf(path).isDirectory();
}

/** A file's name without a trailing `.gz`: every format reads its files gzipped as well. */
export const unzipped = (name: string): string => name.replace(/\.gz$/i, '');

/**
 * Files named directly are kept (and must exist); a directory stands for its entries that `accept`
 * takes (judged by their name without `.gz`), in name order. Subdirectories are not searched: a dataset is one
 * folder. `wanted` says what the format looks for, for the error when a folder holds none of it.
 */
export function expandPaths(paths: string[], accept: (name: string) => boolean, wanted = 'files to import'): string[] {
  const out: string[] = [];
  for (const p of paths.map((x) => resolve(x))) {
    const st = statOf(p);
    if (!st.isDirectory()) {
      out.push(p);
      continue;
    }
    const entries = readdirSync(p, { withFileTypes: true }).filter((e) => e.isFile());
    const found = entries
      .filter((e) => accept(unzipped(e.name)))
      .map((e) => join(p, e.name))
      .sort();
    if (found.length === 0) {
      const names = entries.map((e) => e.name).sort();
      const holds = names.length === 0 ? 'it holds no files' : `it holds ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}`;
      throw new StudioError('not_found', `no ${wanted} in ${p} (${holds})`);
    }
    out.push(...found);
  }
  return [...new Set(out)];
}

export function totalBytes(files: string[]): number {
  return files.reduce((sum, f) => sum + statOf(f).size, 0);
}

const EXTENSIONS = /\.(gz|json|jsonl|ndjson|csv|tsv|txt|inter|item|user|dat|data)$/i;

/** "reviews_Books_5.json.gz" -> "reviews_Books_5". */
export function stem(path: string): string {
  let name = basename(path);
  while (EXTENSIONS.test(name)) name = name.replace(EXTENSIONS, '');
  return name || basename(path);
}

/** The folder a file sits in, by name: MovieLens files (u.data, ratings.dat) say nothing about the dataset. */
export function folderName(path: string): string {
  return basename(dirname(resolve(path)));
}
