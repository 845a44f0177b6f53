/**
 * The templates service: templates and versions, save-time checks, preview and matrix on a dataset's records,
 * warnings, YAML import/export, the built-in set and example counts. Implements the templates calls.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  ExampleCounts,
  ExampleSplit,
  Family,
  PreviewResult,
  RenderedText,
  Template,
  TemplateFields,
  TemplateProblem,
  TemplateWarning,
  TemplateVersion,
  TemplatesChanged,
} from '../../preload/api-templates';
import { sameTemplateFields } from '../../preload/api-templates';
import type { Db } from '../db/connection';
import { pieces } from '../entities/masks';
import { StudioError } from '../errors';
import type { StudioEvents } from '../events';
import { resourcesDir } from '../paths';
import { dataPoints, heldOutItems, type ExampleData } from './data';
import { compileSpec, countExamples, examplesOf, fills, renderExample, type TemplateSpec } from './examples';
import { FAMILIES, FAMILY_NUMBER, FAMILY_VARIABLES } from './families';
import { FILTERS, Rich, TemplateSyntaxError } from './lang/index';
import { loadExampleData } from './load';
import { TemplateStore, type StoredTemplate } from './sql';
import { checkTemplate, describeProblem } from './validate';
import { templateWarnings, type CheckedExample } from './warnings';
import { parseTemplateSet, TemplateFileError, writeTemplateSet, type TemplateEntry } from './yaml-format';

/** Until a run's tokenizer exists (#5), token counts use the entities page's stand-in pieces, and say so. */
export const PREVIEW_TOKENIZER = 'stand-in word pieces (≤6 code points); a run counts with its own tokenizer';
const WARNING_SAMPLE = 200;

export interface TemplateServiceDeps {
  db: Db;
  events: StudioEvents;
  dataset: (id: number) => { id: number; name: string };
}

const sameFields = sameTemplateFields;

const rendered = (r: Rich): RenderedText => ({
  text: r.text,
  spans: r.spans.map((s) => ({ start: s.start, end: s.end, label: s.label, ref: s.ref ?? null })),
  tokens: pieces(r.text).length,
});

export class TemplateService {
  readonly store: TemplateStore;
  private builtin: Map<string, TemplateEntry> | null = null;
  private readonly cache = new Map<number, ExampleData>();

  constructor(private readonly deps: TemplateServiceDeps) {
    this.store = new TemplateStore(deps.db);
    deps.events.on('datasets.changed', () => this.cache.clear());
    deps.events.on('entities.changed', (e) => this.cache.delete(e.datasetId));
  }

  /** Calls `listener` on each `templates.changed` event (the contract's payload); returns the unsubscribe. */
  onChanged(listener: (e: TemplatesChanged) => void): () => void {
    return this.deps.events.on('templates.changed', listener);
  }

  // ------------------------------------------------------------------------------------------------ built-in set

  builtinSet(): Map<string, TemplateEntry> {
    if (!this.builtin) {
      const file = join(resourcesDir(), 'templates', 'builtin.yaml');
      this.builtin = new Map(parseTemplateSet(readFileSync(file, 'utf8'), file).map((t) => [t.id, t]));
    }
    return this.builtin;
  }

  /** Seeds the built-in set once per workspace; a user who deletes templates later doesn't get them back unasked. */
  ensureBuiltin(): void {
    if (this.store.meta('templates.builtin_seeded')) return;
    this.store.transaction(() => {
      this.applyEntries([...this.builtinSet().values()], 'merge', 'built-in');
      this.store.setMeta('templates.builtin_seeded', new Date().toISOString());
    });
  }

  private withBuiltin(t: StoredTemplate): Template {
    const b = this.builtinSet().get(t.id);
    const { id: _id, ...fields } = b ?? { id: '' };
    return { ...t, builtin: b !== undefined && sameFields(t, fields as TemplateFields) };
  }

  // ------------------------------------------------------------------------------------------------ templates

  list(family?: Family): Template[] {
    return this.store.list(family).map((t) => this.withBuiltin(t));
  }

  private need(id: string): StoredTemplate {
    const t = this.store.get(id);
    if (!t) throw new StudioError('not_found', `no template ${id}`);
    return t;
  }

  get(id: string): { template: Template; versions: TemplateVersion[] } {
    return { template: this.withBuiltin(this.need(id)), versions: this.store.versions(id) };
  }

  check(fields: TemplateFields): { problems: TemplateProblem[]; variables: string[] } {
    const c = checkTemplate(fields);
    return { problems: c.problems, variables: c.variables };
  }

  private refuse(problems: TemplateProblem[]): never {
    const p = problems[0]!;
    throw new StudioError(
      'bad_input',
      `template not saved: ${describeProblem(p)}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`,
      { field: p.field, line: p.line },
    );
  }

  save(id: string | undefined, fields: TemplateFields, author: string): Template {
    const { problems } = checkTemplate(fields);
    if (problems.length) this.refuse(problems);
    const now = new Date().toISOString();
    const key = this.store.transaction(() => {
      if (id === undefined) {
        const number = this.store.nextNumber(fields.family);
        const key = `${FAMILY_NUMBER[fields.family]}-${number}`;
        this.store.write(key, number, fields, author, now);
        return key;
      }
      const current = this.need(id);
      if (current.family !== fields.family)
        throw new StudioError(
          'bad_input',
          `template ${id} belongs to the ${current.family} family; save a new template to use ${fields.family}`,
          { field: 'family' },
        );
      if (!sameFields(current, fields)) this.store.write(id, Number(id.split('-')[1]), fields, author, now);
      return id;
    });
    this.deps.events.emit('templates.changed', { ids: [key] });
    return this.withBuiltin(this.need(key));
  }

  revert(id: string, version: number): Template {
    this.need(id);
    const fields = this.store.version(id, version);
    if (!fields) throw new StudioError('not_found', `template ${id} has no version ${version}`);
    return this.save(id, fields, `revert to v${version}`);
  }

  delete(id: string): boolean {
    const deleted = this.store.delete(id);
    if (deleted) this.deps.events.emit('templates.changed', { ids: [id] });
    return deleted;
  }

  vocabulary(family: Family): {
    variables: { name: string; type: string; doc: string; label?: string }[];
    filters: { name: string; doc: string }[];
  } {
    return { variables: FAMILY_VARIABLES[family], filters: Object.entries(FILTERS).map(([name, f]) => ({ name, doc: f.doc })) };
  }

  // ------------------------------------------------------------------------------------------------ YAML

  export(ids?: string[]): { fileName: string; yaml: string; count: number } {
    const wanted = ids ? new Set(ids) : null;
    const list = this.store
      .list()
      .filter((t) => !wanted || wanted.has(t.id))
      .map((t) => this.withBuiltin(t));
    if (wanted && list.length !== wanted.size) {
      const missing = [...wanted].filter((id) => !list.some((t) => t.id === id));
      throw new StudioError('not_found', `no template ${missing.join(', ')}`);
    }
    return { fileName: 'templates.yaml', yaml: writeTemplateSet(list), count: list.length };
  }

  import(
    yaml: string,
    mode: 'merge' | 'replace',
    author: string,
    file = 'templates.yaml',
  ): { added: number; updated: number; unchanged: number; deleted: number } {
    let entries: TemplateEntry[];
    try {
      entries = parseTemplateSet(yaml, file);
    } catch (err) {
      if (err instanceof TemplateFileError)
        throw new StudioError('bad_input', err.message, { file: err.file, line: err.line, field: err.field });
      throw err;
    }
    for (const e of entries) {
      const { problems } = checkTemplate(e);
      if (problems.length) {
        const p = problems[0]!;
        throw new StudioError('bad_input', `${file}: template ${e.id}: ${describeProblem(p)}`, { file, field: `${e.id}.${p.field}` });
      }
    }
    const result = this.store.transaction(() => this.applyEntries(entries, mode, author));
    this.deps.events.emit('templates.changed', { ids: entries.map((e) => e.id) });
    return result;
  }

  restoreBuiltin(): { added: number; updated: number; unchanged: number; deleted: number } {
    const result = this.store.transaction(() => this.applyEntries([...this.builtinSet().values()], 'merge', 'built-in'));
    this.deps.events.emit('templates.changed', { ids: [...this.builtinSet().keys()] });
    return result;
  }

  private applyEntries(
    entries: readonly TemplateEntry[],
    mode: 'merge' | 'replace',
    author: string,
  ): { added: number; updated: number; unchanged: number; deleted: number } {
    const now = new Date().toISOString();
    let added = 0;
    let updated = 0;
    let unchanged = 0;
    let deleted = 0;
    for (const e of entries) {
      const { id, ...fields } = e;
      const current = this.store.get(id);
      if (current && current.family !== fields.family)
        throw new StudioError('bad_input', `template ${id} is ${current.family} here and ${fields.family} in the file`, {
          field: `${id}.family`,
        });
      if (!current) added++;
      else if (sameFields(current, fields)) {
        unchanged++;
        continue;
      } else updated++;
      this.store.write(id, Number(id.split('-')[1]), fields, author, now);
    }
    if (mode === 'replace') {
      const keep = new Set(entries.map((e) => e.id));
      for (const t of this.store.list()) if (!keep.has(t.id) && this.store.delete(t.id)) deleted++;
    }
    return { added, updated, unchanged, deleted };
  }

  // ------------------------------------------------------------------------------------------------ data

  /** A dataset's rows and textualized records, cached until the dataset or its records change. */
  data(datasetId: number): ExampleData {
    const hit = this.cache.get(datasetId);
    if (hit) return hit;
    const data = loadExampleData(this.deps.db, datasetId, this.deps.dataset(datasetId).name);
    this.cache.set(datasetId, data);
    return data;
  }

  specs(): TemplateSpec[] {
    return this.store.list().map((t) => compileSpec(t));
  }

  counts(datasetId: number, families: readonly Family[] | undefined, seed: number): ExampleCounts {
    const d = this.data(datasetId);
    const { counts, data } = countExamples(d, this.specs(), families ?? FAMILIES, seed);
    const notes = [
      'train: one seen template per data point, drawn with the seed; valid and test: every template on every data point',
      'yes/no templates give one positive and one negative per data point',
      'sequential and direct: leave-one-out by user (time order, ties in source order); rating, explanation, review: 80/10/10 by interaction, seeded',
    ];
    if (d.profiles.size === 0)
      notes.push('the dataset has no textualized records yet, so user_profile is empty (Entities page → Textualize)');
    for (const f of families ?? FAMILIES) {
      if (data.filter((x) => x.family === f).every((x) => x.count === 0))
        notes.push(
          `${f}: the dataset has no data for this family (${f === 'explanation' || f === 'review' ? 'no reviews' : 'no ratings or sequences'})`,
        );
    }
    return { datasetId, seed, counts, data, notes };
  }

  /** The data points a template can fill in a split: what the preview pages through. */
  private previewable(d: ExampleData, spec: TemplateSpec, split: ExampleSplit, seed: number): ReturnType<typeof dataPoints> {
    return dataPoints(d, spec.family, split, seed).filter((p) => fills(d, spec, p));
  }

  private checked(d: ExampleData, spec: TemplateSpec, split: ExampleSplit, seed: number, indices: readonly number[]): CheckedExample[] {
    const points = this.previewable(d, spec, split, seed);
    return indices.flatMap((index) => {
      const datum = points[index];
      if (!datum) return [];
      const variants = spec.paired ? [false, true] : [false];
      return variants.map((negative) => {
        const r = renderExample(d, { family: spec.family, split, datum, template: spec, negative }, seed);
        return {
          index,
          split,
          input: r.input,
          target: r.target,
          meta: r.meta,
          context: r.context,
          heldOut: heldOutItems(d.sequences.get(datum.user.id)!),
        };
      });
    });
  }

  private sampleIndices(total: number): number[] {
    if (total <= WARNING_SAMPLE) return Array.from({ length: total }, (_, i) => i);
    return Array.from({ length: WARNING_SAMPLE }, (_, k) => Math.floor((k * total) / WARNING_SAMPLE));
  }

  private warningsFor(d: ExampleData, spec: TemplateSpec, seed: number): TemplateWarning[] {
    const split: ExampleSplit = spec.seen ? 'train' : 'test';
    const total = this.previewable(d, spec, split, seed).length;
    return templateWarnings(spec, this.checked(d, spec, split, seed, this.sampleIndices(total)));
  }

  warnings(datasetId: number, id: string | undefined, seed: number): { id: string; warnings: TemplateWarning[] }[] {
    const d = this.data(datasetId);
    const list = id ? [this.need(id)] : this.store.list();
    return list.map((t) => ({ id: t.id, warnings: this.warningsFor(d, compileSpec(t), seed) }));
  }

  preview(
    datasetId: number,
    source: { id: string } | { fields: TemplateFields },
    split: ExampleSplit,
    index: number,
    seed: number,
  ): PreviewResult {
    const fields: TemplateFields = 'id' in source ? this.need(source.id) : source.fields;
    const empty: RenderedText = { text: '', spans: [], tokens: 0 };
    const base = {
      family: fields.family,
      split,
      index,
      total: 0,
      input: empty,
      target: empty,
      user: { id: 0, extId: '' },
      item: null,
      problems: [],
      warnings: [],
      tokenizer: PREVIEW_TOKENIZER,
    };
    const { problems } = checkTemplate(fields);
    if (problems.length) return { ...base, problems };
    const spec = compileSpec({ id: 'id' in source ? source.id : '0-0', ...fields });
    const d = this.data(datasetId);
    const points = this.previewable(d, spec, split, seed);
    if (points.length === 0) return base;
    const at = Math.min(index, points.length - 1);
    let examples: CheckedExample[];
    try {
      examples = this.checked(d, spec, split, seed, [at]);
    } catch (err) {
      if (err instanceof TemplateSyntaxError)
        return {
          ...base,
          total: points.length,
          index: at,
          problems: [{ field: 'input', line: err.line, column: err.column, message: err.reason }],
        };
      throw err;
    }
    const shown = examples[0]!;
    const datum = points[at]!;
    const item = shown.meta.itemId === null ? null : d.items.get(shown.meta.itemId)!;
    return {
      ...base,
      index: at,
      total: points.length,
      input: rendered(shown.input),
      target: rendered(shown.target),
      user: { id: datum.user.id, extId: datum.user.extId },
      item: item && { id: item.id, extId: item.extId, title: item.title ?? item.extId },
      warnings: templateWarnings(spec, examples),
    };
  }

  matrix(
    datasetId: number,
    index: number,
    seed: number,
  ): {
    index: number;
    total: number;
    user: { id: number; extId: string };
    cells: {
      id: string;
      family: Family;
      name: string;
      seen: boolean;
      input: RenderedText | null;
      target: RenderedText | null;
      error: string | null;
    }[];
  } {
    const d = this.data(datasetId);
    const users = d.users.filter((u) => (d.sequences.get(u.id)?.length ?? 0) > 0);
    if (users.length === 0) return { index: 0, total: 0, user: { id: 0, extId: '' }, cells: [] };
    const at = Math.min(index, users.length - 1);
    const user = users[at]!;
    const seq = d.sequences.get(user.id)!;
    const cells = this.store.list().map((t) => {
      const cell = { id: t.id, family: t.family, name: t.name, seen: t.seen, input: null, target: null, error: null };
      try {
        const spec = compileSpec(t);
        // The user's last interaction that the template can fill (for sequential/direct: the test target).
        const candidates = t.family === 'sequential' || t.family === 'direct' ? [seq.length - 1] : seq.map((_, i) => seq.length - 1 - i);
        const i = candidates.find((k) => k >= (t.family === 'sequential' ? 1 : 0) && fills(d, spec, { user, index: k }));
        if (i === undefined) return { ...cell, error: `this user has no data this template can fill (${t.family})` };
        const r = renderExample(d, { family: t.family, split: 'test', datum: { user, index: i }, template: spec, negative: false }, seed);
        return { ...cell, input: rendered(r.input), target: rendered(r.target) };
      } catch (err) {
        return { ...cell, error: (err as Error).message };
      }
    });
    return { index: at, total: users.length, user: { id: user.id, extId: user.extId }, cells };
  }

  /** Every example of a family and split, rendered (the trainer's input). */
  *examples(
    datasetId: number,
    family: Family,
    split: ExampleSplit,
    seed: number,
  ): Generator<{ template: string; seen: boolean; input: Rich; target: Rich; userId: number; itemId: number | null; negative: boolean }> {
    const d = this.data(datasetId);
    for (const ref of examplesOf(d, this.specs(), family, split, seed)) {
      const r = renderExample(d, ref, seed);
      yield {
        template: ref.template.id,
        seen: ref.template.seen,
        input: r.input,
        target: r.target,
        userId: r.meta.userId,
        itemId: r.meta.itemId,
        negative: ref.negative,
      };
    }
  }
}
