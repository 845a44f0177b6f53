/** What the review compares: the family, run A, and run B or the references (runs with outputs on test first). */
import type { Run } from '../../../../preload/api-training';
import { Field } from './CreateFormField';
import { REFERENCES, type CreateForm, type Issues } from './createForm';

interface ReviewRunFieldsProps {
  form: CreateForm;
  issues: Issues;
  ordered: readonly Run[];
  label: (r: Run) => string;
  update: (change: Partial<CreateForm>) => void;
}

export function ReviewRunFields({ form, issues, ordered, label, update }: ReviewRunFieldsProps) {
  return (
    <>
      <div className="run-wide">
        <Field label="Family" path="family" issues={issues}>
          <select
            value={form.family}
            data-testid="rev-family"
            onChange={(e) => update({ family: e.target.value === 'review' ? 'review' : 'explanation' })}
          >
            <option value="explanation">explanation</option>
            <option value="review">review summary</option>
          </select>
        </Field>
      </div>
      <div className="run-wide">
        <Field label="Run A" path="runA" issues={issues}>
          <select value={form.runA} data-testid="rev-run-a" onChange={(e) => update({ runA: e.target.value })}>
            {form.runA === '' && <option value="">pick a run</option>}
            {ordered.map((r) => (
              <option key={r.id} value={String(r.id)}>
                {label(r)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="run-wide">
        <Field label="Run B" path="runB" issues={issues} hint="Or compare run A with the references (the users' real texts).">
          <select value={form.runB} data-testid="rev-run-b" onChange={(e) => update({ runB: e.target.value })}>
            {form.runB === '' && <option value="">pick a run</option>}
            {ordered.map((r) => (
              <option key={r.id} value={String(r.id)}>
                {label(r)}
              </option>
            ))}
            <option value={REFERENCES}>the references</option>
          </select>
        </Field>
      </div>
    </>
  );
}
