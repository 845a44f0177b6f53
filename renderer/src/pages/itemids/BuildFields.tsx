/** The identifier set form's parts: the scheme picker, a number field, a flag, and the semantic quantizer's section. */
import { ITEM_ID_SCHEMES, type ItemIdScheme } from '../../../../preload/api-itemids';
import { Field, issueAt, NumInput, Section, type Issues } from '../runs/FormBits';
import {
  BUILD_DEFAULTS,
  FLAGS,
  RQVAE_FLAGS,
  SCHEME_INFO,
  type BuildForm as BuildFormState,
  type Method,
  type SetBuildForm,
} from './buildForm';

/** The form, its setter and its problems: what every part needs. */
export interface BuildParts {
  form: BuildFormState;
  setForm: SetBuildForm;
  issues: Issues;
}

const FLAG_LABEL: Record<(typeof FLAGS)[number] | (typeof RQVAE_FLAGS)[number], [string, string]> = {
  multiResolution: ['Multi-resolution codebooks', 'level l gets codebook / 2^l codes (PLUM)'],
  normalizeResiduals: ['Normalize residuals', 'each residual scaled to unit length before its level'],
  balanced: ['Balanced codebooks', 'every code of a level holds about as many items'],
  progressiveMasking: ['Progressive masking', 'train with only the first r levels, r drawn per batch (PLUM)'],
  contrastive: ['Co-occurrence contrastive loss', 'InfoNCE pulling items adjacent in sequences together (PLUM)'],
};

type NumberKey = 'levels' | 'codebook' | 'contentWeight' | 'window' | 'seed';

export function BuildNumber({
  k,
  label,
  placeholder,
  hint,
  form,
  setForm,
  issues,
}: BuildParts & { k: NumberKey; label: string; placeholder: string; hint?: string }) {
  return (
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
}

function BuildFlag({ k, form, setForm }: BuildParts & { k: keyof typeof FLAG_LABEL }) {
  return (
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
}

export function SchemePicker({ form, setForm }: BuildParts) {
  return (
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
  );
}

export function SemanticSection(p: BuildParts & { items: number; defaults: { levels: number; codebook: number } }) {
  const { form, setForm, issues, items, defaults } = p;
  return (
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
        <BuildNumber
          k="contentWeight"
          label="Content weight"
          placeholder={String(BUILD_DEFAULTS.contentWeight)}
          hint={'0: co-occurrence only, 1: content only'}
          {...p}
        />
        <BuildNumber
          k="window"
          label="Co-occurrence window"
          placeholder={String(BUILD_DEFAULTS.window)}
          hint={'positions apart that count as together'}
          {...p}
        />
        <BuildNumber k="levels" label="Levels" placeholder={String(defaults.levels)} hint={'before the collision digit'} {...p} />
        <BuildNumber
          k="codebook"
          label="Codes per level"
          placeholder={String(defaults.codebook)}
          hint={`≈ √${items} items, a power of two`}
          {...p}
        />
      </div>
      <div className="ids-flags">
        {FLAGS.map((k) => (
          <BuildFlag key={k} k={k} {...p} />
        ))}
      </div>
      {form.method === 'rqvae' && (
        <div className="ids-flags" data-testid="ids-rqvae">
          <span className="field-label">RQ-VAE training</span>
          {RQVAE_FLAGS.map((k) => (
            <BuildFlag key={k} k={k} {...p} />
          ))}
        </div>
      )}
    </Section>
  );
}
