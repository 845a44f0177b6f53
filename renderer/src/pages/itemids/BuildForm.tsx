/**
 * The form that builds an identifier set: the scheme, then the options of that scheme only (semantic: the
 * quantizer; RQ-VAE: its training options), checked live against the contract's schema, with the equivalent
 * command line. Build starts a worker job; the page follows it.
 */
import { useMemo } from 'react';
import { ITEM_ID_SCHEMES, type ItemIdScheme } from '../../../../preload/api-itemids';
import { call } from '../../client';
import { submitOnCtrlEnter } from '../../hooks';
import { Field, issueAt, NumInput, Section, SubmitRow, useStart } from '../runs/FormBits';
import {
  BUILD_DEFAULTS,
  buildCommand,
  checkBuild,
  defaultBuildForm,
  FLAGS,
  formToBuild,
  RQVAE_FLAGS,
  SCHEME_INFO,
  semanticDefaults,
  type BuildForm as BuildFormState,
  type Method,
} from './buildForm';

export type SetBuildForm = (change: (f: BuildFormState) => BuildFormState) => void;

interface Props {
  datasetId: number;
  items: number;
  form: BuildFormState;
  setForm: SetBuildForm;
  onStarted: (setId: number, jobId: string, label: string) => void;
}

const FLAG_LABEL: Record<(typeof FLAGS)[number] | (typeof RQVAE_FLAGS)[number], [string, string]> = {
  multiResolution: ['Multi-resolution codebooks', 'level l gets codebook / 2^l codes (PLUM)'],
  normalizeResiduals: ['Normalize residuals', 'each residual scaled to unit length before its level'],
  balanced: ['Balanced codebooks', 'every code of a level holds about as many items'],
  progressiveMasking: ['Progressive masking', 'train with only the first r levels, r drawn per batch (PLUM)'],
  contrastive: ['Co-occurrence contrastive loss', 'InfoNCE pulling items adjacent in sequences together (PLUM)'],
};

export function BuildForm({ datasetId, items, form, setForm, onStarted }: Props) {
  const req = useMemo(() => formToBuild(form, datasetId), [form, datasetId]);
  const issues = useMemo(() => checkBuild(req), [req]);
  const semantic = form.scheme === 'semantic';
  const defaults = semanticDefaults(items);

  const {
    starting,
    error: startError,
    start,
  } = useStart(issues, form, async () => {
    const r = await call('itemids.build', req);
    onStarted(r.setId, r.jobId, `identifiers ${req.name ?? req.scheme}`);
  });

  const number = (k: 'levels' | 'codebook' | 'contentWeight' | 'window' | 'seed', label: string, placeholder: string, hint?: string) => (
    <Field label={label} path={k} issues={issues} hint={hint}>
      <NumInput
        value={form[k]}
        placeholder={placeholder}
        invalid={issueAt(issues, k) !== null}
        testid={`ids-${k}`}
        onChange={(v) => setForm((f) => ({ ...f, [k]: v }))}
      />
    </Field>
  );
  const flag = (k: keyof typeof FLAG_LABEL) => (
    <label className="checkbox small" key={k} title={FLAG_LABEL[k][1]}>
      <input
        type="checkbox"
        checked={form.flags[k]}
        data-testid={`ids-${k}`}
        onChange={(e) => setForm((f) => ({ ...f, flags: { ...f.flags, [k]: e.target.checked } }))}
      />
      <span>
        {FLAG_LABEL[k][0]} <span className="hint">— {FLAG_LABEL[k][1]}</span>
      </span>
    </label>
  );

  return (
    <form
      className="run-form ids-form"
      data-testid="ids-form"
      aria-label="Build an identifier set"
      onKeyDown={submitOnCtrlEnter(start)}
      onSubmit={(e) => {
        e.preventDefault();
        start();
      }}
    >
      <div className="run-form-head">
        <h2>Build a set</h2>
        <button type="button" className="link-button" onClick={() => setForm(() => defaultBuildForm())} data-testid="ids-form-reset">
          Reset to defaults
        </button>
      </div>

      <fieldset className="run-section ids-schemes" data-testid="ids-scheme">
        <legend>Scheme</legend>
        {ITEM_ID_SCHEMES.map((s: ItemIdScheme) => (
          <label className="checkbox ids-scheme" key={s}>
            <input
              type="radio"
              name="ids-scheme"
              value={s}
              checked={form.scheme === s}
              data-testid={`ids-scheme-${s}`}
              onChange={() => setForm((f) => ({ ...f, scheme: s }))}
            />
            <span>
              <strong>{s}</strong>
              {s === 'semantic' && <span className="badge ids-recommended">recommended</span>}
              <span className="hint ids-scheme-info">{SCHEME_INFO[s]}</span>
            </span>
          </label>
        ))}
      </fieldset>

      <div className="run-grid">
        <Field label="Name" path="name" issues={issues} hint="a run's itemIds; the same name again makes a new version">
          <input
            value={form.name}
            placeholder={form.scheme}
            maxLength={60}
            data-testid="ids-name"
            aria-invalid={issueAt(issues, 'name') !== null || undefined}
            onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))}
          />
        </Field>
        {number('seed', 'Seed', String(BUILD_DEFAULTS.seed))}
      </div>

      {semantic && (
        <Section title="Quantizer (semantic)" testid="ids-semantic">
          <div className="run-grid">
            <Field label="Method" path="method" issues={issues}>
              <select
                value={form.method}
                data-testid="ids-method"
                onChange={(e) => setForm((f) => ({ ...f, method: e.target.value as Method }))}
              >
                <option value="rqkmeans">RQ-KMeans (residual k-means)</option>
                <option value="rqvae">RQ-VAE (trained quantizer)</option>
              </select>
            </Field>
            {number('contentWeight', 'Content weight', String(BUILD_DEFAULTS.contentWeight), '0: co-occurrence only, 1: content only')}
            {number('window', 'Co-occurrence window', String(BUILD_DEFAULTS.window), 'positions apart that count as together')}
            {number('levels', 'Levels', String(defaults.levels), 'before the collision digit')}
            {number('codebook', 'Codes per level', String(defaults.codebook), `≈ √${items} items, a power of two`)}
          </div>
          <div className="ids-flags">{FLAGS.map(flag)}</div>
          {form.method === 'rqvae' && (
            <div className="ids-flags" data-testid="ids-rqvae">
              <span className="field-label">RQ-VAE training</span>
              {RQVAE_FLAGS.map(flag)}
            </div>
          )}
        </Section>
      )}

      <SubmitRow label="Build" busy={starting} testid="ids-build" error={startError} errorTestid="ids-build-error" />
      <details className="run-json">
        <summary>As a command</summary>
        <pre data-testid="ids-command">{buildCommand(req)}</pre>
      </details>
    </form>
  );
}
