/** How the review samples and who judges: sample size, seed, swap share (with the pair count it makes), reviewers, name. */
import { describePairs, repeatCount } from '../../../../preload/api-review';
import { Field } from './CreateFormField';
import { DEFAULTS, type checkCreate, type CreateForm, type Issues } from './createForm';

interface ReviewSampleFieldsProps {
  form: CreateForm;
  issues: Issues;
  checked: ReturnType<typeof checkCreate>;
  update: (change: Partial<CreateForm>) => void;
}

export function ReviewSampleFields({ form, issues, checked, update }: ReviewSampleFieldsProps) {
  return (
    <>
      <Field label="Sample size" path="size" issues={issues} hint="stratified by template, seen/unseen, rating">
        <input
          type="text"
          inputMode="numeric"
          value={form.size}
          placeholder={String(DEFAULTS.size)}
          aria-invalid={issues.has('size') || undefined}
          data-testid="rev-size"
          onChange={(e) => update({ size: e.target.value })}
        />
      </Field>
      <Field label="Seed" path="seed" issues={issues}>
        <input
          type="text"
          inputMode="numeric"
          value={form.seed}
          placeholder={String(DEFAULTS.seed)}
          aria-invalid={issues.has('seed') || undefined}
          data-testid="rev-seed"
          onChange={(e) => update({ seed: e.target.value })}
        />
      </Field>
      <div className="run-wide">
        <Field
          label="Swap share"
          path="swapShare"
          issues={issues}
          hint="0–0.5: pairs shown again with the sides swapped, to measure consistency"
        >
          <input
            type="text"
            inputMode="decimal"
            value={form.swapShare}
            placeholder={String(DEFAULTS.swapShare)}
            aria-invalid={issues.has('swapShare') || undefined}
            data-testid="rev-swap-share"
            onChange={(e) => update({ swapShare: e.target.value })}
          />
        </Field>
        {checked.args && (
          <p className="hint" data-testid="rev-pair-count">
            The review will hold{' '}
            {describePairs(
              checked.args.size ?? DEFAULTS.size,
              repeatCount(checked.args.size ?? DEFAULTS.size, checked.args.swapShare ?? DEFAULTS.swapShare),
            )}{' '}
            (fewer if the runs share fewer examples).
          </p>
        )}
      </div>
      <div className="run-wide">
        <Field label="Reviewers" path="reviewers" issues={issues} hint="Comma-separated names; empty lets anyone who gives a name review.">
          <input
            type="text"
            value={form.reviewers}
            placeholder="anyone"
            aria-invalid={issues.has('reviewers') || undefined}
            data-testid="rev-reviewers"
            onChange={(e) => update({ reviewers: e.target.value })}
          />
        </Field>
      </div>
      <div className="run-wide">
        <Field label="Name" path="name" issues={issues} hint="Shown to reviewers: do not name the runs.">
          <input
            type="text"
            value={form.name}
            placeholder="a neutral name is made for you"
            maxLength={140}
            data-testid="rev-name"
            onChange={(e) => update({ name: e.target.value })}
          />
        </Field>
      </div>
    </>
  );
}
