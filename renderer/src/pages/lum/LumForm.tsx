/**
 * The new LUM run form (step 1, knowledge construction): the condition field picked from the dataset's item
 * fields, the size, how long to train, and the JSON it amounts to (what `studio lum train --config` reads). The
 * draft is checked live against the contract's schema; the back end's refusals come back at the field they name.
 */
import { submitOnCtrlEnter } from '../../hooks';
import { Field } from '../runs/FormBits';
import type { LumFields } from './lumData';
import { emptyLumForm, type LumFormState } from './lumForm';
import { AdvancedSection, ConditionField, ModelSection, TrainingSection } from './LumFormSections';
import { useLumStart } from './useLumStart';

interface Props {
  datasetId: number;
  fields: LumFields | null | undefined;
  form: LumFormState;
  setForm: (change: (f: LumFormState) => LumFormState) => void;
  onStarted: (runId: number, jobId: string, label: string) => void;
}

export function LumForm({ datasetId, fields, form, setForm, onStarted }: Props) {
  const { config, issues, starting, refusal, start } = useLumStart(datasetId, form, onStarted);
  const parts = { form, setForm, issues };
  return (
    <form
      className="run-form"
      data-testid="lum-form"
      aria-label="New LUM run"
      onKeyDown={submitOnCtrlEnter(() => void start())}
      onSubmit={(e) => {
        e.preventDefault();
        void start();
      }}
    >
      <div className="run-form-head">
        <h2>New LUM run</h2>
        <button type="button" className="link-button" onClick={() => setForm(() => emptyLumForm())} data-testid="lum-form-reset">
          Reset to defaults
        </button>
      </div>
      <Field label="Name" path="name" issues={issues}>
        <input
          value={form.name}
          maxLength={120}
          placeholder={`LUM ${form.preset}`}
          data-testid="lum-name"
          onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))}
        />
      </Field>
      <ConditionField {...parts} fields={fields} />
      <ModelSection {...parts} />
      <TrainingSection {...parts} />
      <AdvancedSection {...parts} />
      <div className="run-form-actions">
        <button type="submit" className="button primary" disabled={starting} data-testid="lum-start" title="Train (Ctrl/⌘+Enter)">
          {starting ? 'Starting…' : 'Train'}
        </button>
        <span className="hint">
          <kbd>Ctrl</kbd>/<kbd>⌘</kbd>+<kbd>Enter</kbd>
        </span>
      </div>
      {refusal && (
        <div className="error-box run-start-error" role="alert" data-testid="lum-start-error">
          {refusal.field && <span className="badge badge-field">{refusal.field}</span>} {refusal.message}
        </div>
      )}
      <details className="run-json">
        <summary>
          lum.json <span className="muted">(only what differs from the defaults)</span>
        </summary>
        <pre data-testid="lum-config-json">{JSON.stringify(config, null, 2)}</pre>
        <span className="hint">
          for <code>studio lum train --dataset {datasetId} --config lum.json</code>
        </span>
      </details>
    </form>
  );
}
