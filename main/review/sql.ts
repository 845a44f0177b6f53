/** The review feature's SQL: reviews, their blinded pairs, and each reviewer's judgments. */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/connection';
import type { Criterion } from '../../preload/api-review';

export interface ReviewConfig {
  size: number;
  rubric: Criterion[];
  reviewers: string[];
  seed: number;
  swapShare: number;
  setA: number;
  setB: number | null;
}

export interface ReviewRow {
  id: number;
  dataset_id: number;
  name: string;
  family: 'explanation' | 'review';
  run_a: number;
  run_b: number | null;
  config: string;
  status: 'open' | 'finished';
  created_at: string;
  finished_at: string | null;
}

export interface PairRow {
  review_id: number;
  position: number;
  key: string;
  template: string;
  seen: number;
  rating: number | null;
  user_id: number;
  item_id: number | null;
  prompt: string;
  a_text: string;
  b_text: string;
  reference: string;
  shown_order: 'AB' | 'BA';
  repeat_of: number | null;
}

export interface JudgmentRow {
  review_id: number;
  position: number;
  reviewer: string;
  preference: 'A' | 'B' | 'tie';
  shown_order: 'AB' | 'BA';
  scores_a: string;
  scores_b: string;
  comment: string;
  created_at: string;
  updated_at: string;
}

export class ReviewStore {
  private readonly s: Record<string, Statement>;
  constructor(private readonly db: Db) {
    this.s = {
      create: db.prepare(
        "INSERT INTO reviews (dataset_id, name, family, run_a, run_b, config, status, created_at) VALUES (?, ?, ?, ?, ?, ?, 'open', ?)",
      ),
      pair: db.prepare(
        'INSERT INTO review_pairs (review_id, position, key, template, seen, rating, user_id, item_id, prompt, a_text, b_text, reference, shown_order, repeat_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      get: db.prepare('SELECT * FROM reviews WHERE id = ?'),
      list: db.prepare('SELECT * FROM reviews ORDER BY id DESC'),
      listDataset: db.prepare('SELECT * FROM reviews WHERE dataset_id = ? ORDER BY id DESC'),
      pairs: db.prepare('SELECT * FROM review_pairs WHERE review_id = ? ORDER BY position'),
      pairAt: db.prepare('SELECT * FROM review_pairs WHERE review_id = ? AND position = ?'),
      count: db.prepare('SELECT COUNT(*) FROM review_pairs WHERE review_id = ?'),
      firstOpen: db.prepare(
        'SELECT p.position FROM review_pairs p WHERE p.review_id = ? AND NOT EXISTS (SELECT 1 FROM review_judgments j WHERE j.review_id = p.review_id AND j.position = p.position AND j.reviewer = ?) ORDER BY p.position LIMIT 1',
      ),
      judge: db.prepare(
        `INSERT INTO review_judgments (review_id, position, reviewer, preference, shown_order, scores_a, scores_b, comment, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (review_id, position, reviewer) DO UPDATE SET preference = excluded.preference, scores_a = excluded.scores_a, scores_b = excluded.scores_b, comment = excluded.comment, updated_at = excluded.updated_at`,
      ),
      unjudge: db.prepare('DELETE FROM review_judgments WHERE review_id = ? AND position = ? AND reviewer = ?'),
      judgment: db.prepare('SELECT * FROM review_judgments WHERE review_id = ? AND position = ? AND reviewer = ?'),
      judgments: db.prepare('SELECT * FROM review_judgments WHERE review_id = ? ORDER BY position, reviewer'),
      progress: db.prepare('SELECT reviewer, COUNT(*) AS n FROM review_judgments WHERE review_id = ? GROUP BY reviewer'),
      finish: db.prepare("UPDATE reviews SET status = 'finished', finished_at = ? WHERE id = ?"),
      delete: db.prepare('DELETE FROM reviews WHERE id = ?'),
    };
  }

  /** The review and all its pairs, in one transaction. */
  create(
    datasetId: number,
    name: string,
    family: string,
    runA: number,
    runB: number | null,
    config: ReviewConfig,
    pairs: readonly Omit<PairRow, 'review_id'>[],
    now: string,
  ): number {
    return this.db.transaction(() => {
      const id = Number(this.s.create!.run(datasetId, name, family, runA, runB, JSON.stringify(config), now).lastInsertRowid);
      for (const p of pairs) {
        this.s.pair!.run(
          id,
          p.position,
          p.key,
          p.template,
          p.seen,
          p.rating,
          p.user_id,
          p.item_id,
          p.prompt,
          p.a_text,
          p.b_text,
          p.reference,
          p.shown_order,
          p.repeat_of,
        );
      }
      return id;
    })();
  }

  get(id: number): ReviewRow | undefined {
    return this.s.get!.get(id) as ReviewRow | undefined;
  }

  list(datasetId?: number): ReviewRow[] {
    return (datasetId === undefined ? this.s.list!.all() : this.s.listDataset!.all(datasetId)) as ReviewRow[];
  }

  pairs(id: number): PairRow[] {
    return this.s.pairs!.all(id) as PairRow[];
  }

  pair(id: number, position: number): PairRow | undefined {
    return this.s.pairAt!.get(id, position) as PairRow | undefined;
  }

  count(id: number): number {
    return this.s.count!.pluck().get(id) as number;
  }

  firstOpen(id: number, reviewer: string): number | undefined {
    return this.s.firstOpen!.pluck().get(id, reviewer) as number | undefined;
  }

  judge(j: Omit<JudgmentRow, 'created_at' | 'updated_at'>, now: string): void {
    this.s.judge!.run(j.review_id, j.position, j.reviewer, j.preference, j.shown_order, j.scores_a, j.scores_b, j.comment, now, now);
  }

  unjudge(id: number, position: number, reviewer: string): boolean {
    return this.s.unjudge!.run(id, position, reviewer).changes > 0;
  }

  judgment(id: number, position: number, reviewer: string): JudgmentRow | undefined {
    return this.s.judgment!.get(id, position, reviewer) as JudgmentRow | undefined;
  }

  judgments(id: number): JudgmentRow[] {
    return this.s.judgments!.all(id) as JudgmentRow[];
  }

  progress(id: number): Record<string, number> {
    return Object.fromEntries((this.s.progress!.all(id) as { reviewer: string; n: number }[]).map((r) => [r.reviewer, r.n]));
  }

  finish(id: number, now: string): void {
    this.s.finish!.run(now, id);
  }

  delete(id: number): boolean {
    return this.s.delete!.run(id).changes > 0;
  }
}
