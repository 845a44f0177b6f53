/**
 * The new LUM run form (step 1, knowledge construction): the condition field picked from the dataset's item
 * fields, the size, how long to train, and the JSON it amounts to (what `studio lum train --config` reads). The
 * draft is checked live against the contract's schema; the back end's refusals come back at the field they name.
 */
import { useEffect, useMemo, useState } from 'react';
import { DEFAULT_LUM_STEPS, LUM_DEFAULTS, LUM_PRESETS, LumConfig, type LumPresetName } from '../../../../preload/api-lum';
import { WARMUP_FRACTION } from '../../../../preload/api-training';
import { call, CallFailed } from '../../client';
import { submitOnCtrlEnter } from '../../hooks';
import { Field, NumInput, Section, type Issues } from '../runs/FormBits';
import type { LumFields } from './lumData';

const NUMBERS = [
  'steps',
  'minutes',
  'batchSize',
  'learningRate',
  'temperature',
  'seed',
  'layers',
  'width',
  'heads',
  'ffn',
  'contextLength',
  'dropout',
  'warmupSteps',
  'weightDecay',
  'clipNorm',
  'checkpointEvery',
] as const;
type NumberKey = (typeof NUMBERS)[number];

export interface LumFormState {
  name: string;
  /** '' the default field, NONE no condition tokens, else a field name. */
  condition: string;
  preset: LumPresetName;
  length: 'steps' | 'minutes';
  backend: string;
  numbers: Record<NumberKey, string>;
}

export const NONE = '__none__';

export const emptyLumForm = (): LumFormState => ({
  name: '',
  condition: '',
  preset: 'small',
  length: 'steps',
  backend: 'auto',
  numbers: Object.fromEntries(NUMBERS.map((k) => [k, ''])) as Record<NumberKey, string>,
});

/** Only what differs from the defaults, numbers as numbers (a half-typed one stays text so the schema names it). */
export function lumFormToConfig(f: LumFormState): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (f.name.trim()) out.name = f.name.trim();
  if (f.condition === NONE) out.condition = null;
  else if (f.condition) out.condition = f.condition;
  if (f.preset !== 'small') out.preset = f.preset;
  for (const k of NUMBERS) {
    if ((k === 'steps' && f.length !== 'steps') || (k === 'minutes' && f.length !== 'minutes')) continue;
    const v = f.numbers[k].trim();
    if (v === '') continue;
    out[k] = Number.isFinite(Number(v)) ? Number(v) : v;
  }
  if (f.backend !== 'auto') out.backend = f.backend;
  return out;
}

function check(config: Record<string, unknown>): Map<string, string> {
  const r = LumConfig.safeParse(config);
  const issues = new Map<string, string>();
  if (!r.success) for (const i of r.error.issues) issues.set(i.path.map(String).join('.') || 'config', i.message);
  return issues;
}

interface Props {
  datasetId: number;
  fields: LumFields | null | undefined;
  form: LumFormState;
  setForm: (change: (f: LumFormState) => LumFormState) => void;
  onStarted: (runId: number, jobId: string, label: string) => void;
}

export function LumForm({ datasetId, fields, form, setForm, onStarted }: Props) {
  const [starting, setStarting] = useState(false);
  const [refusal, setRefusal] = useState<{ message: string; field: string | null } | null>(null);
  const config = useMemo(() => lumFormToConfig(form), [form]);
  const issues: Issues = useMemo(() => {
    const found = check(config);
    if (refusal?.field && !found.has(refusal.field)) found.set(refusal.field, refusal.message);
    return found;
  }, [config, refusal]);
  useEffect(() => setRefusal(null), [form]);
  const preset = LUM_PRESETS[form.preset];
  const num = (k: NumberKey, placeholder: string, label: string) => (
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

  const start = async (): Promise<void> => {
    if (starting) return;
    const first = [...check(config)][0];
    if (first) {
      setRefusal({ message: `${first[0]}: ${first[1]}`, field: first[0] });
      return;
    }
    setStarting(true);
    try {
      const r = await call('lum.start', { datasetId, config });
      onStarted(r.runId, r.jobId, form.name.trim() || `LUM run ${r.runId}`);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      setRefusal({ message, field: e instanceof CallFailed ? (e.where?.field ?? null) : null });
    } finally {
      setStarting(false);
    }
  };

  const defaultField = fields?.defaultField ?? null;
  return (
    <form
      className="run-form"
      data-testid="lum-form"
      aria-label="New LUM run"
      onKeyDown={submitOnCtrlEnter(() => void start())}
      onSubmit={(e) => {
        e.preventDefault();
        void start();
      }}
    >
      <div className="run-form-head">
        <h2>New LUM run</h2>
        <button type="button" className="link-button" onClick={() => setForm(() => emptyLumForm())} data-testid="lum-form-reset">
          Reset to defaults
        </button>
      </div>
      <Field label="Name" path="name" issues={issues}>
        <input
          value={form.name}
          maxLength={120}
          placeholder={`LUM ${form.preset}`}
          data-testid="lum-name"
          onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))}
        />
      </Field>
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
          {num('temperature', String(LUM_DEFAULTS.temperature), 'InfoNCE temperature')}
          {num('batchSize', String(LUM_DEFAULTS.batchSize), 'Rows per step')}
        </div>
      </Section>
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
          {form.length === 'steps' ? num('steps', String(DEFAULT_LUM_STEPS), 'Steps') : num('minutes', '5', 'Minutes')}
          {num('learningRate', String(LUM_DEFAULTS.learningRate), 'Learning rate')}
          {num('seed', String(LUM_DEFAULTS.seed), 'Seed')}
          {num('checkpointEvery', String(LUM_DEFAULTS.checkpointEvery), 'Checkpoint every')}
        </div>
      </Section>
      <details className="run-advanced">
        <summary>Advanced: shape, schedule, back end</summary>
        <div className="run-grid">
          {num('layers', `${preset.layers} (${form.preset})`, 'Layers')}
          {num('width', `${preset.width} (${form.preset})`, 'Width')}
          {num('heads', `${preset.heads} (${form.preset})`, 'Heads')}
          {num('ffn', `${preset.ffn} (${form.preset})`, 'Feed-forward')}
          {num('contextLength', `${preset.contextLength} (${form.preset})`, 'Tokens per row')}
          {num('dropout', String(LUM_DEFAULTS.dropout), 'Dropout')}
          {num('warmupSteps', `${WARMUP_FRACTION * 100}% of the steps`, 'Warm-up steps')}
          {num('weightDecay', String(LUM_DEFAULTS.weightDecay), 'Weight decay')}
          {num('clipNorm', String(LUM_DEFAULTS.clipNorm), 'Clip norm')}
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
      <div className="run-form-actions">
        <button type="submit" className="button primary" disabled={starting} data-testid="lum-start" title="Train (Ctrl/⌘+Enter)">
          {starting ? 'Starting…' : 'Train'}
        </button>
        <span className="hint">
          <kbd>Ctrl</kbd>/<kbd>⌘</kbd>+<kbd>Enter</kbd>
        </span>
      </div>
      {refusal && (
        <div className="error-box run-start-error" role="alert" data-testid="lum-start-error">
          {refusal.field && <span className="badge badge-field">{refusal.field}</span>} {refusal.message}
        </div>
      )}
      <details className="run-json">
        <summary>
          lum.json <span className="muted">(only what differs from the defaults)</span>
        </summary>
        <pre data-testid="lum-config-json">{JSON.stringify(config, null, 2)}</pre>
        <span className="hint">
          for <code>studio lum train --dataset {datasetId} --config lum.json</code>
        </span>
      </details>
    </form>
  );
}
