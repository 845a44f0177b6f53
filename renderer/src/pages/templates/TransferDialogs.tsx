/** Moving template sets in and out: export as YAML (a download), import a YAML file (merge or replace), restore the built-in set. */
import { useState } from 'react';
import type { CallResult } from '../../../../preload/api';
import { call, CallFailed } from '../../client';
import { Dialog } from '../../components/Dialog';
import { describeWhere, useReportError } from '../../errors';
import { fmtInt } from '../../format';
import { downloadText } from '../entities/shared';

type SetResult = CallResult<'templates.import'>;

/** Exports every template and downloads the file; returns how many it held. */
export async function exportTemplates(): Promise<number> {
  const r = await call('templates.export', {});
  downloadText(r.fileName, 'application/yaml', r.yaml);
  return r.count;
}

function Counts({ result, testid }: { result: SetResult; testid: string }) {
  return (
    <p className="ok" data-testid={testid}>
      {fmtInt(result.added)} added · {fmtInt(result.updated)} updated (as new versions) · {fmtInt(result.unchanged)} unchanged ·{' '}
      {fmtInt(result.deleted)} deleted
    </p>
  );
}

type Mode = 'merge' | 'replace';

/** Merge or replace; replacing asks to be understood first (it deletes what the file does not hold). */
function ImportMode(p: { mode: Mode; setMode: (m: Mode) => void; confirmed: boolean; setConfirmed: (c: boolean) => void }) {
  const { mode, setMode, confirmed, setConfirmed } = p;
  return (
    <>
      <fieldset className="tpl-import-mode">
        <legend className="field-label">Mode</legend>
        <label className="checkbox">
          <input
            type="radio"
            name="tpl-import-mode"
            checked={mode === 'merge'}
            onChange={() => setMode('merge')}
            data-testid="tpl-import-merge"
          />
          <span>Merge — add new ids; changed templates get a new version; the rest stays.</span>
        </label>
        <label className="checkbox">
          <input
            type="radio"
            name="tpl-import-mode"
            checked={mode === 'replace'}
            onChange={() => setMode('replace')}
            data-testid="tpl-import-replace"
          />
          <span>Replace — as merge, and delete every template the file does not hold.</span>
        </label>
      </fieldset>
      {mode === 'replace' && (
        <label className="checkbox notice">
          <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} data-testid="tpl-import-confirm" />
          <span>I understand that templates missing from the file are deleted, with their versions.</span>
        </label>
      )}
    </>
  );
}

/** Reads the picked file and imports it; a file the back end refuses is shown with where (line, field) it failed. */
function useTemplateImport() {
  const report = useReportError();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<SetResult | null>(null);
  const [failure, setFailure] = useState<{ message: string; where: string | null } | null>(null);
  const run = async (file: File | null, mode: Mode) => {
    if (!file) return;
    setBusy(true);
    setFailure(null);
    setResult(null);
    try {
      const yaml = await file.text();
      setResult(await call('templates.import', { yaml, mode }));
    } catch (e) {
      if (e instanceof CallFailed && e.code === 'bad_input') setFailure({ message: e.message, where: describeWhere(e.where) });
      else report(e, 'Importing templates');
    } finally {
      setBusy(false);
    }
  };
  const clear = () => {
    setResult(null);
    setFailure(null);
  };
  return { busy, result, failure, run, clear };
}

export function ImportTemplatesDialog({ onClose }: { onClose: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<Mode>('merge');
  const [confirmed, setConfirmed] = useState(false);
  const { busy, result, failure, run, clear } = useTemplateImport();
  return (
    <Dialog
      title="Import templates from YAML"
      onClose={onClose}
      testid="tpl-import-dialog"
      backdropCloses={false}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {result ? 'Close' : 'Cancel'}
          </button>
          <button
            type="button"
            className={`button ${mode === 'replace' ? 'danger-solid' : 'primary'}`}
            onClick={() => void run(file, mode)}
            disabled={!file || busy || (mode === 'replace' && !confirmed)}
            data-testid="tpl-import-run"
          >
            {busy ? 'Importing…' : mode === 'replace' ? 'Replace the set' : 'Import'}
          </button>
        </>
      }
    >
      <p className="hint">
        A file exported from a studio (format recsys-studio-templates). Everything is imported in one go, or nothing is.
      </p>
      <label className="field">
        <span className="field-label">File</span>
        <input
          type="file"
          accept=".yaml,.yml,application/yaml,text/yaml"
          className="file-input"
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            clear();
          }}
          data-testid="tpl-import-file"
        />
      </label>
      <ImportMode mode={mode} setMode={setMode} confirmed={confirmed} setConfirmed={setConfirmed} />
      {result && <Counts result={result} testid="tpl-import-result" />}
      {failure && (
        <div className="error-box" role="alert" data-testid="tpl-import-error">
          Not imported: {failure.message}
          {failure.where && <div className="error-where-line">{failure.where}</div>}
        </div>
      )}
    </Dialog>
  );
}

export function RestoreBuiltinDialog({ onClose }: { onClose: () => void }) {
  const report = useReportError();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<SetResult | null>(null);
  const run = async () => {
    setBusy(true);
    try {
      setResult(await call('templates.restoreBuiltin', {}));
    } catch (e) {
      report(e, 'Restoring the built-in set');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title="Restore the built-in set?"
      onClose={onClose}
      testid="tpl-restore-builtin-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {result ? 'Close' : 'Cancel'}
          </button>
          {!result && (
            <button
              type="button"
              className="button danger-solid"
              onClick={() => void run()}
              disabled={busy}
              data-testid="tpl-restore-builtin-confirm"
            >
              {busy ? 'Restoring…' : 'Restore'}
            </button>
          )}
        </>
      }
    >
      <p>
        Every built-in template (1-1 … 5-8) goes back to its built-in text. A changed one is saved as a new version, so your edits stay in
        its history; deleted ones come back. Templates you added keep their text.
      </p>
      {result && <Counts result={result} testid="tpl-restore-builtin-result" />}
    </Dialog>
  );
}
