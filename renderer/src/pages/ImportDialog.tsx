/**
 * Import: choose files (uploaded in serve mode, picked natively in Electron), check the guessed
 * format, map columns for CSV/JSONL against a preview of the first rows, start, watch progress,
 * see the result — or exactly which file, line and field stopped it. The parts live in ./import.
 */
import { useState } from 'react';
import { Dialog } from '../components/Dialog';
import { toShown } from '../errors';
import { jobsStore, useJob } from '../jobs';
import { MappingSection, RatingsSection } from './import/ColumnSections';
import { ErrorBox } from './import/ErrorBox';
import { FilesSection } from './import/FilesSection';
import { FormatSection } from './import/FormatSection';
import { readRange } from './import/formats';
import { ImportJobDialog } from './import/ImportJobDialog';
import { PreviewTable } from './import/PreviewTable';
import { useImportFiles } from './import/useImportFiles';
import { useImportPreview } from './import/useImportPreview';
import { useImportStart } from './import/useImportStart';

export { parseWhere, readRange } from './import/formats';

function SettingsFooter(p: { missing: string[]; canStart: boolean; starting: boolean; onCancel: () => void; onStart: () => void }) {
  return (
    <>
      {p.missing.length > 0 && (
        <span className="footer-note" data-testid="import-missing">
          Map {p.missing.join(' and ')} to a column to start.
        </span>
      )}
      <button type="button" className="button" onClick={p.onCancel}>
        Cancel
      </button>
      <button type="button" className="button primary" onClick={p.onStart} disabled={!p.canStart} data-testid="import-start">
        {p.starting ? 'Starting…' : 'Start import'}
      </button>
    </>
  );
}

export function ImportDialog({ onClose }: { onClose: () => void }) {
  const files = useImportFiles((err) => pv.setPreviewError(toShown(err, 'Choosing files', 0)));
  const { staged } = files;
  const pv = useImportPreview(staged);
  const [name, setName] = useState('');
  const [skipInvalid, setSkipInvalid] = useState(false);
  const launch = useImportStart();
  const { jobId, startError, starting } = launch;
  const job = useJob(jobId);

  const fmt = pv.format || null;
  const ratingRange = readRange(pv.ratingLo, pv.ratingHi);
  const rangeBad = (pv.ratingLo !== '' || pv.ratingHi !== '') && ratingRange === null;
  const canStart =
    staged.length > 0 && !files.uploading && fmt !== null && pv.missing.length === 0 && !starting && !pv.previewing && !rangeBad;

  const start = () => {
    if (!canStart || fmt === null) return;
    void launch.start({ staged, format: fmt, name, map: pv.mapping ? pv.map : null, skipInvalid, ratingRange });
  };

  /** After a failed or cancelled import: the back end has let go of the staged files, so send them again (natively picked ones must be picked again). */
  const backToSettings = () => {
    if (jobId) jobsStore.forget(jobId);
    launch.setJobId(null);
    if (files.resend() > 0) pv.setPreviewError(toShown(new Error('choose the files again: the import released them'), 'Files', 0));
  };

  const close = () => {
    if (jobId && job?.finished) jobsStore.forget(jobId);
    onClose();
  };

  if (jobId) {
    return (
      <ImportJobDialog
        jobId={jobId}
        job={job}
        staged={staged}
        format={fmt ?? ''}
        skipInvalid={skipInvalid}
        newestBefore={launch.newestBefore}
        error={startError}
        onError={launch.setStartError}
        onClose={close}
        onBack={backToSettings}
      />
    );
  }

  const footer = (
    <SettingsFooter
      missing={staged.length > 0 ? pv.missing : []}
      canStart={canStart}
      starting={starting}
      onCancel={onClose}
      onStart={start}
    />
  );
  const { preview } = pv;
  return (
    <Dialog title="Import dataset" onClose={onClose} testid="import-dialog" wide backdropCloses={false} footer={footer}>
      <FilesSection
        uploads={files.uploads}
        onPick={() => void files.pickNative()}
        onBrowserFiles={files.addBrowserFiles}
        onRemove={files.remove}
      />
      <FormatSection
        staged={staged}
        format={pv.format}
        previewing={pv.previewing}
        onFormat={pv.chooseFormat}
        name={name}
        onName={setName}
        skipInvalid={skipInvalid}
        onSkipInvalid={setSkipInvalid}
        previewError={pv.previewError}
      />
      {pv.mapping && preview && <MappingSection preview={preview} map={pv.map} onMap={pv.mapField} />}
      {preview && (preview.ratings || pv.ratingLo !== '' || pv.ratingHi !== '') && (
        <RatingsSection preview={preview} lo={pv.ratingLo} hi={pv.ratingHi} bad={rangeBad} onRange={pv.setRange} />
      )}
      {preview && preview.sample.length > 0 && <PreviewTable preview={preview} map={pv.mapping ? pv.map : {}} />}
      {startError && <ErrorBox error={startError} testid="import-error" />}
    </Dialog>
  );
}
