/** The sections of the new-run form: families and templates, item identifiers, model, schedule, pretraining, back end (fine-tuning from a run is in RunFromSection). */
import type { ItemIdSet } from '../../../../preload/api-itemids';
import type { Template } from '../../../../preload/api-templates';
import { DEFAULT_STEPS, FAMILY_NAMES } from '../../../../preload/api-training';
import { hrefFor } from '../../route';
import { templateOrder } from '../generations/genData';
import {
  BACKENDS,
  OBJECTIVES,
  PRESET_NAMES,
  presetValue,
  SHAPE_KEYS,
  type Backend,
  type Preset,
  type RunForm,
  type ScalarKey,
  type ShapeKey,
  type SpanOrder,
  familyOfTemplate,
} from './configForm';
import { Field, issueAt, NumInput, Section, TemplateChecklist, type Issues } from './FormBits';

export type SetForm = (change: (f: RunForm) => RunForm) => void;

export interface FieldsProps {
  form: RunForm;
  set: SetForm;
  issues: Issues;
}

const SHAPE_LABEL: Record<ShapeKey, string> = {
  layers: 'Layers',
  width: 'Width',
  heads: 'Heads',
  ffn: 'Feed-forward',
  contextLength: 'Context length',
  vocabSize: 'Vocabulary',
};
function Scalar({ k, label, hint, ...p }: FieldsProps & { k: ScalarKey; label: string; hint?: string }) {
  return (
    <Field label={label} path={k} issues={p.issues} hint={hint}>
      <NumInput
        value={p.form.scalars[k]}
        onChange={(v) => p.set((f) => ({ ...f, scalars: { ...f.scalars, [k]: v } }))}
        invalid={issueAt(p.issues, k) !== null}
        testid={`run-${k}`}
      />
    </Field>
  );
}

export function FamiliesSection({
  form,
  set,
  issues,
  templates,
  unfed,
}: FieldsProps & { templates: Template[] | null; unfed: ReadonlyMap<string, string> | null }) {
  const familiesIssue = issueAt(issues, 'families');
  return (
    <Section title="Task families and mixture weights" testid="run-families">
      <div className="run-families">
        {FAMILY_NAMES.map((name) => {
          const fam = form.families[name];
          const path = `familyWeights.${name}`;
          const why = unfed?.get(name);
          return (
            <div className="run-family" key={name} title={why ? `Not trainable: ${why}` : undefined}>
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={fam.on}
                  disabled={why !== undefined}
                  data-testid={`run-family-${name}`}
                  onChange={(e) => set((f) => ({ ...f, families: { ...f.families, [name]: { ...fam, on: e.target.checked } } }))}
                />
                {name}
              </label>
              <NumInput
                value={fam.weight}
                disabled={!fam.on}
                label={`${name} weight`}
                invalid={issueAt(issues, path) !== null}
                testid={`run-weight-${name}`}
                onChange={(v) => set((f) => ({ ...f, families: { ...f.families, [name]: { ...fam, weight: v } } }))}
              />
            </div>
          );
        })}
      </div>
      {unfed && unfed.size > 0 && (
        <p className="notice" data-testid="run-families-unfed">
          {[...unfed].map(([f, why]) => `${f}: ${why}`).join('; ')} — unticked, since nothing would train them.
          {(unfed.has('explanation') || unfed.has('review')) &&
            ' To train them, import a dataset with reviews (Amazon reviews, a CSV with a review column).'}
        </p>
      )}
      {familiesIssue && <span className="field-error">families: {familiesIssue}</span>}
      {issueAt(issues, 'familyWeights') && <span className="field-error">weights: {issueAt(issues, 'familyWeights')}</span>}
      <span className="hint">
        Seen templates only; unseen ones are held out. Weights are relative (a family drawn twice as often at 2).
      </span>
      <TemplatePicker form={form} set={set} issues={issues} templates={templates} />
    </Section>
  );
}

/** Seen templates of the ticked families to fine-tune on; none ticked is all of them. */
function TemplatePicker({ form, set, issues, templates }: FieldsProps & { templates: Template[] | null }) {
  const on = FAMILY_NAMES.filter((x) => form.families[x].on);
  const offered = (templates ?? [])
    .filter((t) => t.seen && on.includes(t.family))
    .sort((a, b) => templateOrder(a.id) - templateOrder(b.id));
  const ticked = form.templates.filter((id) => on.includes(familyOfTemplate(id) as (typeof on)[number]));
  const issue = issueAt(issues, 'templates');
  return (
    <details className="run-advanced run-templates" data-testid="run-templates" open={ticked.length > 0 || issue !== null}>
      <summary>Templates: {ticked.length === 0 ? 'every seen template of these families' : `${ticked.length} ticked`}</summary>
      {templates === null ? (
        <span className="muted">Loading…</span>
      ) : (
        <TemplateChecklist
          templates={offered}
          picked={form.templates}
          onChange={(picked) => set((f) => ({ ...f, templates: picked }))}
          testid="run-template"
          note={(t) => <span className="gen-kind">{t.family}</span>}
        />
      )}
      {issue && (
        <span className="field-error" data-testid="run-field-error-templates">
          templates: {issue}
        </span>
      )}
      {ticked.length > 0 && (
        <button type="button" className="link-button" onClick={() => set((f) => ({ ...f, templates: [] }))}>
          Untick all (every seen template)
        </button>
      )}
    </details>
  );
}

/** The identifier set items are written with: the dataset's finished sets by name (a run takes a name's newest version). */
export function ItemIdsSection({ form, set, issues, datasetId, sets }: FieldsProps & { datasetId: number; sets: ItemIdSet[] | null }) {
  const newest = new Map<string, ItemIdSet>();
  for (const s of sets ?? []) if (s.status === 'done' && (newest.get(s.name)?.version ?? 0) < s.version) newest.set(s.name, s);
  const named = form.itemIds && !newest.has(form.itemIds) ? form.itemIds : null;
  return (
    <Section title="Items as tokens" testid="run-itemids-section">
      <Field
        label="Item identifiers"
        path="itemIds"
        issues={issues}
        hint={
          <>
            {newest.size === 0 ? 'No finished set on this dataset yet: ' : 'A set writes each item as its codes; '}
            <a href={hrefFor({ page: 'itemids', datasetId, setId: null })}>build sets on the Item IDs page</a>.
          </>
        }
      >
        <select value={form.itemIds} data-testid="run-itemIds" onChange={(e) => set((f) => ({ ...f, itemIds: e.target.value }))}>
          <option value="">titles (each item as its title)</option>
          {[...newest.values()].map((s) => (
            <option key={s.name} value={s.name}>
              {s.name} — v{s.version}, {s.scheme}
              {s.stats?.tokensPerItem ? `, ${s.stats.tokensPerItem} token${s.stats.tokensPerItem === 1 ? '' : 's'} per item` : ''}
            </option>
          ))}
          {named && <option value={named}>{named} (no finished set of that name here)</option>}
        </select>
      </Field>
    </Section>
  );
}

export function ModelSection({ form, set, issues }: FieldsProps) {
  return (
    <Section title="Model" testid="run-model">
      <div className="run-grid">
        <Field label="Size preset" path="preset" issues={issues}>
          <select value={form.preset} data-testid="run-preset" onChange={(e) => set((f) => ({ ...f, preset: e.target.value as Preset }))}>
            {PRESET_NAMES.map((p) => (
              <option key={p} value={p}>
                {p} — {presetValue(p, 'layers')} layers × {presetValue(p, 'width')}
              </option>
            ))}
          </select>
        </Field>
        <Scalar k="dropout" label="Dropout" form={form} set={set} issues={issues} />
      </div>
      <details className="run-advanced" data-testid="run-advanced" open={SHAPE_KEYS.some((k) => form.shape[k] !== '')}>
        <summary>Advanced: explicit shape (overrides the preset)</summary>
        <div className="run-grid">
          {SHAPE_KEYS.map((k) => (
            <Field key={k} label={SHAPE_LABEL[k]} path={k} issues={issues}>
              <NumInput
                value={form.shape[k]}
                placeholder={`${presetValue(form.preset, k)} (${form.preset})`}
                invalid={issueAt(issues, k) !== null}
                testid={`run-${k}`}
                onChange={(v) => set((f) => ({ ...f, shape: { ...f.shape, [k]: v } }))}
              />
            </Field>
          ))}
        </div>
        <span className="hint" data-testid="run-preset-shape">
          {form.preset}: {SHAPE_KEYS.map((k) => `${SHAPE_LABEL[k].toLowerCase()} ${presetValue(form.preset, k)}`).join(', ')}. Width must
          divide by heads. The run&apos;s detail shows the shape it resolved to.
        </span>
      </details>
    </Section>
  );
}

export function ScheduleSection({ form, set, issues }: FieldsProps) {
  const byEpochs = form.length === 'epochs';
  return (
    <Section title="Schedule" testid="run-schedule">
      <div className="run-length" role="radiogroup" aria-label="Train for">
        <label className="checkbox small">
          <input
            type="radio"
            name="run-length"
            checked={!byEpochs}
            data-testid="run-length-steps"
            onChange={() => set((f) => ({ ...f, length: 'steps' }))}
          />{' '}
          steps
        </label>
        <label className="checkbox small">
          <input
            type="radio"
            name="run-length"
            checked={byEpochs}
            data-testid="run-length-epochs"
            onChange={() => set((f) => ({ ...f, length: 'epochs' }))}
          />{' '}
          epochs
        </label>
      </div>
      <div className="run-grid">
        {byEpochs ? (
          <Field label="Epochs" path="epochs" issues={issues} hint="over the training examples">
            <NumInput
              value={form.epochs}
              placeholder="1"
              invalid={issueAt(issues, 'epochs') !== null}
              testid="run-epochs"
              onChange={(v) => set((f) => ({ ...f, epochs: v }))}
            />
          </Field>
        ) : (
          <Field label="Fine-tuning steps" path="steps" issues={issues}>
            <NumInput
              value={form.steps}
              placeholder={String(DEFAULT_STEPS)}
              invalid={issueAt(issues, 'steps') !== null}
              testid="run-steps"
              onChange={(v) => set((f) => ({ ...f, steps: v }))}
            />
          </Field>
        )}
        <Field label="Time budget (minutes)" path="minutes" issues={issues} hint="steps sized to fit; ends then, with a checkpoint">
          <NumInput
            value={form.minutes}
            placeholder="none"
            invalid={issueAt(issues, 'minutes') !== null}
            testid="run-minutes"
            onChange={(v) => set((f) => ({ ...f, minutes: v }))}
          />
        </Field>
        <Scalar k="batchSize" label="Batch size" form={form} set={set} issues={issues} />
        <Scalar k="learningRate" label="Learning rate" hint="peak; cosine decay after warm-up" form={form} set={set} issues={issues} />
        <Field label="Warm-up steps" path="warmupSteps" issues={issues}>
          <NumInput
            value={form.warmupSteps}
            placeholder="5% of all steps"
            invalid={issueAt(issues, 'warmupSteps') !== null}
            testid="run-warmupSteps"
            onChange={(v) => set((f) => ({ ...f, warmupSteps: v }))}
          />
        </Field>
        <Scalar k="weightDecay" label="Weight decay" form={form} set={set} issues={issues} />
        <Scalar k="clipNorm" label="Gradient clip (norm)" form={form} set={set} issues={issues} />
        <Scalar k="seed" label="Seed" form={form} set={set} issues={issues} />
        <Scalar k="checkpointEvery" label="Checkpoint every" hint="steps" form={form} set={set} issues={issues} />
      </div>
    </Section>
  );
}

export function PretrainSection({ form, set, issues }: FieldsProps) {
  const off = Number(form.scalars.pretrainSteps.trim() || '0') === 0;
  return (
    <Section title="Pretraining (blank infilling)" testid="run-pretrain">
      <div className="run-grid">
        <Scalar k="pretrainSteps" label="Pretraining steps" hint="0: fine-tuning only" form={form} set={set} issues={issues} />
        <Field
          label="Span order"
          path="spanOrder"
          issues={issues}
          hint={form.spanOrder === 'glm' ? 'shuffled, GLM ids' : 'chronological, entity ids'}
        >
          <select
            value={form.spanOrder}
            disabled={off}
            data-testid="run-spanOrder"
            onChange={(e) => set((f) => ({ ...f, spanOrder: e.target.value as SpanOrder }))}
          >
            <option value="recsysllm">recsysllm</option>
            <option value="glm">glm</option>
          </select>
        </Field>
        {OBJECTIVES.map((k) => (
          <Field key={k} label={`[${k}] share`} path={`objectives.${k}`} issues={issues}>
            <NumInput
              value={form.objectives[k]}
              disabled={off}
              invalid={issueAt(issues, `objectives.${k}`) !== null}
              testid={`run-objective-${k}`}
              onChange={(v) => set((f) => ({ ...f, objectives: { ...f.objectives, [k]: v } }))}
            />
          </Field>
        ))}
      </div>
    </Section>
  );
}

export function BackendField({ form, set, issues }: FieldsProps) {
  return (
    <Field
      label="Compute back end"
      path="backend"
      issues={issues}
      hint="auto: the fastest that loads; a named rung must load or the run fails"
    >
      <select value={form.backend} data-testid="run-backend" onChange={(e) => set((f) => ({ ...f, backend: e.target.value as Backend }))}>
        {BACKENDS.map((b) => (
          <option key={b} value={b}>
            {b}
          </option>
        ))}
      </select>
    </Field>
  );
}
