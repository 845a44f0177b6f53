/** Pre-annotation (patterns file and/or catalog), export (download) and import (upload) of spans. */
import { useState } from 'react';
import type { StagedFile } from '../../../../preload/api';
import { describeExport, type ImportSpansResult, type PreannotateResult, type SpanFormat } from '../../../../preload/api-entities';
import { call, CallFailed, isElectron, uploadFile } from '../../client';
import { Dialog } from '../../components/Dialog';
import { describeWhere } from '../../errors';
import { fmtInt } from '../../format';
import { ExportFields, FormatSelect, useExportPlan, type ExportSelection } from './exportParts';
import { downloadText } from './shared';

function errorText(e: unknown): string {
  if (e instanceof CallFailed) {
    const where = describeWhere(e.where);
    return where ? `${e.message} — ${where}` : e.message;
  }
  return e instanceof Error ? e.message : String(e);
}

/** One dialog action at a time: busy while it runs, its error shown (with where, for bad input) instead of thrown. */
function useAction(): {
  busy: boolean;
  error: string | null;
  setError: (m: string | null) => void;
  perform: (fn: () => Promise<void>) => Promise<void>;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const perform = async (fn: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(errorText(e));
    }
    setBusy(false);
  };
  return { busy, error, setError, perform };
}

/** Choose one file: uploaded in serve mode, picked natively in the desktop window. */
function FileChooser({
  file,
  onFile,
  onError,
  testid,
  accept,
}: {
  file: StagedFile | null;
  onFile: (f: StagedFile | null) => void;
  onError: (m: string) => void;
  testid: string;
  accept: string;
}) {
  const [busy, setBusy] = useState(false);
  if (isElectron) {
    return (
      <div className="ent-file">
        <button
          type="button"
          className="button small"
          onClick={() =>
            void call('files.pick', {}).then(
              (picked) => onFile(picked[0] ?? null),
              (e: unknown) => onError(errorText(e)),
            )
          }
          data-testid={`${testid}-pick`}
        >
          Choose file…
        </button>
        {file && <span data-testid={`${testid}-name`}>{file.name}</span>}
      </div>
    );
  }
  return (
    <div className="ent-file">
      <input
        type="file"
        accept={accept}
        data-testid={`${testid}-input`}
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (!f) return onFile(null);
          setBusy(true);
          uploadFile(f).then(
            (staged) => {
              setBusy(false);
              onFile(staged);
            },
            (err: unknown) => {
              setBusy(false);
              onError(errorText(err));
            },
          );
        }}
      />
      {busy ? (
        <span className="muted">uploading…</span>
      ) : file ? (
        <span className="ok" data-testid={`${testid}-name`}>
          {file.name} ready
        </span>
      ) : null}
    </div>
  );
}

export function PreannotateDialog({ datasetId, onClose }: { datasetId: number; onClose: () => void }) {
  const [file, setFile] = useState<StagedFile | null>(null);
  const [catalog, setCatalog] = useState(true);
  const [result, setResult] = useState<PreannotateResult | null>(null);
  const { busy, error, setError, perform } = useAction();
  const run = () =>
    perform(async () => {
      setResult(null);
      setResult(await call('entities.preannotate', { datasetId, catalog, ...(file ? { patterns: file.id } : {}) }));
    });
  return (
    <Dialog
      title="Pre-annotate"
      onClose={onClose}
      testid="ent-preannotate-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
          <button
            type="button"
            className="button primary"
            disabled={busy || (!file && !catalog)}
            onClick={() => void run()}
            data-testid="ent-preannotate-run"
          >
            {busy ? 'Matching…' : 'Pre-annotate'}
          </button>
        </>
      }
    >
      <p className="muted">
        Adds machine spans (annotator <code>@auto</code>) wherever a pattern or a catalog value occurs. Matches that would cross an existing
        span are skipped.
      </p>
      <div className="field">
        <span className="field-label">Patterns file (JSONL, Prodigy style)</span>
        <FileChooser file={file} onFile={setFile} onError={setError} testid="ent-patterns" accept=".jsonl,.json,.txt" />
        <span className="hint">
          One pattern a line: <code>{'{"label": "BRAND", "pattern": "Acme"}'}</code> or token patterns{' '}
          <code>{'{"label": "ITEM", "pattern": [{"lower": "trail"}, {"lower": "shoe"}]}'}</code>
        </span>
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={catalog} onChange={(e) => setCatalog(e.target.checked)} data-testid="ent-preannotate-catalog" />
        <span>Catalog: every item title and attribute value of the dataset</span>
      </label>
      {error && (
        <div className="error-box" role="alert" data-testid="ent-preannotate-error">
          {error}
        </div>
      )}
      {result && (
        <p data-testid="ent-preannotate-result">
          {fmtInt(result.records)} records changed: <strong>{fmtInt(result.pattern)}</strong> pattern spans,{' '}
          <strong>{fmtInt(result.catalog)}</strong> catalog spans added, {fmtInt(result.skipped)} matches skipped (they crossed a span
          already there).
        </p>
      )}
    </Dialog>
  );
}

export function ExportDialog({
  datasetId,
  annotator,
  annotators,
  onClose,
}: {
  datasetId: number;
  annotator: string;
  annotators: string[];
  onClose: () => void;
}) {
  const [format, setFormat] = useState<SpanFormat>('labelstudio');
  const [selection, setSelection] = useState<ExportSelection>('final');
  const [who, setWho] = useState(annotator);
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, perform } = useAction();
  const plan = useExportPlan(datasetId, selection, who, done);
  const run = () =>
    perform(async () => {
      const r = await call('entities.export', {
        datasetId,
        format,
        spans: selection,
        ...(selection === 'annotator' ? { annotator: who } : {}),
      });
      downloadText(r.fileName, r.mime, r.text);
      setDone(`${r.fileName}: ${describeExport(r)}`);
    });
  return (
    <Dialog
      title="Export spans"
      onClose={onClose}
      testid="ent-export-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
          <button type="button" className="button primary" disabled={busy} onClick={() => void run()} data-testid="ent-export-run">
            {busy ? 'Exporting…' : 'Export'}
          </button>
        </>
      }
    >
      <ExportFields
        format={format}
        setFormat={setFormat}
        selection={selection}
        setSelection={setSelection}
        who={who}
        setWho={setWho}
        annotator={annotator}
        annotators={annotators}
      />
      <p className="muted" data-testid="ent-export-plan" aria-live="polite">
        {plan ? `Will write ${describeExport(plan)}.` : 'Counting…'}
      </p>
      {error && (
        <div className="error-box" role="alert">
          {error}
        </div>
      )}
      {done && (
        <p className="ok" data-testid="ent-export-result">
          Downloaded {done}.
        </p>
      )}
    </Dialog>
  );
}

export function ImportDialog({ datasetId, annotator, onClose }: { datasetId: number; annotator: string; onClose: () => void }) {
  const [format, setFormat] = useState<SpanFormat>('labelstudio');
  const [file, setFile] = useState<StagedFile | null>(null);
  const [as, setAs] = useState(annotator);
  const [addLabels, setAddLabels] = useState(false);
  const [result, setResult] = useState<ImportSpansResult | null>(null);
  const { busy, error, setError, perform } = useAction();
  const run = async () => {
    if (!file) return;
    await perform(async () => {
      setResult(null);
      setResult(await call('entities.import', { datasetId, format, file: file.id, annotator: as.trim(), addLabels }));
    });
  };
  return (
    <Dialog
      title="Import spans"
      onClose={onClose}
      testid="ent-import-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
          <button type="button" className="button primary" disabled={busy || !file} onClick={() => void run()} data-testid="ent-import-run">
            {busy ? 'Importing…' : 'Import'}
          </button>
        </>
      }
    >
      <p className="muted">
        All or nothing: a span whose text does not match its record, an unknown label or a malformed line stops the import and names the
        record and span.
      </p>
      <div className="form-grid">
        <FormatSelect format={format} setFormat={setFormat} testid="ent-import-format" />
        <label>
          As annotator
          <input value={as} onChange={(e) => setAs(e.target.value)} maxLength={60} data-testid="ent-import-annotator" />
        </label>
      </div>
      <FileChooser file={file} onFile={setFile} onError={setError} testid="ent-import-file" accept=".json,.jsonl,.conll,.txt" />
      <label className="checkbox">
        <input type="checkbox" checked={addLabels} onChange={(e) => setAddLabels(e.target.checked)} data-testid="ent-import-addlabels" />
        <span>Add unknown labels to the label set</span>
      </label>
      {error && (
        <div className="error-box" role="alert" data-testid="ent-import-error">
          {error}
        </div>
      )}
      {result && (
        <p className="ok" data-testid="ent-import-result">
          Imported {fmtInt(result.spans)} spans on {fmtInt(result.records)} records as {result.annotator}
          {result.labelsAdded.length > 0 && `; labels added: ${result.labelsAdded.join(', ')}`}.
        </p>
      )}
    </Dialog>
  );
}
