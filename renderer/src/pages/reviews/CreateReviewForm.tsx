/**
 * The form that creates a review: two runs (or a run against the references), the family, the sample size, the
 * rubric, the reviewers, the seed and the share of pairs shown again swapped. Problems are shown at their field,
 * the contract's own checks first, then whatever the back end says (it names the field).
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { GenerationSet } from '../../../../preload/api-generation';
import { describePairs, repeatCount } from '../../../../preload/api-review';
import type { Run } from '../../../../preload/api-training';
import { call, CallFailed } from '../../client';
import { checkCreate, DEFAULTS, defaultCreateForm, fieldOfError, hasField, REFERENCES, type CreateForm, type Issues } from './createForm';
import { RubricEditor } from './RubricEditor';

function Field({
  label,
  path,
  issues,
  hint,
  children,
}: {
  label: string;
  path: string;
  issues: Issues;
  hint?: ReactNode;
  children: ReactNode;
}) {
  const issue = issues.get(path);
  return (
    <label className="field run-field" data-field={path}>
      <span className="field-label">{label}</span>
      {children}
      {issue && (
        <span className="field-error" data-testid={`rev-field-error-${path}`}>
          {issue}
        </span>
      )}
      {hint && <span className="hint">{hint}</span>}
    </label>
  );
}

/** How many outputs of the family a run has on the test split (its newest set, the one a review samples from). */
function testSetOf(sets: readonly GenerationSet[], runId: number, family: string): GenerationSet | undefined {
  return sets.filter((s) => s.runId === runId && s.family === family && s.split === 'test').sort((a, b) => b.id - a.id)[0];
}

export function CreateReviewForm({
  runs,
  sets,
  onCreated,
}: {
  runs: Run[];
  sets: GenerationSet[];
  onCreated: (reviewId: number, pairs: number, examples: number) => void;
}) {
  const [form, setForm] = useState<CreateForm>(defaultCreateForm);
  const [tried, setTried] = useState(false);
  const [serverIssue, setServerIssue] = useState<{ path: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const checked = useMemo(() => checkCreate(form), [form]);

  // Runs that can be reviewed on this family come first; the others say what they lack.
  const ready = useMemo(() => runs.filter((r) => testSetOf(sets, r.id, form.family)), [runs, sets, form.family]);
  const label = (r: Run): string => {
    const set = testSetOf(sets, r.id, form.family);
    const what = form.family === 'review' ? 'review summaries' : 'explanations';
    return `#${r.id} ${r.name} — ${set ? `${set.done} ${what} on test${set.status === 'done' ? '' : ` (${set.status})`}` : `no ${what} on test`}`;
  };
  const ordered = useMemo(() => [...ready, ...runs.filter((r) => !ready.includes(r))], [ready, runs]);

  // The first two runs that can be compared are picked for you.
  useEffect(() => {
    setForm((f) => {
      if (f.runA !== '' || ready.length === 0) return f;
      return { ...f, runA: String(ready[0]!.id), runB: ready[1] ? String(ready[1].id) : REFERENCES };
    });
  }, [ready]);

  useEffect(() => setServerIssue(null), [form]);

  // Problems show once the reviewer has tried to create (an untouched form is not an error).
  const issues: Issues = new Map(tried ? checked.issues : []);
  if (serverIssue) issues.set(serverIssue.path, serverIssue.message);
  const stray = [...issues].filter(([path]) => !hasField(path)).map(([path, message]) => `${path}: ${message}`);
  const formIssues = [issues.get('form'), ...stray].filter((m): m is string => Boolean(m));
  const update = (change: Partial<CreateForm>): void => setForm((f) => ({ ...f, ...change }));

  const submit = async (): Promise<void> => {
    setTried(true);
    if (busy || checked.args === null) return;
    setBusy(true);
    try {
      const r = await call('reviews.create', checked.args);
      setTried(false);
      setForm((f) => ({ ...defaultCreateForm(), runA: f.runA, runB: f.runB, family: f.family, rubric: f.rubric, reviewers: f.reviewers }));
      onCreated(r.reviewId, r.pairs, r.examples);
    } catch (e) {
      const path = e instanceof CallFailed ? fieldOfError(e.where?.field) : 'form';
      setServerIssue({ path, message: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };

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
        <button
          type="button"
          className="link-button"
          data-testid="rev-form-reset"
          onClick={() => (setForm(defaultCreateForm()), setTried(false))}
        >
          Reset
        </button>
      </div>
      <div className="run-grid">
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
          <Field
            label="Reviewers"
            path="reviewers"
            issues={issues}
            hint="Comma-separated names; empty lets anyone who gives a name review."
          >
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
