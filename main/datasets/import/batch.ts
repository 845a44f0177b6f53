/**
 * What a format parser hands the database side of an import: batches of new users, new items and interactions,
 * with ids local to this import (0, 1, 2… in order of first appearance). Parsing needs no database at all, so it can
 * run on a thread of its own while another writes the previous batch (see parse-worker.ts); the writer turns a local
 * id into a row id by adding the first free id it found when the import began.
 */

/** A row refused with skipInvalid on: recorded in import_skips. */
export interface Skip {
  file: string;
  line: number;
  field: string | null;
  reason: string;
}

export interface ImportBatch {
  /** Local id of userExt[0]; the batch's new users follow in order. */
  firstUser: number;
  userExt: string[];
  /** JSON text. */
  userFeatures: string[];
  firstItem: number;
  itemExt: string[];
  itemTitle: (string | null)[];
  itemAttrs: string[];
  /** Interactions: local user and item ids; NaN stands for a missing rating or time (SQLite stores NaN as NULL). */
  count: number;
  user: Int32Array;
  item: Int32Array;
  rating: Float64Array;
  ts: Float64Array;
  /** Present once a row of the batch has review or summary text; one entry per interaction. */
  review: (string | null)[] | null;
  summary: (string | null)[] | null;
  skips: Skip[];
}

/** What an import read, beyond the batches: counts, titles that came late, the first refused row. */
export interface ParseSummary {
  users: number;
  items: number;
  interactions: number;
  skipped: number;
  /** Lines read (users, items and interactions, refused ones included): what progress counted. */
  rows: number;
  /** [local item id, title] for items whose title appeared on a later row than the item. */
  lateTitles: [number, string][];
  firstSkip: Skip | null;
}

/** Interactions per batch: large enough that a batch's fixed costs vanish, small enough to keep two threads busy. */
export const BATCH_ROWS = 16_384;

/** The side of an import that parsers write to: the id maps and the batch being filled. */
export class RowSink {
  private readonly users = new Map<string, number>();
  private readonly items = new Map<string, number>();
  private readonly lateTitles = new Map<number, string>();
  private batch: ImportBatch;
  private interactions = 0;
  private skips = 0;
  private firstSkip: Skip | null = null;

  /**
   * `emit` takes each full batch. `ready` (awaited at the parser's pauses) holds the parser back while the writer
   * is behind, so a file larger than memory streams through with a few batches in flight.
   */
  constructor(
    private readonly emit: (batch: ImportBatch) => void,
    readonly ready: () => Promise<void> = () => Promise.resolve(),
  ) {
    this.batch = this.fresh();
  }

  private fresh(): ImportBatch {
    return {
      firstUser: this.users.size,
      userExt: [],
      userFeatures: [],
      firstItem: this.items.size,
      itemExt: [],
      itemTitle: [],
      itemAttrs: [],
      count: 0,
      user: new Int32Array(BATCH_ROWS),
      item: new Int32Array(BATCH_ROWS),
      rating: new Float64Array(BATCH_ROWS),
      ts: new Float64Array(BATCH_ROWS),
      review: null,
      summary: null,
      skips: [],
    };
  }

  userId(ext: string): number | undefined {
    return this.users.get(ext);
  }

  itemId(ext: string): number | undefined {
    return this.items.get(ext);
  }

  /** A user that must be new (callers check userId first). */
  addUser(ext: string, features: Record<string, unknown> | null): number {
    const id = this.users.size;
    this.users.set(ext, id);
    this.batch.userExt.push(ext);
    this.batch.userFeatures.push(features ? JSON.stringify(features) : '{}');
    if (this.batch.userExt.length >= BATCH_ROWS) this.flush();
    return id;
  }

  /** An item that must be new (callers check itemId first). */
  addItem(ext: string, title: string | null, attrs: Record<string, unknown> | null): number {
    const id = this.items.size;
    this.items.set(ext, id);
    this.batch.itemExt.push(ext);
    this.batch.itemTitle.push(title);
    this.batch.itemAttrs.push(attrs ? JSON.stringify(attrs) : '{}');
    if (this.batch.itemExt.length >= BATCH_ROWS) this.flush();
    return id;
  }

  /** For formats where an item's title can first appear on a later row than the item. */
  setTitleLater(itemId: number, title: string): void {
    this.lateTitles.set(itemId, title);
  }

  addInteraction(
    user: number,
    item: number,
    rating: number | null,
    ts: number | null,
    review: string | null,
    summary: string | null,
  ): void {
    const b = this.batch;
    const k = b.count++;
    b.user[k] = user;
    b.item[k] = item;
    b.rating[k] = rating ?? NaN;
    b.ts[k] = ts ?? NaN;
    if (b.review === null && (review !== null || summary !== null)) {
      b.review = new Array<string | null>(k).fill(null);
      b.summary = new Array<string | null>(k).fill(null);
    }
    if (b.review !== null) {
      b.review.push(review);
      b.summary!.push(summary);
    }
    this.interactions++;
    if (b.count === BATCH_ROWS) this.flush();
  }

  skip(file: string, line: number, field: string | null, reason: string): void {
    const s = { file, line, field, reason };
    this.firstSkip ??= s;
    this.batch.skips.push(s);
    this.skips++;
  }

  /** Hands over what the batch holds (if anything) and starts the next one. */
  flush(): void {
    const b = this.batch;
    if (b.count === 0 && b.userExt.length === 0 && b.itemExt.length === 0 && b.skips.length === 0) return;
    this.batch = this.fresh();
    this.emit(b);
  }

  get counts(): { users: number; items: number; interactions: number; skipped: number } {
    return { users: this.users.size, items: this.items.size, interactions: this.interactions, skipped: this.skips };
  }

  /** Flushes the last batch and says what the import read (`rows`: the lines the parser handled). */
  finish(rows: number): ParseSummary {
    this.flush();
    return { ...this.counts, rows, lateTitles: [...this.lateTitles], firstSkip: this.firstSkip };
  }
}
