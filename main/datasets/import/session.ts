/**
 * One running import: the writer, the row loop shared by every format (skip-or-abort on bad rows),
 * and the pauses that let progress events and cancellation through while a file streams in.
 */
import { basename } from 'node:path';
import { CancelledError, InputError } from '../../errors';
import { statSync } from 'node:fs';
import { readLines, WRONG_ENCODING, type Encoding } from './lines';
import { formatRange } from './ratings';
import type { RowSink } from './batch';
import type { ImportFormat, RatingRange } from '../../../preload/api';

export interface ImportOptions {
  /** Absolute paths; a directory stands for the files of the format inside it. */
  files: string[];
  format: ImportFormat;
  name?: string;
  /** field -> column, for csv/jsonl; empty means auto-map by common column names. */
  map?: Record<string, string>;
  skipInvalid?: boolean;
  /** Ratings accepted; left out, the range is inferred from the first ratings (what the preview shows). */
  ratingRange?: RatingRange;
}

/** The ratings an import accepts and where that range came from, for the message that refuses one. */
export interface RatingPolicy {
  range: RatingRange;
  source: string;
}

export interface ImportProgress {
  rows: number;
  bytesDone: number;
  bytesTotal: number;
  phase: string;
}

export interface ImportHooks {
  onProgress?: (p: ImportProgress) => void;
  signal?: AbortSignal;
}

const YIELD_EVERY = 20_000;
const REPORT_EVERY_MS = 100;

/** A line handler; header handlers see line 1 and their errors are always fatal (every row after would fail too). */
export type LineHandler = (text: string, line: number) => void;

export class Session {
  /** Bytes of the lines handled so far (whole files done, whole batches done, and the share of the current batch). */
  private bytesDone = 0;
  private rows = 0;
  private sinceYield = 0;
  private lastReport = 0;
  private phase = 'starting';

  private readonly lo: number;
  private readonly hi: number;

  constructor(
    readonly sink: RowSink,
    private readonly skipInvalid: boolean,
    private readonly bytesTotal: number,
    private readonly hooks: ImportHooks,
    private readonly ratings: RatingPolicy,
  ) {
    [this.lo, this.hi] = ratings.range;
  }

  /** A rating inside the accepted range (or none); anything else is refused, naming file, line and field. */
  rating(value: number | null, file: string, line: number, field: string): number | null {
    if (value === null || (value >= this.lo && value <= this.hi)) return value;
    throw new InputError(
      file,
      line,
      field,
      `rating ${value} is outside the accepted range ${formatRange(this.ratings.range)} (${this.ratings.source}); set another with --rating-range lo,hi or in the import dialog`,
    );
  }

  /** Lines handled so far (header lines left out), as progress counts them. */
  get rowsRead(): number {
    return this.rows;
  }

  setPhase(phase: string): void {
    this.phase = phase;
    this.report(true);
  }

  checkCancelled(): void {
    if (this.hooks.signal?.aborted) throw new CancelledError();
  }

  /** Records a bad row when skipping is on; anything else (or any other error) propagates and aborts. */
  reject(err: unknown): void {
    if (this.skipInvalid && err instanceof InputError) this.sink.skip(err.file, err.line, err.field, err.reason);
    else throw err;
  }

  private async pause(): Promise<void> {
    this.sinceYield = 0;
    await new Promise<void>((resolve) => setImmediate(resolve));
    await this.sink.ready();
    this.checkCancelled();
    this.report(false);
  }

  report(force: boolean): void {
    const on = this.hooks.onProgress;
    if (!on) return;
    const now = performance.now();
    if (!force && now - this.lastReport < REPORT_EVERY_MS) return;
    this.lastReport = now;
    on({
      rows: this.rows,
      bytesDone: Math.round(Math.min(this.bytesDone, this.bytesTotal)),
      bytesTotal: this.bytesTotal,
      phase: this.phase,
    });
  }

  /**
   * Streams a file through `onRow`, one call per non-empty line. A row that throws InputError is
   * skipped or aborts the import (skipInvalid); `header` (if given) gets line 1 and may not fail softly.
   * Empty lines are dropped unless `keepEmpty` (inside a quoted CSV field they are content).
   */
  async eachLine(path: string, encoding: Encoding, onRow: LineHandler, header?: LineHandler, keepEmpty = false): Promise<void> {
    const file = basename(path);
    this.setPhase(`reading ${file}`);
    let needHeader = header !== undefined;
    const fileEnd = this.bytesDone + statSync(path).size;
    let batchStart = this.bytesDone;
    for await (const { first, lines, bytes } of readLines(path, { encoding })) {
      for (let i = 0; i < lines.length; i++) {
        const text = lines[i] as string | null;
        const line = first + i;
        if (needHeader) {
          needHeader = false;
          if (text === null) throw new InputError(file, line, null, WRONG_ENCODING);
          if (text === '') throw new InputError(file, line, null, 'the first line should be the header, but it is empty');
          header!(text, line);
          continue;
        }
        if (text === '' && !keepEmpty) continue;
        this.rows++;
        try {
          if (text === null) throw new InputError(file, line, null, WRONG_ENCODING);
          onRow(text, line);
        } catch (err) {
          this.reject(err);
        }
        if (++this.sinceYield >= YIELD_EVERY) {
          this.bytesDone = batchStart + (bytes * (i + 1)) / lines.length;
          await this.pause();
        }
      }
      batchStart += bytes;
      this.bytesDone = batchStart;
    }
    this.bytesDone = fileEnd;
    if (needHeader) throw new InputError(file, 1, null, 'the file is empty: expected a header line');
    this.checkCancelled();
  }
}
