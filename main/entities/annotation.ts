/**
 * Records and everyone's spans on them: listing, reading, validating, saving, reviews, adjudication, the status each
 * record derives, and the mask preview and training records drawn from them.
 */
import {
  MACHINE_ANNOTATOR,
  type Decision,
  type MaskPreview,
  type RecordDetail,
  type RecordStatus,
  type RecordSummary,
  type Span,
  type SpanInput,
} from '../../preload/api-entities';
import { notFound, StudioError } from '../errors';
import { isDisputed } from './agreement';
import { maskPreview, STAND_IN_TOKENIZER } from './masks';
import { SpanProblem, validateSpans, type SpanRules } from './spans';
import { EntityStore, type RecordRow } from './sql';
import { EntityRoom, isHuman } from './room';

export class Annotation extends EntityRoom {
  list(q: Parameters<EntityStore['list']>[0]): { total: number; rows: RecordSummary[] } {
    this.deps.dataset(q.datasetId);
    return this.store.list(q);
  }

  recordRow(recordId: number): RecordRow {
    const r = this.store.record(recordId);
    if (!r) throw notFound(`record ${recordId}`);
    return r;
  }

  get(recordId: number, annotator?: string): RecordDetail {
    const r = this.recordRow(recordId);
    const spans = this.store.spansOfRecord(recordId);
    const touched = new Map(this.store.annotatorsOfRecord(recordId).map((a) => [a.annotator, a.updated_at]));
    const reviews = new Map(this.store.reviewsOfRecord(recordId).map((v) => [v.annotator, v]));
    const names = new Set([...touched.keys(), ...spans.keys(), ...reviews.keys()]);
    const wanted = [...names].filter((a) => annotator === undefined || a === annotator || a === MACHINE_ANNOTATOR).sort();
    const annotations = wanted.map((a) => {
      const review = reviews.get(a);
      const times = [touched.get(a), review?.created_at].filter((t): t is string => t !== undefined).sort();
      return { annotator: a, spans: spans.get(a) ?? [], decision: review?.decision ?? null, updatedAt: times[times.length - 1] ?? null };
    });
    return {
      id: r.id,
      datasetId: r.dataset_id,
      userId: r.user_id,
      userExtId: r.user_ext,
      text: r.text,
      length: r.length,
      status: r.status,
      annotations,
      final: r.adjudicator !== null ? this.store.finalOfRecord(recordId) : null,
      adjudicator: r.adjudicator,
      ...this.store.neighbours(r.dataset_id, r.id),
    };
  }

  rules(datasetId: number): SpanRules {
    const set = this.store.labelSet(datasetId);
    return { labels: new Set(set?.labels.map((l) => l.name) ?? []), nesting: set?.nesting ?? { mode: 'rules', rules: [] } };
  }

  /** Validates spans for a record; bad ones become bad_input naming the record and the span. */
  checked(r: RecordRow, spans: readonly SpanInput[], rules: SpanRules): Span[] {
    try {
      return validateSpans(r.text, spans, rules);
    } catch (err) {
      if (err instanceof SpanProblem) {
        throw new StudioError('bad_input', `record ${r.id} (user ${r.user_ext}): ${err.message}`, { field: `spans[${err.index}]` });
      }
      throw err;
    }
  }

  /** Recomputes a record's status from its reviews, its annotators' spans and adjudication. */
  refreshStatus(recordId: number): RecordStatus {
    const r = this.recordRow(recordId);
    let status: RecordStatus;
    if (r.adjudicator !== null) status = 'accepted';
    else {
      const spans = this.store.spansOfRecord(recordId);
      const byAnnotator = new Map(
        this.store
          .annotatorsOfRecord(recordId)
          .filter((a) => isHuman(a.annotator))
          .map((a) => [a.annotator, spans.get(a.annotator) ?? []]),
      );
      const decisions = new Map(this.store.reviewsOfRecord(recordId).map((v) => [v.annotator, v.decision as string]));
      if (isDisputed({ id: r.id, text: r.text, byAnnotator, decisions })) status = 'disputed';
      else status = decisions.size > 0 ? ([...decisions.values()][0] as RecordStatus) : 'unreviewed';
    }
    if (status !== r.status) this.store.setStatus(recordId, status);
    return status;
  }

  saveSpans(recordId: number, annotator: string, spans: readonly SpanInput[]): RecordDetail {
    const r = this.recordRow(recordId);
    const valid = this.checked(r, spans, this.rules(r.dataset_id));
    this.deps.db.transaction(() => {
      this.store.replaceSpans(recordId, annotator, valid, new Date().toISOString());
      this.refreshStatus(recordId);
    })();
    this.changed(r.dataset_id, [recordId]);
    return this.get(recordId);
  }

  review(recordId: number, annotator: string, decision: Decision): RecordDetail {
    const r = this.recordRow(recordId);
    this.deps.db.transaction(() => {
      this.store.review(recordId, annotator, decision, new Date().toISOString());
      this.refreshStatus(recordId);
    })();
    this.changed(r.dataset_id, [recordId]);
    return this.get(recordId);
  }

  adjudicate(recordId: number, adjudicator: string, spans: readonly SpanInput[]): RecordDetail {
    const r = this.recordRow(recordId);
    const valid = this.checked(r, spans, this.rules(r.dataset_id));
    this.deps.db.transaction(() => {
      this.store.setFinal(recordId, adjudicator, valid, new Date().toISOString());
      this.refreshStatus(recordId);
    })();
    this.changed(r.dataset_id, [recordId]);
    return this.get(recordId);
  }

  maskPreview(recordId: number, annotator: string | undefined, seed: number, ratio: number): MaskPreview {
    const r = this.recordRow(recordId);
    const spans =
      r.adjudicator !== null
        ? this.store.finalOfRecord(recordId)
        : ((annotator !== undefined ? this.store.spansOfRecord(recordId).get(annotator) : undefined) ??
          this.store.spansOfRecord(recordId).get(MACHINE_ANNOTATOR) ??
          []);
    return { recordId, tokenizer: STAND_IN_TOKENIZER, ratio, seed, ...maskPreview(r.text, spans, seed, ratio, String(recordId)) };
  }

  /**
   * The spans training uses for each textualized user: the adjudicated final spans where a record was
   * adjudicated, else the latest human annotation, else the machine's — as the "final" export selects them.
   */
  trainingRecords(datasetId: number): Map<number, { text: string; spans: readonly Span[] }> {
    return this.store.trainingRecords(datasetId);
  }
}
