/**
 * The form that builds an identifier set: the scheme, then the options of that scheme only (semantic: the
 * quantizer; RQ-VAE: its training options), checked live against the contract's schema, with the equivalent
 * command line. Build starts a worker job; the page follows it.
 */
import { useMemo } from 'react';
import { call } from '../../client';
import { submitOnCtrlEnter } from '../../hooks';
import { Field, issueAt, SubmitRow, useStart } from '../runs/FormBits';
import { BuildNumber, SchemePicker, SemanticSection } from './BuildFields';
import {
  BUILD_DEFAULTS,
  buildCommand,
  checkBuild,
  defaultBuildForm,
  formToBuild,
  semanticDefaults,
  type BuildForm as BuildFormState,
  type SetBuildForm,
} from './buildForm';

interface Props {
  datasetId: number;
  items: number;
  form: BuildFormState;
  setForm: SetBuildForm;
  onStarted: (setId: number, jobId: string, label: string) => void;
}

export function BuildForm({ datasetId, items, form, setForm, onStarted }: Props) {
  const req = useMemo(() => formToBuild(form, datasetId), [form, datasetId]);
  const issues = useMemo(() => checkBuild(req), [req]);
  const semantic = form.scheme === 'semantic';
  const defaults = semanticDefaults(items);

  const {
    starting,
    error: startError,
    start,
  } = useStart(issues, form, async () => {
    const r = await call('itemids.build', req);
    onStarted(r.setId, r.jobId, `identifiers ${req.name ?? req.scheme}`);
  });

  const parts = { form, setForm, issues };
  return (
    <form
      className="run-form ids-form"
      data-testid="ids-form"
      aria-label="Build an identifier set"
      onKeyDown={submitOnCtrlEnter(start)}
      onSubmit={(e) => {
        e.preventDefault();
        start();
      }}
    >
      <div className="run-form-head">
        <h2>Build a set</h2>
        <button type="button" className="link-button" onClick={() => setForm(() => defaultBuildForm())} data-testid="ids-form-reset">
          Reset to defaults
        </button>
      </div>

      <SchemePicker {...parts} />

      <div className="run-grid">
        <Field label="Name" path="name" issues={issues} hint="a run's itemIds; the same name again makes a new version">
          <input
            value={form.name}
            placeholder={form.scheme}
            maxLength={60}
            data-testid="ids-name"
            aria-invalid={issueAt(issues, 'name') !== null || undefined}
            onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))}
          />
        </Field>
        <BuildNumber k="seed" label="Seed" placeholder={String(BUILD_DEFAULTS.seed)} {...parts} />
      </div>

      {semantic && <SemanticSection {...parts} items={items} defaults={defaults} />}

      <SubmitRow label="Build" busy={starting} testid="ids-build" error={startError} errorTestid="ids-build-error" />
      <details className="run-json">
        <summary>As a command</summary>
        <pre data-testid="ids-command">{buildCommand(req)}</pre>
      </details>
    </form>
  );
}
