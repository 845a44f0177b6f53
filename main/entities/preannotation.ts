/** Machine spans from pattern files and the catalog (item titles, attribute and feature values). */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { MACHINE_ANNOTATOR, type PreannotateResult, type Span } from '../../preload/api-entities';
import { InputError } from '../errors';
import { catalogPatterns, parsePatterns, PatternError, PatternMatcher, type Pattern } from './patterns';
import { CodePoints, mergeSpans } from './spans';
import { labelFor, formatValue } from './textualize';
import { RecordRoom } from './room';

export class Preannotation extends RecordRoom {
  preannotate(datasetId: number, patternFile: string | undefined, catalog: boolean): PreannotateResult {
    this.deps.dataset(datasetId);
    const rules = this.records.rules(datasetId);
    const known = rules.labels!;
    let patterns: Pattern[] = [];
    if (patternFile !== undefined) {
      const [path] = this.deps.staged([patternFile]);
      const file = basename(path!);
      try {
        patterns = parsePatterns(readFileSync(path!, 'utf8'));
      } catch (err) {
        if (err instanceof PatternError) throw new InputError(file, err.line, err.field, err.reason);
        throw err;
      }
      for (const p of patterns)
        if (!known.has(p.label)) throw new InputError(file, p.line, 'label', `unknown label "${p.label}" (add it to the label set first)`);
    }
    const catalogList = catalog ? catalogPatterns(this.catalogValues(datasetId)).filter((p) => known.has(p.label)) : [];
    const sources: { matcher: PatternMatcher; source: 'pattern' | 'catalog' }[] = [];
    if (patterns.length > 0) sources.push({ matcher: new PatternMatcher(patterns), source: 'pattern' });
    if (catalogList.length > 0) sources.push({ matcher: new PatternMatcher(catalogList), source: 'catalog' });
    const result: PreannotateResult = { records: 0, pattern: 0, catalog: 0, skipped: 0 };
    const spans = this.store.spansOfDataset(datasetId);
    const now = new Date().toISOString();
    const touched: number[] = [];
    this.deps.db.transaction(() => {
      for (const r of this.store.records(datasetId)) {
        const cps = new CodePoints(r.text);
        const candidates: Span[] = [];
        for (const { matcher, source } of sources) {
          for (const m of matcher.match(cps)) candidates.push({ ...m, source });
        }
        if (candidates.length === 0) continue;
        const existing = spans.get(r.id)?.get(MACHINE_ANNOTATOR) ?? [];
        const merged = mergeSpans(cps, existing, candidates, rules);
        result.skipped += merged.skipped;
        if (merged.added.length === 0) continue;
        for (const a of merged.added) result[a.source as 'pattern' | 'catalog']++;
        this.store.replaceSpans(r.id, MACHINE_ANNOTATOR, merged.spans, now);
        result.records++;
        touched.push(r.id);
      }
    })();
    if (touched.length > 0) this.changed(datasetId);
    return result;
  }

  /** Every item title (ITEM, linked to the item) and every item attribute and user feature value, with its label. */
  private *catalogValues(datasetId: number): Generator<{ label: string; value: string; ref?: Span['ref'] & object }> {
    for (const item of this.store.items(datasetId).values()) {
      if (item.title) yield { label: 'ITEM', value: item.title, ref: { kind: 'item', id: item.id, field: 'title' } };
      for (const [k, v] of Object.entries(item.attrs)) {
        const values = Array.isArray(v) ? v.map(formatValue) : [formatValue(v)];
        for (const value of values) if (value) yield { label: labelFor('item', k), value };
      }
    }
    for (const user of this.store.users(datasetId)) {
      for (const [k, v] of Object.entries(user.features)) {
        const value = formatValue(v);
        if (value) yield { label: labelFor('user', k), value };
      }
    }
  }
}
