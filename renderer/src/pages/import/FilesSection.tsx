/** Step 1 of the import: choose files (picked natively in Electron, chosen or dropped in serve mode) and see each upload. */
import { useState, type DragEvent } from 'react';
import { isElectron } from '../../client';
import { ProgressBar } from '../../components/bits';
import { fmtBytes } from '../../format';
import type { Upload } from './useImportFiles';

interface FilesSectionProps {
  uploads: Upload[];
  onPick: () => void;
  onBrowserFiles: (files: File[]) => void;
  onRemove: (key: string) => void;
}

function FileRow({ u, onRemove }: { u: Upload; onRemove: (key: string) => void }) {
  return (
    <li className={`file-item file-${u.state}`} data-testid="import-file">
      <span className="file-name">{u.name}</span>
      <span className="muted small">{fmtBytes(u.size)}</span>
      {u.state === 'uploading' && (
        <>
          <div className="file-progress">
            <ProgressBar done={u.loaded} total={u.size || null} label={`Uploading ${u.name}`} testid="upload-progress" />
          </div>
          <span className="muted small nowrap">uploading {u.size ? Math.floor((u.loaded / u.size) * 100) : 0}%</span>
        </>
      )}
      {u.state === 'done' && <span className="ok small">ready</span>}
      {u.state === 'error' && (
        <span className="field-error small" role="alert">
          {u.error}
        </span>
      )}
      <button
        type="button"
        className="icon-button"
        aria-label={`Remove ${u.name}`}
        title="Remove"
        disabled={u.state === 'uploading'}
        onClick={() => onRemove(u.key)}
      >
        ×
      </button>
    </li>
  );
}

function DropZone({ onBrowserFiles }: { onBrowserFiles: (files: File[]) => void }) {
  const [dragging, setDragging] = useState(false);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (!isElectron) onBrowserFiles([...e.dataTransfer.files]);
  };
  return (
    <label
      className={`drop-zone${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <input
        type="file"
        multiple
        data-testid="import-file-input"
        className="visually-hidden"
        onChange={(e) => {
          onBrowserFiles([...(e.target.files ?? [])]);
          e.target.value = '';
        }}
      />
      <span className="button">Choose files…</span>
      <span className="drop-text">
        or drop them here. For RecBole choose the .inter file with its .user and .item files together; for MovieLens the folder's files.
      </span>
    </label>
  );
}

export function FilesSection({ uploads, onPick, onBrowserFiles, onRemove }: FilesSectionProps) {
  return (
    <section className="form-section">
      <h3>1. Files</h3>
      {isElectron ? (
        <button type="button" className="button" onClick={onPick} data-testid="import-pick">
          Choose files…
        </button>
      ) : (
        <DropZone onBrowserFiles={onBrowserFiles} />
      )}
      {uploads.length > 0 && (
        <ul className="file-list" data-testid="import-files">
          {uploads.map((u) => (
            <FileRow key={u.key} u={u} onRemove={onRemove} />
          ))}
        </ul>
      )}
    </section>
  );
}
