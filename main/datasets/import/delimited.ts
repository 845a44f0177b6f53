/** CSV/TSV records (RFC 4180 quoting) assembled from the lines readLines yields. */
import { InputError } from '../../errors';

export const DELIMITERS = ['\t', ',', ';', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** The delimiter that occurs most often outside quotes in the header line; a one-column file reads as comma-separated. */
export function sniffDelimiter(header: string): Delimiter {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const ch of header) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (DELIMITERS as readonly string[]).includes(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best: Delimiter = ',';
  let most = 0;
  for (const d of DELIMITERS) {
    const n = counts.get(d) ?? 0;
    if (n > most) [best, most] = [d, n];
  }
  return best;
}

/**
 * Splits one record. Returns null while a quoted field is still open at the end of the text, so the
 * caller appends the next line (the quoted field holds a newline) and tries again.
 */
export function splitRecord(text: string, delim: string): string[] | null {
  if (text.indexOf('"') < 0) return text.split(delim);
  const fields: string[] = [];
  let i = 0;
  const n = text.length;
  for (;;) {
    if (text.charCodeAt(i) === 34 /* " */) {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) return null;
        value += text.slice(j, q);
        if (text.charCodeAt(q + 1) === 34) {
          value += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      // Text between a closing quote and the delimiter is malformed but common; keep it rather than drop it.
      const d = text.indexOf(delim, j);
      const end = d < 0 ? n : d;
      fields.push(value + text.slice(j, end));
      if (d < 0) return fields;
      i = d + delim.length;
    } else {
      const d = text.indexOf(delim, i);
      if (d < 0) {
        fields.push(text.slice(i));
        return fields;
      }
      fields.push(text.slice(i, d));
      i = d + delim.length;
    }
  }
}

const MAX_RECORD = 1 << 20;
export const UNTERMINATED = 'unterminated quoted field (a " opens a field that never closes)';

/** Joins physical lines into records for files whose quoted fields may span lines. */
export class RecordAssembler {
  private open: string | null = null;
  private openLine = 0;

  constructor(
    private readonly file: string,
    private readonly delim: string,
  ) {}

  /** The record's fields and the line it started on, or null when the record continues on the next line. */
  push(line: string, lineNo: number): { fields: string[]; line: number } | null {
    const text = this.open === null ? line : `${this.open}\n${line}`;
    const start = this.open === null ? lineNo : this.openLine;
    const fields = splitRecord(text, this.delim);
    if (fields === null) {
      // A stray opening quote would otherwise swallow the rest of the file into one field.
      if (text.length > MAX_RECORD) throw new InputError(this.file, start, null, UNTERMINATED);
      this.open = text;
      this.openLine = start;
      return null;
    }
    this.open = null;
    return { fields, line: start };
  }

  /** Line where a quoted field was opened and never closed, if the file ended inside one. */
  unterminated(): number | null {
    return this.open === null ? null : this.openLine;
  }
}
