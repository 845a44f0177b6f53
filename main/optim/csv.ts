/**
 * Numeric CSV text → feature rows and labels, for fitting a model from a file. Pure (the caller reads the file),
 * and every error is an InputError naming the file, the 1-based line and the column, so a user can go straight to
 * the bad cell. Fields may be double-quoted (RFC 4180 quoting within one line); blank lines are skipped.
 */
import { InputError } from '../errors';

export interface LabeledRows {
  /** Header names of the feature columns, in file order. */
  featureNames: string[];
  rows: Float64Array[];
  labels: Float64Array;
  /** The file line of each row, for messages about a row found bad later. */
  lines: number[];
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Splits one line into fields; null when a quoted field is not closed on this line. */
function splitFields(line: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= line.length) return null;
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += line[i++];
      }
      const comma = line.indexOf(',', i);
      fields.push(value + line.slice(i, comma < 0 ? line.length : comma));
      if (comma < 0) return fields;
      i = comma + 1;
    } else {
      const comma = line.indexOf(',', i);
      if (comma < 0) {
        fields.push(line.slice(i));
        return fields;
      }
      fields.push(line.slice(i, comma));
      i = comma + 1;
    }
  }
}

export interface ParseOptions {
  /** Name of the label column. */
  label: string;
  /** Why a label value is unusable (e.g. not 0/1 for the logistic loss), or undefined. */
  checkLabel?: (value: number) => string | undefined;
}

export function parseLabeledCsv(text: string, file: string, options: ParseOptions): LabeledRows {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  let lineNo = 0;
  let header: string[] | null = null;
  while (header === null && lineNo < lines.length) {
    const line = lines[lineNo++]!.replace(/\r$/, '');
    if (line.trim() === '') continue;
    header = splitFields(line);
    if (header === null) throw new InputError(file, lineNo, null, 'unterminated quoted field in the header');
  }
  if (header === null) throw new InputError(file, 1, null, 'the file is empty: expected a header line');
  const headerLine = lineNo;
  const names = header.map((h) => h.trim());
  const labelCol = names.indexOf(options.label);
  if (labelCol < 0)
    throw new InputError(
      file,
      headerLine,
      options.label,
      `no column named "${options.label}" in the header; the columns are ${names.join(', ')}`,
    );
  if (names.indexOf(options.label, labelCol + 1) >= 0)
    throw new InputError(file, headerLine, options.label, `the label column "${options.label}" appears twice in the header`);
  if (names.length < 2) throw new InputError(file, headerLine, null, 'the header names no feature column besides the label');

  const featureNames = names.filter((_, c) => c !== labelCol);
  const rows: Float64Array[] = [];
  const labels: number[] = [];
  const rowLines: number[] = [];
  for (; lineNo < lines.length; lineNo++) {
    const line = lines[lineNo]!.replace(/\r$/, '');
    if (line.trim() === '') continue;
    const at = lineNo + 1;
    const fields = splitFields(line);
    if (fields === null) throw new InputError(file, at, null, 'unterminated quoted field');
    if (fields.length < names.length) {
      const c = fields.length;
      throw new InputError(file, at, names[c]!, `expected ${names.length} fields as in the header, found ${c}: column ${c + 1} is missing`);
    }
    if (fields.length > names.length) {
      throw new InputError(
        file,
        at,
        null,
        `expected ${names.length} fields as in the header, found ${fields.length}: column ${names.length + 1} has no header`,
      );
    }
    const row = new Float64Array(names.length - 1);
    let label = 0;
    for (let c = 0, f = 0; c < fields.length; c++) {
      const raw = fields[c]!.trim();
      const where = `column ${c + 1}`;
      if (raw === '') throw new InputError(file, at, names[c]!, `empty value (${where})`);
      if (!NUMBER.test(raw)) throw new InputError(file, at, names[c]!, `"${raw}" is not a number (${where})`);
      const value = Number(raw);
      if (!Number.isFinite(value)) throw new InputError(file, at, names[c]!, `"${raw}" is out of range (${where})`);
      if (c === labelCol) {
        const why = options.checkLabel?.(value);
        if (why) throw new InputError(file, at, names[c]!, `${why} (${where})`);
        label = value;
      } else row[f++] = value;
    }
    rows.push(row);
    labels.push(label);
    rowLines.push(at);
  }
  if (rows.length === 0) throw new InputError(file, headerLine, null, 'no data rows after the header');
  return { featureNames, rows, labels: Float64Array.from(labels), lines: rowLines };
}
