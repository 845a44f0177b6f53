/**
 * The review service: builds a blind side-by-side review from two runs' test generations (or a run against the
 * references), serves pairs to reviewers, stores each reviewer's judgment apart (several reviewers at once
 * never overwrite each other), reveals the runs once finished, and computes statistics and exports.
 * Implements the reviews calls.
 */
import { ReviewCreate, type ReviewPairView, type ReviewStats, type ReviewSummary, type ReviewsChanged } from '../../preload/api-review';
import type { Db } from '../db/connection';
import { StudioError } from '../errors';
import type { StudioEvents } from '../events';
import type { GenerationService } from '../generation/service';
import type { ExampleData } from '../templates/data';
import type { TrainingService } from '../training/service';
import { maskRunNames, sides, scoresToAB, toAB } from './blind';
import { preferencePairs, toCsv, toJsonl } from './export';
import { samplePairs } from './sample';
import { ReviewStore, type JudgmentRow, type PairRow, type ReviewConfig, type ReviewRow } from './sql';
import { agreement, breakdown, positionBias, rubricMeans, selfConsistency, winRate } from './stats';
import type { Judgment } from './types';

export interface ReviewDeps {
  db: Db;
  events: StudioEvents;
  training: TrainingService;
  generation: GenerationService;
  data: (datasetId: number) => ExampleData;
}

const HISTORY_SHOWN = 8;

export class ReviewService {
  readonly store: ReviewStore;
  constructor(private readonly deps: ReviewDeps) {
    this.store = new ReviewStore(deps.db);
  }

  /** Calls `listener` on each `reviews.changed` event (the contract's payload); returns the unsubscribe. */
  onChanged(listener: (e: ReviewsChanged) => void): () => void {
    return this.deps.events.on('reviews.changed', listener);
  }

  private need(id: number): ReviewRow {
    const r = this.store.get(id);
    if (!r) throw new StudioError('not_found', `no review ${id}`);
    return r;
  }

  private config(r: ReviewRow): ReviewConfig {
    return JSON.parse(r.config) as ReviewConfig;
  }

  private labels(r: ReviewRow): { a: string; b: string } {
    const a = this.deps.training.store.get(r.run_a);
    const b = r.run_b === null ? 'reference' : this.deps.training.store.get(r.run_b);
    return maskRunNames(
      {
        a: { runId: r.run_a, name: a?.name ?? `run ${r.run_a}` },
        b: b === 'reference' ? 'reference' : { runId: r.run_b!, name: b?.name ?? `run ${r.run_b}` },
      },
      r.status === 'finished',
    );
  }

  summary(r: ReviewRow): ReviewSummary {
    const c = this.config(r);
    return {
      id: r.id,
      datasetId: r.dataset_id,
      name: r.name,
      family: r.family,
      status: r.status,
      pairs: this.store.count(r.id),
      rubric: c.rubric,
      reviewers: c.reviewers,
      progress: this.store.progress(r.id),
      labels: this.labels(r),
      createdAt: r.created_at,
      finishedAt: r.finished_at,
    };
  }

  list(datasetId?: number): ReviewSummary[] {
    return this.store.list(datasetId).map((r) => this.summary(r));
  }

  get(id: number): ReviewSummary {
    return this.summary(this.need(id));
  }

  /** The newest test-split generation set of a run for the family, complete enough to review. */
  private setOf(runId: number, family: string): { id: number; rows: ReturnType<GenerationService['store']['rows']> } {
    const set = this.deps.generation.store.list(runId).find((s) => s.family === family && s.split === 'test');
    if (!set)
      throw new StudioError(
        'bad_input',
        `run ${runId} has no ${family} generations on test: generate them first (\`studio generate --run ${runId} --family ${family}\`)`,
        { field: 'runs' },
      );
    return { id: set.id, rows: this.deps.generation.store.rows(set.id) };
  }

  create(raw: ReviewCreate): { reviewId: number; pairs: number; examples: number } {
    const req = ReviewCreate.parse(raw);
    if (req.runB === req.runA)
      throw new StudioError('bad_input', 'runs: pick two different runs (or a run against the references)', { field: 'runs' });
    const runA = this.deps.training.get(req.runA).run;
    if (req.runB !== null && this.deps.training.get(req.runB).run.datasetId !== runA.datasetId)
      throw new StudioError('bad_input', 'runs: both runs must be trained on the same dataset', { field: 'runs' });
    const a = this.setOf(req.runA, req.family);
    const b = req.runB === null ? null : this.setOf(req.runB, req.family);
    // Pairs are the examples both sides generated: the same template, prompt and reference.
    const keyOf = (r: { template: string; input: string; reference: string }): string =>
      `${r.template}\u0000${r.input}\u0000${r.reference}`;
    const bByKey = new Map((b?.rows ?? []).map((r) => [keyOf(r), r]));
    const data = this.deps.data(runA.datasetId);
    const candidates = a.rows.flatMap((r) => {
      const other = b ? bByKey.get(keyOf(r)) : null;
      if (b && !other) return [];
      const found = this.interaction(data, r.userId, req.family, r.reference);
      return [
        {
          key: keyOf(r),
          template: r.template,
          seen: r.seen,
          rating: found?.rating ?? null,
          a: r.output,
          b: other ? other.output : r.reference,
          row: r,
          itemId: found?.itemId ?? null,
        },
      ];
    });
    if (candidates.length === 0)
      throw new StudioError(
        'bad_input',
        `the two runs' ${req.family} generations share no example: generate both on the test split with the same templates`,
        { field: 'runs' },
      );
    const byKey = new Map(candidates.map((c) => [c.key, c]));
    const sampled = samplePairs(candidates, req.size, req.seed, { swapShare: req.swapShare });
    const pairs: Omit<PairRow, 'review_id'>[] = sampled.map((p) => {
      const c = byKey.get(p.key)!;
      return {
        position: p.position,
        key: p.key,
        template: p.template,
        seen: p.seen ? 1 : 0,
        rating: p.rating,
        user_id: c.row.userId,
        item_id: c.itemId,
        prompt: c.row.input,
        a_text: c.a,
        b_text: c.b,
        reference: c.row.reference,
        shown_order: p.order,
        repeat_of: p.repeatOf,
      };
    });
    // The default name must not give the runs away while the review is open.
    const name =
      req.name ??
      `${req.family === 'review' ? 'Summary' : 'Explanation'} review · ${new Date().toISOString().slice(0, 10)} · ${pairs.length} pairs`;
    const config: ReviewConfig = {
      size: req.size,
      rubric: req.rubric,
      reviewers: req.reviewers,
      seed: req.seed,
      swapShare: req.swapShare,
      setA: a.id,
      setB: b?.id ?? null,
    };
    const reviewId = this.store.create(runA.datasetId, name, req.family, req.runA, req.runB, config, pairs, new Date().toISOString());
    this.deps.events.emit('reviews.changed', { reviewId });
    return { reviewId, pairs: pairs.length, examples: pairs.filter((p) => p.repeat_of === null).length };
  }

  /** The interaction a generation came from: the user's one whose review (or summary) is the reference. */
  private interaction(d: ExampleData, userId: number, family: string, reference: string): { itemId: number; rating: number | null } | null {
    const seq = d.sequences.get(userId) ?? [];
    const x = seq.find((s) =>
      family === 'review'
        ? s.summary?.trim() === reference.trim() || s.review?.trim() === reference.trim()
        : s.review?.trim() === reference.trim(),
    );
    return x ? { itemId: x.itemId, rating: x.rating } : null;
  }

  private checkReviewer(r: ReviewRow, reviewer: string): void {
    const allowed = this.config(r).reviewers;
    if (allowed.length > 0 && !allowed.includes(reviewer))
      throw new StudioError('bad_input', `"${reviewer}" is not a reviewer of this review (${allowed.join(', ')})`, { field: 'reviewer' });
  }

  pair(id: number, reviewer: string, position?: number): ReviewPairView | null {
    const r = this.need(id);
    this.checkReviewer(r, reviewer);
    const at = position ?? this.store.firstOpen(id, reviewer);
    if (at === undefined) return null;
    const p = this.store.pair(id, at);
    if (!p) throw new StudioError('not_found', `review ${id} has no pair ${at}`);
    const d = this.deps.data(r.dataset_id);
    const user = d.users.find((u) => u.id === p.user_id);
    const seq = d.sequences.get(p.user_id) ?? [];
    const idx = p.item_id === null ? -1 : seq.findIndex((s) => s.itemId === p.item_id);
    const before = idx < 0 ? seq : seq.slice(0, idx);
    const item = p.item_id === null ? undefined : d.items.get(p.item_id);
    const attributes = Object.fromEntries(
      Object.entries(item?.attrs ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]),
    );
    const s = sides(p.shown_order);
    const text = (side: 'A' | 'B'): string => (side === 'A' ? p.a_text : p.b_text);
    const left = text(s.left);
    const right = text(s.right);
    const terms = [item?.title ?? '', ...Object.values(attributes)].map((t) => t.trim()).filter((t) => t.length >= 3);
    const j = this.store.judgment(id, at, reviewer);
    return {
      position: at,
      total: this.store.count(id),
      template: p.template,
      seen: p.seen === 1,
      context: {
        user: user?.name ?? `user ${user?.extId ?? p.user_id}`,
        history: before.slice(-HISTORY_SHOWN).map((x) => d.items.get(x.itemId)?.title ?? d.items.get(x.itemId)?.extId ?? ''),
        item: { title: item?.title ?? item?.extId ?? '', attributes },
        rating: p.rating,
        // Against the references, the real review would show which side is the reference: left out then.
        review: r.run_b === null && r.family === 'explanation' ? '' : idx < 0 ? p.reference : (seq[idx]!.review ?? ''),
      },
      prompt: p.prompt,
      left,
      right,
      reference: r.run_b === null ? null : p.reference,
      entities: { left: mentions(left, terms), right: mentions(right, terms) },
      judged: j
        ? {
            preference: j.preference === 'tie' ? 'tie' : j.preference === s.left ? 'left' : 'right',
            scores: {
              left: JSON.parse(s.left === 'A' ? j.scores_a : j.scores_b) as Record<string, number>,
              right: JSON.parse(s.right === 'A' ? j.scores_a : j.scores_b) as Record<string, number>,
            },
            comment: j.comment,
          }
        : null,
    };
  }

  judge(
    id: number,
    reviewer: string,
    position: number,
    preference: 'left' | 'right' | 'tie',
    scores: { left: Record<string, number>; right: Record<string, number> },
    comment: string,
  ): { saved: boolean; done: number; total: number } {
    const r = this.need(id);
    this.checkReviewer(r, reviewer);
    if (r.status === 'finished') throw new StudioError('conflict', `review ${id} is finished`);
    const p = this.store.pair(id, position);
    if (!p) throw new StudioError('not_found', `review ${id} has no pair ${position}`);
    const rubric = this.config(r).rubric.map((c) => c.name);
    for (const side of ['left', 'right'] as const) {
      const extra = Object.keys(scores[side]).filter((k) => !rubric.includes(k));
      if (extra.length)
        throw new StudioError('bad_input', `scores.${side}: ${extra.join(', ')} not in the rubric (${rubric.join(', ')})`, {
          field: `scores.${side}`,
        });
    }
    const ab = scoresToAB(scores.left, scores.right, p.shown_order);
    this.store.judge(
      {
        review_id: id,
        position,
        reviewer,
        preference: toAB(preference, p.shown_order),
        shown_order: p.shown_order,
        scores_a: JSON.stringify(ab.a),
        scores_b: JSON.stringify(ab.b),
        comment,
      },
      new Date().toISOString(),
    );
    this.deps.events.emit('reviews.changed', { reviewId: id });
    return { saved: true, done: this.store.progress(id)[reviewer] ?? 0, total: this.store.count(id) };
  }

  unjudge(id: number, reviewer: string, position: number): boolean {
    const r = this.need(id);
    this.checkReviewer(r, reviewer);
    if (r.status === 'finished') throw new StudioError('conflict', `review ${id} is finished`);
    const removed = this.store.unjudge(id, position, reviewer);
    if (removed) this.deps.events.emit('reviews.changed', { reviewId: id });
    return removed;
  }

  finish(id: number): ReviewSummary {
    this.need(id);
    this.store.finish(id, new Date().toISOString());
    this.deps.events.emit('reviews.changed', { reviewId: id });
    return this.get(id);
  }

  delete(id: number): boolean {
    const deleted = this.store.delete(id);
    this.deps.events.emit('reviews.changed', { reviewId: id });
    return deleted;
  }

  judgments(id: number): Judgment[] {
    const pairs = new Map(this.store.pairs(id).map((p) => [p.position, p]));
    return this.store.judgments(id).map((j: JudgmentRow) => {
      const p = pairs.get(j.position)!;
      return {
        reviewer: j.reviewer,
        position: j.position,
        key: p.key,
        template: p.template,
        seen: p.seen === 1,
        order: j.shown_order,
        repeatOf: p.repeat_of,
        preference: j.preference,
        scores: { a: JSON.parse(j.scores_a) as Record<string, number>, b: JSON.parse(j.scores_b) as Record<string, number> },
        comment: j.comment,
      };
    });
  }

  stats(id: number): ReviewStats {
    const r = this.need(id);
    const js = this.judgments(id);
    const rubric = this.config(r).rubric.map((c) => c.name);
    const ag = agreement(js);
    const w = winRate(js);
    return {
      reviewId: id,
      labels: this.labels(r),
      judgments: js.length,
      winRate: { a: w.a, b: w.b, tie: w.tie, n: w.n, low: w.low, high: w.high },
      rubric: rubricMeans(js, rubric),
      agreement: ag,
      positionBias: positionBias(js),
      selfConsistency: selfConsistency(js),
      byTemplate: breakdown(js, 'template'),
      bySeen: breakdown(js, 'seen'),
    };
  }

  export(id: number, format: 'csv' | 'jsonl' | 'pairs'): { fileName: string; text: string; rows: number } {
    const r = this.need(id);
    const js = this.judgments(id);
    const base = `review-${id}`;
    if (format === 'csv')
      return {
        fileName: `${base}.csv`,
        text: toCsv(
          js,
          this.config(r).rubric.map((c) => c.name),
        ),
        rows: js.length,
      };
    if (format === 'jsonl') return { fileName: `${base}.jsonl`, text: toJsonl(js), rows: js.length };
    const prompts = new Map(this.store.pairs(id).map((p) => [p.key, { prompt: p.prompt, a: p.a_text, b: p.b_text }]));
    const pairs = preferencePairs(js, prompts);
    return {
      fileName: `${base}-preferences.jsonl`,
      text: pairs.map((p) => JSON.stringify(p)).join('\n') + (pairs.length ? '\n' : ''),
      rows: pairs.length,
    };
  }
}

/** Where the item's title and attribute values appear in an output (case-insensitive), in code points. */
export function mentions(text: string, terms: readonly string[]): { start: number; end: number }[] {
  const lower = text.toLowerCase();
  const out: { start: number; end: number }[] = [];
  for (const t of terms) {
    const needle = t.toLowerCase();
    for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, i + needle.length)) {
      const start = Array.from(text.slice(0, i)).length;
      out.push({ start, end: start + Array.from(t).length });
    }
  }
  return out.sort((x, y) => x.start - y.start || y.end - x.end).filter((s, k, all) => k === 0 || s.start >= all[k - 1]!.end);
}
