/** The rubric of a new review: criteria with names and descriptions, added, removed, or reset to the default three. */
import { DEFAULT_RUBRIC, type Criterion } from '../../../../preload/api-review';
import type { Issues } from './createForm';

/** `reviews.create` takes at most this many criteria (preload/api-review.ts). */
export const MAX_CRITERIA = 8;

export function RubricEditor({
  rubric,
  issues,
  onChange,
}: {
  rubric: Criterion[];
  issues: Issues;
  onChange: (rubric: Criterion[]) => void;
}) {
  const set = (k: number, change: Partial<Criterion>): void => onChange(rubric.map((c, i) => (i === k ? { ...c, ...change } : c)));
  const rubricIssue = issues.get('rubric');
  return (
    <div className="rev-rubric" data-testid="rev-rubric">
      {rubric.map((c, k) => {
        const nameIssue = issues.get(`rubric.${k}.name`);
        const descIssue = issues.get(`rubric.${k}.description`);
        return (
          <div className="rev-rubric-row" key={k} data-testid="rev-rubric-row">
            <input
              type="text"
              value={c.name}
              placeholder="name"
              aria-label={`Criterion ${k + 1} name`}
              aria-invalid={nameIssue ? true : undefined}
              maxLength={60}
              data-testid="rev-rubric-name"
              onChange={(e) => set(k, { name: e.target.value })}
            />
            <input
              type="text"
              value={c.description}
              placeholder="what a 5 means"
              aria-label={`Criterion ${k + 1} description`}
              aria-invalid={descIssue ? true : undefined}
              maxLength={320}
              data-testid="rev-rubric-description"
              onChange={(e) => set(k, { description: e.target.value })}
            />
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove criterion ${c.name || k + 1}`}
              title="Remove"
              disabled={rubric.length <= 1}
              data-testid="rev-rubric-remove"
              onClick={() => onChange(rubric.filter((_, i) => i !== k))}
            >
              ×
            </button>
            {(nameIssue ?? descIssue) && (
              <span className="field-error rev-rubric-error" data-testid={`rev-field-error-rubric.${k}`}>
                {nameIssue ?? descIssue}
              </span>
            )}
          </div>
        );
      })}
      {rubricIssue && (
        <span className="field-error" data-testid="rev-field-error-rubric">
          {rubricIssue}
        </span>
      )}
      <div className="rev-rubric-actions">
        <button
          type="button"
          className="button small"
          disabled={rubric.length >= MAX_CRITERIA}
          title={rubric.length >= MAX_CRITERIA ? `At most ${MAX_CRITERIA} criteria` : undefined}
          data-testid="rev-rubric-add"
          onClick={() => onChange([...rubric, { name: '', description: '' }])}
        >
          + Criterion
        </button>
        <button
          type="button"
          className="link-button small"
          data-testid="rev-rubric-reset"
          onClick={() => onChange(DEFAULT_RUBRIC.map((c) => ({ ...c })))}
        >
          Default rubric
        </button>
        <span className="hint">Each criterion is scored 1–5 for both outputs.</span>
      </div>
    </div>
  );
}
