/** The decoding settings (those the chosen templates do not use are disabled) and how each kind will decode. */
import { Field, issueAt, NumInput, Section, type Issues } from '../runs/FormBits';
import type { DecodeKind } from './decodingKinds';
import { DECODING_DEFAULTS, METHODS, type GenForm, type NumberKey, type SetGenForm } from './genForm';

interface GenDecodingProps {
  form: GenForm;
  setForm: SetGenForm;
  issues: Issues;
  kinds: ReadonlySet<DecodeKind>;
  used: ReadonlySet<string>;
  summary: readonly string[];
}

export function GenDecoding({ form, setForm, issues, kinds, used, summary }: GenDecodingProps) {
  const numberField = (k: NumberKey, label: string, hint?: string) => (
    <Field label={label} path={`decoding.${k}`} issues={issues} hint={hint}>
      <NumInput
        value={form[k]}
        placeholder={String(DECODING_DEFAULTS[k])}
        disabled={!used.has(k)}
        invalid={issueAt(issues, `decoding.${k}`) !== null}
        testid={`gen-${k}`}
        onChange={(v) => setForm((f) => ({ ...f, [k]: v }))}
      />
    </Field>
  );

  return (
    <Section title="Decoding" testid="gen-decoding">
      <div className="run-grid">
        <Field label="Method" path="decoding.method" issues={issues} hint={used.has('method') ? undefined : 'no free-text template'}>
          <select
            value={form.method}
            disabled={!used.has('method')}
            data-testid="gen-method"
            onChange={(e) => setForm((f) => ({ ...f, method: e.target.value as GenForm['method'] }))}
          >
            {METHODS.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </Field>
        {numberField('width', 'Beam width', kinds.has('item') ? 'items returned (10–20)' : undefined)}
        {numberField(
          'coldShare',
          'Cold items share',
          'identifier sets: 1 place in every 1/share for items no training sequence holds; 0: off',
        )}
        {numberField('maxTokens', 'Max tokens')}
        {numberField('temperature', 'Temperature')}
        {numberField('topK', 'Top-k', '0: off')}
        {numberField('topP', 'Top-p', '1: off')}
        {numberField('seed', 'Sampling seed')}
      </div>
      <ul className="gen-decoding-summary" data-testid="gen-decoding-summary">
        {summary.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </Section>
  );
}
