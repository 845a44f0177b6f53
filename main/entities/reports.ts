/** What the annotations add up to: agreement between annotators and the dataset's entity statistics. */
import type { AgreementReport, EntityStats, Span } from '../../preload/api-entities';
import { agreement, type ARecord } from './agreement';
import { EntityRoom, isHuman } from './room';

export class EntityReports extends EntityRoom {
  agreement(datasetId: number, only?: readonly string[]): AgreementReport {
    this.deps.dataset(datasetId);
    const records = this.agreementInput(datasetId, only);
    const result = agreement(records, only);
    const userOf = new Map(this.store.records(datasetId).map((r) => [r.id, r.user_ext]));
    return { datasetId, ...result, disputedUsers: result.disputed.map((id) => userOf.get(id) ?? String(id)) };
  }

  private agreementInput(datasetId: number, only?: readonly string[]): ARecord[] {
    const keep = (a: string): boolean => (only ? only.includes(a) : isHuman(a));
    const spans = this.store.spansOfDataset(datasetId);
    const byRecord = new Map<number, Map<string, Span[]>>();
    for (const { record_id, annotator } of this.store.annotatorsOfDataset(datasetId)) {
      if (!keep(annotator)) continue;
      let m = byRecord.get(record_id);
      if (!m) byRecord.set(record_id, (m = new Map()));
      m.set(annotator, spans.get(record_id)?.get(annotator) ?? []);
    }
    const decisions = new Map<number, Map<string, string>>();
    for (const v of this.store.reviewsOfDataset(datasetId)) {
      if (!keep(v.annotator)) continue;
      let m = decisions.get(v.record_id);
      if (!m) decisions.set(v.record_id, (m = new Map()));
      m.set(v.annotator, v.decision);
    }
    return this.store
      .records(datasetId)
      .filter((r) => byRecord.has(r.id) || decisions.has(r.id))
      .map((r) => ({
        id: r.id,
        text: r.text,
        byAnnotator: byRecord.get(r.id) ?? new Map(),
        decisions: decisions.get(r.id) ?? new Map(),
        adjudicated: r.adjudicator !== null,
      }));
  }

  stats(datasetId: number): EntityStats {
    this.deps.dataset(datasetId);
    const byStatus = { unreviewed: 0, accepted: 0, rejected: 0, disputed: 0 };
    let records = 0;
    for (const { status, n } of this.store.statusCounts(datasetId)) {
      byStatus[status] = n;
      records += n;
    }
    const perLabel = new Map<string, EntityStats['perLabel'][number]>();
    for (const { label, source, n } of this.store.labelSourceCounts(datasetId)) {
      let row = perLabel.get(label);
      if (!row) perLabel.set(label, (row = { label, total: 0, auto: 0, pattern: 0, catalog: 0, human: 0 }));
      row[source] += n;
      row.total += n;
    }
    const agr = agreement(this.agreementInput(datasetId));
    return {
      datasetId,
      records,
      byStatus,
      adjudicated: this.store.adjudicatedCount(datasetId),
      perLabel: [...perLabel.values()].sort((a, b) => b.total - a.total || (a.label < b.label ? -1 : 1)),
      annotators: this.store.annotatorCounts(datasetId),
      agreement: { ...agr.overall, disputed: agr.disputed.length },
    };
  }
}
