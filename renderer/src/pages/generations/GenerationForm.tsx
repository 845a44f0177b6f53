/**
 * The form that starts a generation set: run and checkpoint, family, split, templates, limit, decoding and the
 * history rule. Settings the chosen templates do not use are disabled and the form says how each kind decodes.
 */
import { useMemo } from 'react';
import { submitOnCtrlEnter } from '../../hooks';
import type { Template } from '../../../../preload/api-templates';
import type { Run } from '../../../../preload/api-training';
import { call } from '../../client';
import { SubmitRow, useStart } from '../runs/FormBits';
import { decodeKind, decodingSummary, usedSettings } from './decodingKinds';
import { GenDecoding } from './GenDecoding';
import { useCheckpointSteps, useTemplates } from './genData';
import { checkStart, defaultGenForm, effectiveDecoding, formToStart, runFacts, type GenForm, type SetGenForm } from './genForm';
import { GenTargetFields } from './GenTargetFields';
import { GenTemplates } from './GenTemplates';

interface Props {
  /** The dataset's runs that have a checkpoint. */
  runs: Run[];
  form: GenForm;
  setForm: SetGenForm;
  onStarted: (setId: number, jobId: string, label: string) => void;
}

export function GenerationForm({ runs, form, setForm, onStarted }: Props) {
  const run = runs.find((r) => r.id === form.runId) ?? null;
  const steps = useCheckpointSteps(form.runId);
  const templates = useTemplates(form.family);
  const args = useMemo(() => formToStart(form), [form]);
  const issues = useMemo(() => checkStart(args), [args]);
  const trained = run ? runFacts(run).families : [];

  const chosen: Template[] = useMemo(() => {
    const all = templates ?? [];
    return form.templates.length ? all.filter((t) => form.templates.includes(t.id)) : all;
  }, [templates, form.templates]);
  const kinds = useMemo(() => new Set(chosen.map(decodeKind)), [chosen]);
  const used = usedSettings(kinds, form.method);
  const summary = decodingSummary(kinds, effectiveDecoding(form));

  const {
    starting,
    error: startError,
    start,
  } = useStart(issues, form, async () => {
    if (args === null) return;
    const r = await call('generations.start', args);
    onStarted(r.setId, r.jobId, `${form.family} · ${form.split} · run ${args.runId}`);
  });

  const onKeyDown = submitOnCtrlEnter(start);

  return (
    <form
      className="run-form gen-form"
      data-testid="gen-form"
      aria-label="New generation set"
      onKeyDown={onKeyDown}
      onSubmit={(e) => {
        e.preventDefault();
        start();
      }}
    >
      <div className="run-form-head">
        <h2>Generate</h2>
        <button type="button" className="link-button" onClick={() => setForm(() => defaultGenForm(run))} data-testid="gen-form-reset">
          Reset
        </button>
      </div>
      <GenTargetFields runs={runs} run={run} steps={steps} trained={trained} form={form} setForm={setForm} issues={issues} />
      <GenTemplates templates={templates} form={form} setForm={setForm} issues={issues} />
      <GenDecoding form={form} setForm={setForm} issues={issues} kinds={kinds} used={used} summary={summary} />
      <label className="checkbox">
        <input
          type="checkbox"
          checked={form.excludeHistory}
          disabled={!kinds.has('item')}
          data-testid="gen-exclude-history"
          onChange={(e) => setForm((f) => ({ ...f, excludeHistory: e.target.checked }))}
        />
        Never recommend an item already in the user&apos;s history
      </label>

      <SubmitRow
        label="Generate"
        busy={starting}
        disabled={args === null}
        testid="gen-start"
        error={startError}
        errorTestid="gen-start-error"
      />
    </form>
  );
}
