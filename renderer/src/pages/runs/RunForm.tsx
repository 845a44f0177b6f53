/**
 * The new-run form: the settings, the JSON it amounts to (what `studio train --config` takes) with a copy button,
 * and Train. The draft is checked live against the contract's schema; what only the back end can judge (a source
 * run without a checkpoint, say) comes back from `runs.start` and is shown here, at the field it names.
 */
import { useState, type RefObject } from 'react';
import { submitOnCtrlEnter } from '../../hooks';
import type { Run } from '../../../../preload/api-training';
import type { RunForm as RunFormState } from './configForm';
import {
  BackendField,
  FamiliesSection,
  ItemIdsSection,
  ModelSection,
  PretrainSection,
  ScheduleSection,
  type SetForm,
} from './RunFormFields';
import { Field, SubmitRow } from './FormBits';
import { FromSection } from './RunFromSection';
import { sourcesOf, useRunForm } from './useRunForm';

interface Props {
  datasetId: number;
  form: RunFormState;
  setForm: SetForm;
  /** This dataset's runs (for "fine-tune from"); null while loading. */
  runs: Run[] | null | undefined;
  /** Says where the form's values came from after a duplicate. */
  note: string | null;
  onReset: () => void;
  onStarted: (runId: number, jobId: string, label: string) => void;
  formRef: RefObject<HTMLFormElement | null>;
}

/** The config as JSON (what `studio train --config` takes), with a copy button. */
function ConfigJson({ json, datasetId }: { json: string; datasetId: number }) {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(json);
      setCopied('Copied');
    } catch {
      setCopied('Copy failed: select the text and press Ctrl+C');
    }
    setTimeout(() => setCopied(null), 2500);
  };
  return (
    <details className="run-json" open>
      <summary>
        Configuration as JSON <span className="muted">(only what differs from the defaults)</span>
      </summary>
      <pre data-testid="run-config-json">{json}</pre>
      <div className="run-json-actions">
        <button type="button" className="button small" onClick={() => void copy()} data-testid="run-config-copy">
          Copy
        </button>
        {copied && <span className="hint">{copied}</span>}
        <span className="hint">
          for <code>studio train --dataset {datasetId} --config run.json</code>
        </span>
      </div>
    </details>
  );
}

export function RunForm({ datasetId, form, setForm, runs, note, onReset, onStarted, formRef }: Props) {
  const { json, issues, checkpoints, templates, idSets, unfed, starting, startError, start } = useRunForm(
    datasetId,
    form,
    setForm,
    onStarted,
  );
  return (
    <form
      ref={formRef}
      className="run-form"
      data-testid="run-form"
      aria-label="New run"
      onKeyDown={submitOnCtrlEnter(() => void start())}
      onSubmit={(e) => {
        e.preventDefault();
        void start();
      }}
    >
      <div className="run-form-head">
        <h2>New run</h2>
        <button type="button" className="link-button" onClick={onReset} data-testid="run-form-reset">
          Reset to defaults
        </button>
      </div>
      {note && (
        <p className="notice run-form-note" data-testid="run-form-note">
          {note}
        </p>
      )}
      <Field label="Name" path="name" issues={issues}>
        <input
          value={form.name}
          placeholder="run on this dataset"
          maxLength={120}
          data-testid="run-name"
          onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))}
        />
      </Field>
      <FamiliesSection form={form} set={setForm} issues={issues} templates={templates} unfed={unfed} />
      <ItemIdsSection form={form} set={setForm} issues={issues} datasetId={datasetId} sets={idSets ?? null} />
      <ModelSection form={form} set={setForm} issues={issues} />
      <ScheduleSection form={form} set={setForm} issues={issues} />
      <PretrainSection form={form} set={setForm} issues={issues} />
      <FromSection form={form} set={setForm} issues={issues} sources={sourcesOf(runs)} checkpoints={checkpoints} />
      <BackendField form={form} set={setForm} issues={issues} />
      <SubmitRow
        label="Train"
        busy={starting}
        testid="run-start"
        errorTestid="run-start-error"
        error={
          startError && (
            <>
              {startError.field && <span className="badge badge-field">{startError.field}</span>} {startError.message}
            </>
          )
        }
      />
      <ConfigJson json={json} datasetId={datasetId} />
    </form>
  );
}
