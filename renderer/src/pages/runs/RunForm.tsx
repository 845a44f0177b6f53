/**
 * The new-run form: the settings, the JSON it amounts to (what `studio train --config` takes) with a copy button,
 * and Train. The draft is checked live against the contract's schema; what only the back end can judge (a source
 * run without a checkpoint, say) comes back from `runs.start` and is shown here, at the field it names.
 */
import { useEffect, useMemo, useState, type RefObject } from 'react';
import { submitOnCtrlEnter } from '../../hooks';
import type { Run } from '../../../../preload/api-training';
import { call, CallFailed } from '../../client';
import {
  checkConfig,
  fieldOfError,
  formToConfig,
  unfedFamilies,
  untickUnfed,
  type FamilyName,
  type RunForm as RunFormState,
} from './configForm';
import { useItemIdSets } from '../itemids/itemIdsData';
import { useTemplateList } from '../templates/data';
import {
  BackendField,
  FamiliesSection,
  FromSection,
  ItemIdsSection,
  ModelSection,
  PretrainSection,
  ScheduleSection,
  type SetForm,
} from './RunFormFields';
import { Field, SubmitRow } from './FormBits';

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

interface StartError {
  message: string;
  field: string | null;
}

/** Runs another can start from: any not running that wrote a checkpoint (`lastCheckpoint` says so without a fetch per run). */
const sourcesOf = (runs: Run[] | null | undefined): Run[] =>
  (runs ?? []).filter((r) => r.status !== 'running' && r.lastCheckpoint !== null);

/** The picked source's older checkpoint steps, for choosing one other than the last (one read, of that run only). */
function useSourceCheckpoints(runId: number | null): number[] | null {
  const [steps, setSteps] = useState<{ runId: number; steps: number[] } | null>(null);
  useEffect(() => {
    if (runId === null) return;
    let alive = true;
    call('runs.get', { id: runId }).then(
      (d) => alive && setSteps({ runId, steps: d.checkpoints.map((c) => c.step) }),
      () => alive && setSteps({ runId, steps: [] }),
    );
    return () => {
      alive = false;
    };
  }, [runId]);
  return steps?.runId === runId ? steps.steps : null;
}

/** Families this dataset cannot feed, with why (null while counting). */
function useUnfedFamilies(datasetId: number): Map<FamilyName, string> | null {
  const [unfed, setUnfed] = useState<{ datasetId: number; unfed: Map<FamilyName, string> } | null>(null);
  useEffect(() => {
    let alive = true;
    call('examples.counts', { datasetId, seed: 1 }).then(
      (c) => alive && setUnfed({ datasetId, unfed: unfedFamilies(c.data) }),
      () => alive && setUnfed({ datasetId, unfed: new Map() }),
    );
    return () => {
      alive = false;
    };
  }, [datasetId]);
  return unfed?.datasetId === datasetId ? unfed.unfed : null;
}

export function RunForm({ datasetId, form, setForm, runs, note, onReset, onStarted, formRef }: Props) {
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<StartError | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const config = useMemo(() => formToConfig(form), [form]);
  const json = useMemo(() => JSON.stringify(config, null, 2), [config]);
  const issues = useMemo(() => {
    const found = checkConfig(config);
    if (startError?.field && !found.has(startError.field)) found.set(startError.field, startError.message);
    return found;
  }, [config, startError]);
  const checkpoints = useSourceCheckpoints(form.fromRunId);
  const { templates } = useTemplateList();
  const idSets = useItemIdSets(datasetId);
  const unfed = useUnfedFamilies(datasetId);
  // A family the dataset cannot feed would be silently skipped: untick it (the section says why).
  useEffect(() => {
    if (unfed) setForm((f) => untickUnfed(f, unfed));
  }, [unfed, setForm, form.families]);

  // A changed form makes an old refusal stale.
  useEffect(() => setStartError(null), [form]);

  const start = async (): Promise<void> => {
    if (starting) return;
    const first = [...checkConfig(config)][0];
    if (first) {
      setStartError({ message: `${first[0]}: ${first[1]}`, field: first[0] });
      return;
    }
    setStarting(true);
    try {
      const r = await call('runs.start', { datasetId, config });
      onStarted(r.runId, r.jobId, form.name.trim() || `run ${r.runId}`);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      setStartError({ message, field: e instanceof CallFailed ? fieldOfError(message, e.where) : null });
    } finally {
      setStarting(false);
    }
  };

  const onKeyDown = submitOnCtrlEnter(() => void start());

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
    <form
      ref={formRef}
      className="run-form"
      data-testid="run-form"
      aria-label="New run"
      onKeyDown={onKeyDown}
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
    </form>
  );
}
