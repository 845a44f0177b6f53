/**
 * Streams a file as batches of decoded lines. Lines are split on bytes (0x0A never occurs inside a
 * UTF-8 multi-byte sequence, nor in latin-1), so a chunk boundary can never cut a character in two,
 * and a whole chunk is decoded at once: per-line decoding is only the fallback that finds the line
 * with bad bytes.
 */
import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import { basename } from 'node:path';
import { createGunzip, type ZlibOptions } from 'node:zlib';
import { InputError } from '../../errors';

export type Encoding = 'utf8' | 'latin1';

export interface LineBatch {
  /** 1-based line number of lines[0]. */
  first: number;
  /** Decoded lines without their terminator; null where the bytes are not valid in the file's encoding. */
  lines: (string | null)[];
  /**
   * On-disk bytes these lines account for, for progress: exact for plain files; for gzip, the compressed
   * bytes read since the last batch (zlib reads ahead a little, so it leads by up to a chunk).
   */
  bytes: number;
}

export interface ReadOptions {
  encoding?: Encoding;
  /** Only tests lower it, to put chunk boundaries inside lines and characters. */
  highWaterMark?: number;
}

export const WRONG_ENCODING = 'wrong encoding: not valid UTF-8';
const CHUNK = 1 << 20;

/** Gzip is recognised by its magic bytes, not its name: Amazon dumps are sometimes renamed. */
export function isGzip(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function splitDecoded(text: string): string[] {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.length > 0 && l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
  }
  return lines;
}

function decodeEach(bytes: Buffer): (string | null)[] {
  const out: (string | null)[] = [];
  let start = 0;
  for (;;) {
    const nl = bytes.indexOf(10, start);
    const end = nl < 0 ? bytes.length : nl;
    try {
      const l = utf8.decode(bytes.subarray(start, end));
      out.push(l.length > 0 && l.charCodeAt(l.length - 1) === 13 ? l.slice(0, -1) : l);
    } catch {
      out.push(null);
    }
    if (nl < 0) return out;
    start = nl + 1;
  }
}

function decode(bytes: Buffer, encoding: Encoding): (string | null)[] {
  if (encoding === 'latin1') return splitDecoded(bytes.toString('latin1'));
  try {
    return splitDecoded(utf8.decode(bytes));
  } catch {
    return decodeEach(bytes);
  }
}

/**
 * Yields the file's lines in batches (one per read chunk). A final line without a newline is a line;
 * the empty string after a final newline is not. A UTF-8 byte order mark is dropped.
 * Throws InputError for a truncated or corrupt gzip stream, naming the last complete line.
 */
export async function* readLines(path: string, options: ReadOptions = {}): AsyncGenerator<LineBatch> {
  const encoding = options.encoding ?? 'utf8';
  const name = basename(path);
  const gzip = isGzip(path);
  if (!gzip && /\.gz$/i.test(name))
    throw new InputError(
      name,
      1,
      null,
      'not gzip data: the name ends in .gz but the file does not start like a gzip stream (corrupt or renamed)',
    );
  const raw = createReadStream(path, { highWaterMark: options.highWaterMark ?? CHUNK });
  let source: NodeJS.ReadableStream = raw;
  let rawRead = 0;
  let reported = 0;
  if (gzip) {
    // A deep output buffer lets zlib (on the libuv pool) inflate ahead while this thread parses the last chunk.
    // (zlib streams take the stream options too; @types/node's ZlibOptions leaves them out.)
    const zlibOptions: ZlibOptions & { highWaterMark: number } = {
      chunkSize: options.highWaterMark ?? 256 * 1024,
      highWaterMark: options.highWaterMark ?? 8 * CHUNK,
    };
    const gunzip = createGunzip(zlibOptions);
    raw.on('error', (err) => gunzip.destroy(err));
    raw.on('data', (c: Buffer | string) => (rawRead += c.length));
    source = raw.pipe(gunzip);
  }
  /** Bytes since the last batch, up to `pendingBytes` short of what has been read (they belong to the next batch). */
  const take = (pendingBytes: number): number => {
    const upTo = gzip ? rawRead : rawRead - pendingBytes;
    const n = upTo - reported;
    reported = upTo;
    return n;
  };
  let line = 1;
  let pending: Buffer[] = [];
  let atStart = true;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      if (!gzip) rawRead += chunk.length;
      let buf: Buffer = chunk;
      const nl = chunk.lastIndexOf(10);
      if (nl < 0) {
        pending.push(chunk);
        continue;
      }
      if (pending.length > 0) {
        buf = Buffer.concat([...pending, chunk]);
        pending = [];
      }
      if (atStart) {
        buf = dropBom(buf, encoding);
        atStart = false;
      }
      const end = buf.lastIndexOf(10);
      const lines = decode(buf.subarray(0, end), encoding);
      if (end + 1 < buf.length) pending.push(buf.subarray(end + 1));
      yield { first: line, lines, bytes: take(buf.length - end - 1) };
      line += lines.length;
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw gzipError(err, name, line - 1) ?? err;
  } finally {
    raw.destroy();
  }
  if (pending.length > 0) {
    let buf: Buffer = Buffer.concat(pending);
    if (atStart) buf = dropBom(buf, encoding);
    if (buf.length > 0) yield { first: line, lines: decode(buf, encoding), bytes: take(0) };
  }
}

function dropBom(buf: Buffer, encoding: Encoding): Buffer {
  return encoding === 'utf8' && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.subarray(3) : buf;
}

function gzipError(err: unknown, file: string, lastLine: number): InputError | null {
  const code = (err as { code?: unknown } | null)?.code;
  const where = lastLine > 0 ? `after line ${lastLine}` : 'before the first line';
  if (code === 'Z_BUF_ERROR') return new InputError(file, Math.max(lastLine, 1), null, `truncated gzip: the compressed data ends ${where}`);
  if (code === 'Z_DATA_ERROR')
    return new InputError(file, Math.max(lastLine, 1), null, `corrupt gzip data ${where}: ${(err as Error).message}`);
  return null;
}
