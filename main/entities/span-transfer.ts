/** Spans out to and in from the annotation tools' formats (Label Studio, Prodigy, doccano, CoNLL, Hugging Face). */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import {
  MACHINE_ANNOTATOR,
  type ExportPlan,
  type ExportResult,
  type ExportSelection,
  type ImportSpansResult,
  type Span,
  type SpanFormat,
  type SpanInput,
} from '../../preload/api-entities';
import { InputError } from '../errors';
import { FORMATS, FormatError, type ImportedDoc } from './formats';
import { ensureLabels } from './run';
import { SpanProblem, validateSpans } from './spans';
import { tallyOrigins } from './selection';
import type { RecordRow } from './sql';
import { alignTokens } from './tokens';
import { RecordRoom } from './room';

export class SpanTransfer extends RecordRoom {
  /** The records and spans an export with this selection writes, and whose spans they are. */
  private exportRecords(datasetId: number, selection: ExportSelection, annotator?: string) {
    if (selection === 'final') return this.store.chosenSpans(datasetId);
    const spans = this.store.spansOfDataset(datasetId);
    const who = selection === 'machine' ? MACHINE_ANNOTATOR : annotator!;
    return this.store.records(datasetId).flatMap((record) => {
      const chosen = spans.get(record.id)?.get(who) ?? (selection === 'machine' ? [] : undefined);
      return chosen ? [{ record, spans: chosen, from: who }] : [];
    });
  }

  /** What `export` would write — records, spans and whose — without writing it (the export dialog says it first). */
  exportPlan(datasetId: number, selection: ExportSelection, annotator?: string): ExportPlan {
    this.deps.dataset(datasetId);
    const chosen = this.exportRecords(datasetId, selection, annotator);
    const sources = tallyOrigins(chosen);
    return { records: chosen.length, spans: sources.reduce((n, s) => n + s.spans, 0), sources };
  }

  export(datasetId: number, format: SpanFormat, selection: ExportSelection, annotator?: string): ExportResult {
    const d = this.deps.dataset(datasetId);
    const chosen = this.exportRecords(datasetId, selection, annotator);
    const records = chosen.map(({ record: r, spans }) => ({ id: r.id, userExtId: r.user_ext, text: r.text, spans }));
    const mod = FORMATS[format];
    const { text, spans: count } = mod.write(records);
    const who = selection === 'annotator' ? annotator!.replace(/[^\p{L}\p{N}_-]/gu, '_') : selection;
    return {
      format,
      fileName: `${d.name}-${who}.${format}.${mod.extension}`,
      mime: mod.mime,
      records: records.length,
      spans: count,
      sources: tallyOrigins(chosen),
      text,
    };
  }

  importFile(datasetId: number, format: SpanFormat, fileId: string, annotator: string, addLabels: boolean): ImportSpansResult {
    const [path] = this.deps.staged([fileId]);
    return this.importText(datasetId, format, readFileSync(path!, 'utf8'), basename(path!), annotator, addLabels);
  }

  /** Imports a whole file in one transaction: every document is matched, checked and converted before anything is written. */
  importText(datasetId: number, format: SpanFormat, text: string, file: string, annotator: string, addLabels: boolean): ImportSpansResult {
    this.deps.dataset(datasetId);
    let docs: ImportedDoc[];
    try {
      docs = FORMATS[format].read(text);
    } catch (err) {
      if (err instanceof FormatError) throw new InputError(file, err.line, err.field, err.reason);
      throw err;
    }
    const records = this.store.records(datasetId);
    const byId = new Map(records.map((r) => [r.id, r]));
    const byText = new Map<string, RecordRow[]>();
    const byTokens = new Map<string, RecordRow[]>();
    const push = (m: Map<string, RecordRow[]>, k: string, r: RecordRow): void => {
      const l = m.get(k);
      if (l) l.push(r);
      else m.set(k, [r]);
    };
    for (const r of records) {
      push(byText, r.text, r);
      push(byTokens, r.text.replace(/\s+/gu, ''), r);
    }
    const rules = this.records.rules(datasetId);
    const labels = new Set(rules.labels);
    const added: string[] = [];
    const seen = new Map<number, number>();
    const writes: { record: RecordRow; spans: Span[] }[] = [];
    for (const doc of docs) {
      const record = this.matchRecord(doc, file, byId, byText, byTokens);
      const before = seen.get(record.id);
      if (before !== undefined)
        throw new InputError(file, doc.line, null, `record ${record.id} (user ${record.user_ext}) appears twice, also at ${before}`);
      seen.set(record.id, doc.line);
      if (doc.text !== undefined && doc.text !== record.text)
        throw new InputError(file, doc.line, 'text', `the text differs from record ${record.id} (user ${record.user_ext})`);
      const where: string[] = [];
      const inputs: SpanInput[] = doc.spans.map((s) => {
        where.push(s.field);
        return {
          start: s.start,
          end: s.end,
          label: s.label,
          source: s.source ?? 'human',
          ...(s.text !== undefined ? { text: s.text } : {}),
        };
      });
      if (doc.tokens && doc.tokenSpans) {
        const aligned = alignTokens(record.text, doc.tokens);
        if ('failedAt' in aligned) {
          throw new InputError(
            file,
            doc.line,
            `tokens[${aligned.failedAt}]`,
            `token ${JSON.stringify(doc.tokens[aligned.failedAt])} does not follow in record ${record.id} (user ${record.user_ext})`,
          );
        }
        for (const ts of doc.tokenSpans) {
          where.push(ts.field);
          inputs.push({ start: aligned.offsets[ts.first]!.start, end: aligned.offsets[ts.last]!.end, label: ts.label, source: 'human' });
        }
      }
      inputs.forEach((s, i) => {
        if (labels.has(s.label)) return;
        if (!addLabels)
          throw new InputError(
            file,
            doc.line,
            where[i]!,
            `record ${record.id} (user ${record.user_ext}): span ${i + 1} [${s.start},${s.end}) has unknown label "${s.label}"`,
          );
        labels.add(s.label);
        added.push(s.label);
      });
      try {
        writes.push({ record, spans: validateSpans(record.text, inputs, { labels, nesting: rules.nesting }) });
      } catch (err) {
        if (err instanceof SpanProblem)
          throw new InputError(file, doc.line, where[err.index] ?? null, `record ${record.id} (user ${record.user_ext}): ${err.message}`);
        throw err;
      }
    }
    const now = new Date().toISOString();
    let spans = 0;
    this.deps.db.transaction(() => {
      if (added.length > 0) ensureLabels(this.store, datasetId, added);
      for (const w of writes) {
        this.store.replaceSpans(w.record.id, annotator, w.spans, now);
        this.records.refreshStatus(w.record.id);
        spans += w.spans.length;
      }
    })();
    this.changed(datasetId);
    return { records: writes.length, spans, annotator, labelsAdded: added };
  }

  private matchRecord(
    doc: ImportedDoc,
    file: string,
    byId: Map<number, RecordRow>,
    byText: Map<string, RecordRow[]>,
    byTokens: Map<string, RecordRow[]>,
  ): RecordRow {
    if (doc.recordId !== undefined) {
      const r = byId.get(doc.recordId);
      if (!r) throw new InputError(file, doc.line, 'record_id', `record ${doc.recordId} is not a record of this dataset`);
      return r;
    }
    const candidates =
      doc.text !== undefined ? byText.get(doc.text) : doc.tokens ? byTokens.get(doc.tokens.join('').replace(/\s+/gu, '')) : undefined;
    if (!candidates || candidates.length === 0) {
      throw new InputError(
        file,
        doc.line,
        doc.text !== undefined ? 'text' : 'tokens',
        'no record of this dataset has this text (textualize the dataset first, or check the file)',
      );
    }
    return candidates.length === 1 ? candidates[0]! : candidates.shift()!;
  }
}
