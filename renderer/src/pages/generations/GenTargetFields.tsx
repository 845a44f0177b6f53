/** What a generation set decodes: run and checkpoint, split, family (untrained ones say so), limit. */
import { Family, type ExampleSplit } from '../../../../preload/api-templates';
import type { Run } from '../../../../preload/api-training';
import { Field, issueAt, NumInput, type Issues } from '../runs/FormBits';
import { defaultGenForm, SPLITS, type GenForm, type SetGenForm } from './genForm';

interface GenTargetFieldsProps {
  runs: Run[];
  run: Run | null;
  steps: number[] | null | undefined;
  trained: readonly string[];
  form: GenForm;
  setForm: SetGenForm;
  issues: Issues;
}

export function GenTargetFields({ runs, run, steps, trained, form, setForm, issues }: GenTargetFieldsProps) {
  return (
    <div className="run-grid">
      <Field label="Run" path="runId" issues={issues} className="run-wide">
        <select
          value={form.runId === null ? '' : String(form.runId)}
          data-testid="gen-run"
          onChange={(e) => {
            const next = runs.find((r) => r.id === Number(e.target.value)) ?? null;
            setForm(() => defaultGenForm(next));
          }}
        >
          {form.runId === null && <option value="">pick a run</option>}
          {runs.map((r) => (
            <option key={r.id} value={r.id}>
              #{r.id} {r.name} ({r.status}, checkpoint at step {r.lastCheckpoint})
            </option>
          ))}
        </select>
      </Field>
      <Field
        label="Checkpoint"
        path="checkpoint"
        issues={issues}
        hint={steps && steps.length > 1 ? 'the newest three are kept' : undefined}
      >
        <select
          value={form.checkpoint}
          data-testid="gen-checkpoint"
          onChange={(e) => setForm((f) => ({ ...f, checkpoint: e.target.value }))}
        >
          <option value="">last{run && run.lastCheckpoint !== null ? ` (step ${run.lastCheckpoint})` : ''}</option>
          {(steps ?? []).map((s) => (
            <option key={s} value={String(s)}>
              step {s}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Split" path="split" issues={issues}>
        <select
          value={form.split}
          data-testid="gen-split"
          onChange={(e) => setForm((f) => ({ ...f, split: e.target.value as ExampleSplit }))}
        >
          {SPLITS.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Family" path="family" issues={issues}>
        <select
          value={form.family}
          data-testid="gen-family"
          onChange={(e) => setForm((f) => ({ ...f, family: e.target.value as Family, templates: [] }))}
        >
          {Family.options.map((fam) => (
            <option key={fam} value={fam}>
              {fam}
              {trained.includes(fam) ? '' : ' (not trained)'}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Limit" path="limit" issues={issues} hint="the first N examples">
        <NumInput
          value={form.limit}
          placeholder="all"
          invalid={issueAt(issues, 'limit') !== null}
          testid="gen-limit"
          onChange={(v) => setForm((f) => ({ ...f, limit: v }))}
        />
      </Field>
    </div>
  );
}
