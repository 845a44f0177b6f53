import { renameSync, writeFileSync } from 'node:fs';

/** Writes lines to `file` through a temporary file and a rename, so a reader never sees half a file. */
export function writeLinesAtomic(file: string, lines: readonly string[]): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, lines.length ? `${lines.join('\n')}\n` : '');
  renameSync(tmp, file);
}
