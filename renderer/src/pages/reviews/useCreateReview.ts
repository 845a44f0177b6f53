/**
 * The new-review form's state: the fields as typed, the runs that can be reviewed on the family (first two picked for
 * you), the problems at their fields (the contract's checks once tried, then the back end's), and creating.
 */
import { useEffect, useMemo, useState } from 'react';
import type { GenerationSet } from '../../../../preload/api-generation';
import type { Run } from '../../../../preload/api-training';
import { call, CallFailed } from '../../client';
import { checkCreate, defaultCreateForm, fieldOfError, hasField, REFERENCES, type CreateForm, type Issues } from './createForm';

/** How many outputs of the family a run has on the test split (its newest set, the one a review samples from). */
function testSetOf(sets: readonly GenerationSet[], runId: number, family: string): GenerationSet | undefined {
  return sets.filter((s) => s.runId === runId && s.family === family && s.split === 'test').sort((a, b) => b.id - a.id)[0];
}

export function useCreateReview(
  runs: Run[],
  sets: GenerationSet[],
  onCreated: (reviewId: number, pairs: number, examples: number) => void,
) {
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

  const reset = (): void => {
    setForm(defaultCreateForm());
    setTried(false);
  };
  return { form, checked, ready, ordered, label, issues, formIssues, update, submit, reset, busy };
}
