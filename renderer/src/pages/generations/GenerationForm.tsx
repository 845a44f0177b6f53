/**
 * The form that starts a generation set: run and checkpoint, family, split, templates, limit, decoding and the
 * history rule. Settings the chosen templates do not use are disabled and the form says how each kind decodes.
 */
import { useMemo } from 'react';
import { submitOnCtrlEnter } from '../../hooks';
import { Family, type ExampleSplit, type Template } from '../../../../preload/api-templates';
import type { Run } from '../../../../preload/api-training';
import { call } from '../../client';
import { Field, issueAt, NumInput, Section, SubmitRow, TemplateChecklist, useStart } from '../runs/FormBits';
import { decodeKind, decodingSummary, usedSettings, type DecodeKind } from './decodingKinds';
import { useCheckpointSteps, useTemplates } from './genData';
import {
  checkStart,
  DECODING_DEFAULTS,
  defaultGenForm,
  effectiveDecoding,
  formToStart,
  METHODS,
  runFacts,
  SPLITS,
  type GenForm,
  type NumberKey,
} from './genForm';

export type SetGenForm = (change: (f: GenForm) => GenForm) => void;

interface Props {
  /** The dataset's runs that have a checkpoint. */
  runs: Run[];
  form: GenForm;
  setForm: SetGenForm;
  onStarted: (setId: number, jobId: string, label: string) => void;
}

const KIND_LABEL: Record<DecodeKind, string> = { item: 'item', choice: 'choice', free: 'text' };

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

      <Section title="Templates" testid="gen-templates">
        {templates === undefined ? (
          <span className="muted">Loading…</span>
        ) : (
          <TemplateChecklist
            templates={templates ?? []}
            picked={form.templates}
            onChange={(picked) => setForm((f) => ({ ...f, templates: picked }))}
            testid="gen-template"
            note={(t) => (
              <>
                <span className={`badge ${t.seen ? 'tpl-badge-seen' : 'tpl-badge-unseen'}`}>{t.seen ? 'seen' : 'unseen'}</span>
                <span className="gen-kind">{KIND_LABEL[decodeKind(t)]}</span>
              </>
            )}
          />
        )}
        {issueAt(issues, 'templates') && <span className="field-error">{issueAt(issues, 'templates')}</span>}
        <span className="hint">
          {form.templates.length === 0
            ? `None ticked: all ${templates?.length ?? ''} templates of the family.`
            : `${form.templates.length} ticked.`}{' '}
          Unseen templates were held out of training.
        </span>
      </Section>

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
