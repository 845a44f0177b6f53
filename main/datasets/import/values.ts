/** Field-level parsing shared by the importers: every failure is an InputError naming file, line and field. */
import { InputError } from '../../errors';
import { parsePythonLiteral } from './pyliteral';

// Stricter than Number(): that accepts '', ' ', '0x1F' and 'Infinity', none of which is a rating or a time.
const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

export function parseNumber(text: string, file: string, line: number, field: string): number {
  // Plain digit strings (ids, ratings, unix times) are most of what an import parses: skip the regex for them.
  const n = text.length;
  if (n > 0 && n < 16) {
    let v = 0;
    let i = 0;
    for (; i < n; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
    }
    if (i === n) return v;
  }
  if (NUMBER.test(text)) {
    const n = +text;
    if (Number.isFinite(n)) return n;
  }
  throw new InputError(file, line, field, `bad number ${JSON.stringify(clip(text))}`);
}

/** Empty text is a missing value (null), anything else must be a number. */
export function parseOptionalNumber(text: string | undefined, file: string, line: number, field: string): number | null {
  return text === undefined || text === '' ? null : parseNumber(text, file, line, field);
}

/** A JSON value that should be a number: numbers and numeric strings pass, null/absent is missing. */
export function jsonNumber(value: unknown, file: string, line: number, field: string): number | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
  } else if (typeof value === 'string') {
    return parseNumber(value.trim(), file, line, field);
  }
  throw new InputError(file, line, field, `bad number ${clip(JSON.stringify(value))}`);
}

/** Ids may be numbers in JSON; objects and empty strings are not ids. */
export function jsonId(value: unknown, file: string, line: number, field: string, what: 'user' | 'item'): string {
  if (value === undefined || value === null) throw new InputError(file, line, field, `missing ${what} id`);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string') return requireId(value, file, line, field, what);
  throw new InputError(file, line, field, `bad ${what} id ${clip(JSON.stringify(value))}`);
}

/** The longest id, in UTF-8 bytes: ids are keys shown in lists and sent to windows, not documents. */
export const MAX_ID_BYTES = 512;

/**
 * An id: not empty, at most MAX_ID_BYTES bytes, no control characters (C0, DEL, C1, and the Unicode line and
 * paragraph separators): a NUL or a newline inside an id breaks exports, terminals and every page that shows it.
 */
export function requireId(text: string, file: string, line: number, field: string, what: 'user' | 'item'): string {
  const n = text.length;
  if (n === 0) throw new InputError(file, line, field, `empty ${what} id`);
  // A UTF-16 unit is at most 3 UTF-8 bytes, so short ids need no byte count.
  if (n * 3 > MAX_ID_BYTES) {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > MAX_ID_BYTES)
      throw new InputError(
        file,
        line,
        field,
        `${what} id is ${bytes.toLocaleString('en-US')} bytes long: ids are at most ${MAX_ID_BYTES} bytes`,
      );
  }
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029)
      throw new InputError(
        file,
        line,
        field,
        `${what} id ${JSON.stringify(clip(text))} holds a control character (U+${c.toString(16).toUpperCase().padStart(4, '0')} at position ${i + 1})`,
      );
  }
  return text;
}

/** Review text and titles: strings as-is, numbers as their text, anything else is malformed. */
export function jsonText(value: unknown, file: string, line: number, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new InputError(file, line, field, `expected text, found ${Array.isArray(value) ? 'an array' : 'an object'}`);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * A time as unix seconds: a number is taken as seconds already; an ISO 8601 date (time optional) is
 * converted, reading a date without an offset as UTC so the same file imports the same everywhere.
 */
export function parseTimestamp(text: string, file: string, line: number, field: string): number | null {
  if (text === '') return null;
  if (NUMBER.test(text)) return parseNumber(text, file, line, field);
  const m = ISO_DATE.exec(text);
  if (m) {
    const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}${fraction(text)}${normalOffset(m[7])}`;
    const ms = Date.parse(iso);
    if (Number.isFinite(ms)) return Math.floor(ms / 1000);
  }
  throw new InputError(file, line, field, `bad timestamp ${JSON.stringify(clip(text))}: expected unix seconds or an ISO 8601 date`);
}

function fraction(text: string): string {
  const f = /:\d{2}(\.\d+)/.exec(text);
  return f ? f[1]!.slice(0, 4) : '';
}

function normalOffset(offset: string | undefined): string {
  if (offset === undefined || offset === 'Z') return 'Z';
  return offset.includes(':') ? offset : `${offset.slice(0, 3)}:${offset.slice(3)}`;
}

/** One JSON-lines record, which must be an object. */
export function parseObject(text: string, file: string, line: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    // The 2014 metadata dumps are Python repr()s, not JSON.
    if (!text.startsWith("{'")) throw new InputError(file, line, null, `bad JSON: ${(err as Error).message}`);
    try {
      value = parsePythonLiteral(text);
    } catch (perr) {
      throw new InputError(file, line, null, `bad JSON: ${(perr as Error).message}`);
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError(file, line, null, `bad JSON: expected an object, found ${clip(text, 30)}`);
  }
  return value as Record<string, unknown>;
}

export function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
