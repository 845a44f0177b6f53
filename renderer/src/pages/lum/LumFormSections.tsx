/** The sections of the new LUM run form: the condition field, the model's size, how long to train, the advanced shape. */
import { DEFAULT_LUM_STEPS, LUM_DEFAULTS, LUM_PRESETS, type LumPresetName } from '../../../../preload/api-lum';
import { WARMUP_FRACTION } from '../../../../preload/api-training';
import { Field, NumInput, Section, type Issues } from '../runs/FormBits';
import type { LumFields } from './lumData';
import { NONE, type LumFormState, type NumberKey } from './lumForm';

/** The form, its setter and its problems: what every section of the form needs. */
export interface LumFormParts {
  form: LumFormState;
  setForm: (change: (f: LumFormState) => LumFormState) => void;
  issues: Issues;
}

/** A number field of the form (empty: the default, shown as the placeholder). */
function Num({ k, placeholder, label, form, setForm, issues }: LumFormParts & { k: NumberKey; placeholder: string; label: string }) {
  return (
    <Field label={label} path={k} issues={issues}>
      <NumInput
        value={form.numbers[k]}
        placeholder={placeholder}
        invalid={issues.has(k)}
        testid={`lum-${k}`}
        onChange={(v) => setForm((f) => ({ ...f, numbers: { ...f.numbers, [k]: v } }))}
      />
    </Field>
  );
}

export function ConditionField({ form, setForm, issues, fields }: LumFormParts & { fields: LumFields | null | undefined }) {
  const defaultField = fields?.defaultField ?? null;
  return (
    <Field
      label="Condition"
      path="condition"
      issues={issues}
      hint="Each behaviour becomes a (condition, item) pair: the condition is the next item's value of this field."
    >
      <select value={form.condition} data-testid="lum-condition" onChange={(e) => setForm((f) => ({ ...f, condition: e.target.value }))}>
        <option value="">{defaultField ? `default: ${defaultField}` : 'default (the dataset has no categorical item field)'}</option>
        {(fields?.fields ?? []).map((x) => (
          <option key={x.field} value={x.field}>
            {x.field} — {x.distinct} values (
            {x.top
              .slice(0, 3)
              .map((t) => t.value)
              .join(', ')}
            …)
          </option>
        ))}
        <option value={NONE}>none — no condition tokens (the paper's ablation)</option>
      </select>
    </Field>
  );
}

export function ModelSection(p: LumFormParts) {
  const { form, setForm, issues } = p;
  const preset = LUM_PRESETS[form.preset];
  return (
    <Section title="Model">
      <Field
        label="Size"
        path="preset"
        issues={issues}
        hint={`${form.preset}: ${preset.layers} layer${preset.layers === 1 ? '' : 's'}, width ${preset.width}, ${preset.heads} heads, feed-forward ${preset.ffn}, ${preset.contextLength} tokens per row`}
      >
        <select
          value={form.preset}
          data-testid="lum-preset"
          onChange={(e) => setForm((f) => ({ ...f, preset: e.target.value as LumPresetName }))}
        >
          {Object.keys(LUM_PRESETS).map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </Field>
      <div className="run-grid">
        <Num k="temperature" placeholder={String(LUM_DEFAULTS.temperature)} label="InfoNCE temperature" {...p} />
        <Num k="batchSize" placeholder={String(LUM_DEFAULTS.batchSize)} label="Rows per step" {...p} />
      </div>
    </Section>
  );
}

export function TrainingSection(p: LumFormParts) {
  const { form, setForm } = p;
  return (
    <Section title="Training">
      <div className="run-length" role="radiogroup" aria-label="Train for">
        {(['steps', 'minutes'] as const).map((m) => (
          <label key={m} className="checkbox">
            <input
              type="radio"
              name="lum-length"
              checked={form.length === m}
              data-testid={`lum-length-${m}`}
              onChange={() => setForm((f) => ({ ...f, length: m }))}
            />{' '}
            {m}
          </label>
        ))}
      </div>
      <div className="run-grid">
        {form.length === 'steps' ? (
          <Num k="steps" placeholder={String(DEFAULT_LUM_STEPS)} label="Steps" {...p} />
        ) : (
          <Num k="minutes" placeholder="5" label="Minutes" {...p} />
        )}
        <Num k="learningRate" placeholder={String(LUM_DEFAULTS.learningRate)} label="Learning rate" {...p} />
        <Num k="seed" placeholder={String(LUM_DEFAULTS.seed)} label="Seed" {...p} />
        <Num k="checkpointEvery" placeholder={String(LUM_DEFAULTS.checkpointEvery)} label="Checkpoint every" {...p} />
      </div>
    </Section>
  );
}

export function AdvancedSection(p: LumFormParts) {
  const { form, setForm, issues } = p;
  const preset = LUM_PRESETS[form.preset];
  return (
    <details className="run-advanced">
      <summary>Advanced: shape, schedule, back end</summary>
      <div className="run-grid">
        <Num k="layers" placeholder={`${preset.layers} (${form.preset})`} label="Layers" {...p} />
        <Num k="width" placeholder={`${preset.width} (${form.preset})`} label="Width" {...p} />
        <Num k="heads" placeholder={`${preset.heads} (${form.preset})`} label="Heads" {...p} />
        <Num k="ffn" placeholder={`${preset.ffn} (${form.preset})`} label="Feed-forward" {...p} />
        <Num k="contextLength" placeholder={`${preset.contextLength} (${form.preset})`} label="Tokens per row" {...p} />
        <Num k="dropout" placeholder={String(LUM_DEFAULTS.dropout)} label="Dropout" {...p} />
        <Num k="warmupSteps" placeholder={`${WARMUP_FRACTION * 100}% of the steps`} label="Warm-up steps" {...p} />
        <Num k="weightDecay" placeholder={String(LUM_DEFAULTS.weightDecay)} label="Weight decay" {...p} />
        <Num k="clipNorm" placeholder={String(LUM_DEFAULTS.clipNorm)} label="Clip norm" {...p} />
        <Field label="Back end" path="backend" issues={issues}>
          <select value={form.backend} data-testid="lum-backend" onChange={(e) => setForm((f) => ({ ...f, backend: e.target.value }))}>
            {['auto', 'tfjs-node-gpu', 'tfjs-node', 'native', 'wasm', 'cpu'].map((b) => (
              <option key={b} value={b}>
                {b === 'auto' ? 'auto (fastest that loads)' : b}
              </option>
            ))}
          </select>
        </Field>
      </div>
    </details>
  );
}
