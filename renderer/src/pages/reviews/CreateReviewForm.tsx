/**
 * The form that creates a review: two runs (or a run against the references), the family, the sample size, the
 * rubric, the reviewers, the seed and the share of pairs shown again swapped. Problems are shown at their field,
 * the contract's own checks first, then whatever the back end says (it names the field).
 */
import type { GenerationSet } from '../../../../preload/api-generation';
import type { Run } from '../../../../preload/api-training';
import { ReviewRunFields } from './ReviewRunFields';
import { ReviewSampleFields } from './ReviewSampleFields';
import { RubricEditor } from './RubricEditor';
import { useCreateReview } from './useCreateReview';

interface CreateReviewFormProps {
  runs: Run[];
  sets: GenerationSet[];
  onCreated: (reviewId: number, pairs: number, examples: number) => void;
}

export function CreateReviewForm({ runs, sets, onCreated }: CreateReviewFormProps) {
  const { form, checked, ready, ordered, label, issues, formIssues, update, submit, reset, busy } = useCreateReview(runs, sets, onCreated);
  return (
    <form
      className="run-form rev-form"
      aria-label="New review"
      data-testid="rev-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="run-form-head">
        <h2>New review</h2>
        <button type="button" className="link-button" data-testid="rev-form-reset" onClick={reset}>
          Reset
        </button>
      </div>
      <div className="run-grid">
        <ReviewRunFields form={form} issues={issues} ordered={ordered} label={label} update={update} />
        <ReviewSampleFields form={form} issues={issues} checked={checked} update={update} />
      </div>
      <fieldset className="run-section">
        <legend>Rubric</legend>
        <RubricEditor rubric={form.rubric} issues={issues} onChange={(rubric) => update({ rubric })} />
      </fieldset>
      {formIssues.length > 0 && (
        <div className="error-box run-start-error" role="alert" data-testid="rev-field-error-form">
          {formIssues.map((m) => (
            <div key={m}>{m}</div>
          ))}
        </div>
      )}
      <div className="run-form-actions">
        <button type="submit" className="button primary" disabled={busy} data-testid="rev-create">
          {busy ? 'Creating…' : 'Create review'}
        </button>
        {runs.length > 0 && ready.length === 0 && (
          <span className="hint" data-testid="rev-form-none-ready">
            No run has {form.family === 'review' ? 'review summaries' : 'explanations'} on test yet.
          </span>
        )}
      </div>
    </form>
  );
}
