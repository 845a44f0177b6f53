/**
 * Import: choose files (uploaded in serve mode, picked natively in Electron), check the guessed
 * format, map columns for CSV/JSONL against a preview of the first rows, start, watch progress,
 * see the result — or exactly which file, line and field stopped it.
 */
import { useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type { ImportFormat, ImportPreview, ImportResult, MAP_FIELDS as ContractMapFields, StagedFile } from '../../../preload/api';
import { call, isElectron, uploadFile } from '../client';
import { Dialog } from '../components/Dialog';
import { JobProgress, ProgressBar } from '../components/bits';
import { useWorkspace } from '../data';
import { describeWhere, toShown, type ShownError } from '../errors';
import { fmtBytes, fmtInt } from '../format';
import { jobsStore, useJob } from '../jobs';
import { navigate } from '../route';

const FORMATS: ReadonlyArray<{ value: ImportFormat; label: string; hint: string }> = [
  { value: 'recbole', label: 'RecBole atomic files', hint: '.inter with optional .user / .item (typed headers like user_id:token)' },
  { value: 'movielens', label: 'MovieLens', hint: 'ml-100k u.data / u.item / u.user, or ml-1m+ ratings.dat / movies.dat / users.dat' },
  {
    value: 'amazon',
    label: 'Amazon reviews',
    hint: 'reviews JSON lines (reviewerID, asin, overall, reviewText, summary) with optional meta',
  },
  { value: 'csv', label: 'CSV / TSV', hint: 'one interaction per row; map the columns below' },
  { value: 'jsonl', label: 'JSON lines', hint: 'one interaction object per line; map the keys below' },
];

/** The contract's MAP_FIELDS, typed against it (a mismatch fails to compile) without pulling zod into the window's bundle. */
const MAP_FIELDS: typeof ContractMapFields = ['user', 'item', 'rating', 'timestamp', 'review', 'summary', 'title'];

const FIELD_HELP: Record<(typeof MAP_FIELDS)[number], string> = {
  user: 'user id (required)',
  item: 'item id (required)',
  rating: 'numeric rating',
  timestamp: 'Unix seconds or ISO date',
  review: 'review text',
  summary: 'review summary / title',
  title: 'item title',
};

const REQUIRED = new Set(['user', 'item']);
const needsMap = (f: ImportFormat) => f === 'csv' || f === 'jsonl';

interface Upload {
  key: string;
  name: string;
  size: number;
  loaded: number;
  state: 'uploading' | 'done' | 'error';
  error?: string;
  staged?: StagedFile;
  /** The browser's file, kept so it can be sent again: the back end consumes a staged file when an import runs. */
  file?: File;
}

/** `file:line field "x": reason` — how the back end words bad input in a job's error. */
export function parseWhere(message: string): { file?: string; line?: number; field?: string; reason: string } | null {
  const m = /^(.+?):(\d+)(?: field "([^"]*)")?: (.*)$/s.exec(message);
  if (!m) return null;
  return { file: m[1] as string, line: Number(m[2]), ...(m[3] ? { field: m[3] } : {}), reason: m[4] as string };
}

/** The rating range fields: two numbers, lo below hi; null while they do not make a range. */
export function readRange(lo: string, hi: string): [number, number] | null {
  if (lo.trim() === '' || hi.trim() === '') return null;
  const a = Number(lo);
  const b = Number(hi);
  return Number.isFinite(a) && Number.isFinite(b) && a < b ? [a, b] : null;
}

export function ImportDialog({ onClose }: { onClose: () => void }) {
  const { datasets, info } = useWorkspace();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [previewError, setPreviewError] = useState<ShownError | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [format, setFormat] = useState<ImportFormat | ''>('');
  const [name, setName] = useState('');
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [map, setMap] = useState<Record<string, string>>({});
  const mapTouched = useRef(false);
  const [ratingLo, setRatingLo] = useState('');
  const [ratingHi, setRatingHi] = useState('');
  const rangeTouched = useRef(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const [startError, setStartError] = useState<ShownError | null>(null);
  const [starting, setStarting] = useState(false);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const previewSeq = useRef(0);
  const maxIdAtStart = useRef(0);
  const job = useJob(jobId);

  const staged = uploads.filter((u) => u.state === 'done' && u.staged).map((u) => u.staged as StagedFile);
  const uploading = uploads.some((u) => u.state === 'uploading');
  const stagedKey = staged.map((s) => s.id).join(',');

  const runPreview = async (files: StagedFile[], fmt?: ImportFormat, ratingColumn?: string) => {
    const mine = ++previewSeq.current;
    if (files.length === 0) {
      setPreview(null);
      setPreviewError(null);
      return;
    }
    setPreviewing(true);
    try {
      const p = await call('import.preview', {
        files: files.map((f) => f.id),
        ...(fmt ? { format: fmt } : {}),
        ...(ratingColumn ? { map: { rating: ratingColumn } } : {}),
      });
      if (mine !== previewSeq.current) return;
      setPreview(p);
      setPreviewError(null);
      setFormat(p.format);
      if (!rangeTouched.current) {
        setRatingLo(p.ratings ? String(p.ratings.range[0]) : '');
        setRatingHi(p.ratings ? String(p.ratings.range[1]) : '');
      }
      const usable = (m: Record<string, string>) =>
        Object.fromEntries(Object.entries(m).filter(([k, v]) => (MAP_FIELDS as readonly string[]).includes(k) && p.columns.includes(v)));
      // A mapping the user made survives a re-read of the same columns; otherwise take the suggestion.
      setMap((cur) => (mapTouched.current && Object.keys(usable(cur)).length > 0 ? usable(cur) : usable(p.suggestedMap)));
    } catch (err) {
      if (mine !== previewSeq.current) return;
      setPreview(null);
      setPreviewError(toShown(err, 'Preview', 0));
    } finally {
      if (mine === previewSeq.current) setPreviewing(false);
    }
  };

  // Re-guess whenever the set of staged files changes (keeping a format the user chose).
  useEffect(() => {
    void runPreview(staged, format || undefined);
  }, [stagedKey]);

  const addBrowserFiles = (files: File[]) => {
    if (files.length === 0) return;
    const limit = info?.uploadLimitBytes ?? 0;
    const added: Upload[] = files.map((f, k) => ({
      key: `${Date.now()}-${k}-${f.name}`,
      name: f.name,
      size: f.size,
      loaded: 0,
      state: 'uploading',
      file: f,
    }));
    // A file past the upload limit is refused here, before its bytes travel.
    const tooBig = (u: Upload) => limit > 0 && u.size > limit;
    setUploads((u) => [
      ...u,
      ...added.map((a) =>
        tooBig(a)
          ? { ...a, state: 'error' as const, error: `larger than the upload limit of ${fmtBytes(limit)} (studio serve --upload-limit)` }
          : a,
      ),
    ]);
    added.filter((a) => !tooBig(a)).forEach(send);
  };

  const send = (u: Upload) => {
    const file = u.file;
    if (!file) return;
    const patch = (p: Partial<Upload>) => setUploads((list) => list.map((x) => (x.key === u.key ? { ...x, ...p } : x)));
    uploadFile(file, (loaded) => patch({ loaded })).then(
      (s) => patch({ state: 'done', loaded: file.size, staged: s, error: undefined }),
      (err: unknown) => patch({ state: 'error', error: err instanceof Error ? err.message : String(err) }),
    );
  };

  const pickNative = async () => {
    try {
      const picked = await call('files.pick', {});
      setUploads((u) => [
        ...u,
        ...picked.map((s) => ({ key: s.id, name: s.name, size: s.size, loaded: s.size, state: 'done' as const, staged: s })),
      ]);
    } catch (err) {
      setPreviewError(toShown(err, 'Choosing files', 0));
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (!isElectron) addBrowserFiles([...e.dataTransfer.files]);
  };

  const fmt = format || null;
  const mapping = fmt !== null && needsMap(fmt);
  const missing = mapping ? [...REQUIRED].filter((f) => !map[f]) : [];
  const ratingRange = readRange(ratingLo, ratingHi);
  const rangeBad = (ratingLo !== '' || ratingHi !== '') && ratingRange === null;
  const canStart = staged.length > 0 && !uploading && fmt !== null && missing.length === 0 && !starting && !previewing && !rangeBad;

  // The range is inferred from the column mapped to ratings: read it again when that mapping changes.
  const ratingColumn = mapping ? map.rating : undefined;
  useEffect(() => {
    if (mapping && mapTouched.current) void runPreview(staged, fmt ?? undefined, ratingColumn);
  }, [ratingColumn]);

  const start = async () => {
    if (!canStart || fmt === null) return;
    setStarting(true);
    setStartError(null);
    maxIdAtStart.current = Math.max(0, ...(datasets ?? []).map((d) => d.id));
    try {
      const cleanMap = Object.fromEntries(Object.entries(map).filter(([, v]) => v));
      const res = await call('import.start', {
        files: staged.map((s) => s.id),
        format: fmt,
        ...(name.trim() ? { name: name.trim() } : {}),
        map: mapping ? cleanMap : {},
        skipInvalid,
        ...(ratingRange ? { ratingRange } : {}),
      });
      jobsStore.track(res.jobId, 'import', `Import ${name.trim() || staged[0]?.name || ''}`.trim());
      setJobId(res.jobId);
    } catch (err) {
      setStartError(toShown(err, 'Import', 0));
    } finally {
      setStarting(false);
    }
  };

  /** After a failed or cancelled import: the back end has let go of the staged files, so send them again (natively picked ones must be picked again). */
  const backToSettings = () => {
    if (jobId) jobsStore.forget(jobId);
    setJobId(null);
    const again = uploads.filter((u) => u.file).map((u) => ({ ...u, state: 'uploading' as const, loaded: 0, staged: undefined }));
    setUploads(again);
    again.forEach(send);
    if (again.length < uploads.length) setPreviewError(toShown(new Error('choose the files again: the import released them'), 'Files', 0));
  };

  const close = () => {
    if (jobId && job?.finished) jobsStore.forget(jobId);
    onClose();
  };

  // ---- running / finished ----
  if (jobId) {
    const fin = job?.finished ?? null;
    let body;
    if (!fin) {
      body = (
        <div className="import-running" data-testid="import-running">
          <p>
            Importing <strong>{staged.map((s) => s.name).join(', ')}</strong> as {fmt}…
          </p>
          {job ? (
            <JobProgress info={job.info} testid="import-progress" />
          ) : (
            <ProgressBar done={0} total={null} testid="import-progress" label="Import progress" />
          )}
          <p className="muted small">
            You can close this dialog: the import goes on in the background and shows under “Running” on the Datasets page.
          </p>
        </div>
      );
    } else if (fin.cancelled) {
      body = (
        <div className="notice" data-testid="import-cancelled">
          Import cancelled. Nothing was added to the workspace.
        </div>
      );
    } else if (!fin.ok) {
      body = <ImportFailure message={fin.error ?? 'the import failed'} skipInvalid={skipInvalid} />;
    } else {
      body = (
        <ImportSuccess
          result={asImportResult(fin.result)}
          fallbackId={maxIdAtStart.current}
          onOpen={(id) => {
            close();
            navigate({ page: 'browse', datasetId: id, tab: 'users' });
          }}
        />
      );
    }
    return (
      <Dialog
        title="Import dataset"
        onClose={close}
        testid="import-dialog"
        wide
        backdropCloses={false}
        footer={
          !fin ? (
            <>
              <button type="button" className="button" onClick={close}>
                Close
              </button>
              <button
                type="button"
                className="button danger"
                data-testid="import-cancel"
                onClick={() =>
                  call('jobs.cancel', { jobId }).then(
                    () => void jobsStore.refresh(),
                    (err: unknown) => setStartError(toShown(err, 'Cancel', 0)),
                  )
                }
              >
                Cancel import
              </button>
            </>
          ) : fin.ok && !fin.cancelled ? (
            <button type="button" className="button" onClick={close} data-testid="import-close">
              Close
            </button>
          ) : (
            <>
              <button type="button" className="button" onClick={close} data-testid="import-close">
                Close
              </button>
              <button type="button" className="button primary" onClick={backToSettings} data-testid="import-back">
                Back to settings
              </button>
            </>
          )
        }
      >
        {body}
        {startError && <ErrorBox error={startError} testid="import-error" />}
      </Dialog>
    );
  }

  // ---- choose files and settings ----
  const fmtInfo = FORMATS.find((f) => f.value === fmt);
  return (
    <Dialog
      title="Import dataset"
      onClose={onClose}
      testid="import-dialog"
      wide
      backdropCloses={false}
      footer={
        <>
          {missing.length > 0 && staged.length > 0 && (
            <span className="footer-note" data-testid="import-missing">
              Map {missing.join(' and ')} to a column to start.
            </span>
          )}
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="button primary" onClick={() => void start()} disabled={!canStart} data-testid="import-start">
            {starting ? 'Starting…' : 'Start import'}
          </button>
        </>
      }
    >
      <section className="form-section">
        <h3>1. Files</h3>
        {isElectron ? (
          <button type="button" className="button" onClick={() => void pickNative()} data-testid="import-pick">
            Choose files…
          </button>
        ) : (
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
              ref={fileInput}
              type="file"
              multiple
              data-testid="import-file-input"
              className="visually-hidden"
              onChange={(e) => {
                addBrowserFiles([...(e.target.files ?? [])]);
                e.target.value = '';
              }}
            />
            <span className="button">Choose files…</span>
            <span className="drop-text">
              or drop them here. For RecBole choose the .inter file with its .user and .item files together; for MovieLens the folder's
              files.
            </span>
          </label>
        )}
        {uploads.length > 0 && (
          <ul className="file-list" data-testid="import-files">
            {uploads.map((u) => (
              <li key={u.key} className={`file-item file-${u.state}`} data-testid="import-file">
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
                  onClick={() => setUploads((list) => list.filter((x) => x.key !== u.key))}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="form-section">
        <h3>2. Format and name</h3>
        <div className="import-grid">
          <label className="field">
            <span className="field-label">Format {previewing && <span className="muted small">(reading files…)</span>}</span>
            <select
              value={format}
              data-testid="import-format"
              disabled={staged.length === 0}
              onChange={(e) => {
                const f = e.target.value as ImportFormat;
                setFormat(f);
                void runPreview(staged, f);
              }}
            >
              {format === '' && <option value="">— choose files first —</option>}
              {FORMATS.map((f) => (
                <option key={f.value} value={f.value}>
                  {f.label}
                </option>
              ))}
            </select>
            {fmtInfo && <span className="hint">{fmtInfo.hint}</span>}
          </label>
          <label className="field">
            <span className="field-label">Name (optional)</span>
            <input
              value={name}
              maxLength={120}
              onChange={(e) => setName(e.target.value)}
              placeholder={staged[0] ? staged[0].name.replace(/\.[^.]+$/, '') : 'from the file name'}
              data-testid="import-name"
            />
          </label>
        </div>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={skipInvalid}
            onChange={(e) => setSkipInvalid(e.target.checked)}
            data-testid="import-skip-invalid"
          />
          <span>
            Skip invalid rows{' '}
            <span className="muted">
              — import the rest and list each skipped row with its line and reason; otherwise the first bad row stops the import
            </span>
          </span>
        </label>
        {previewError && <ErrorBox error={previewError} testid="import-preview-error" />}
      </section>

      {mapping && preview && (
        <section className="form-section" data-testid="import-mapping">
          <h3>3. Columns</h3>
          <div className="map-grid">
            {MAP_FIELDS.map((field) => (
              <label className="field" key={field}>
                <span className="field-label">
                  {field}
                  {REQUIRED.has(field) && <span className="required"> *</span>}
                </span>
                <select
                  value={map[field] ?? ''}
                  onChange={(e) => {
                    mapTouched.current = true;
                    setMap((m) => ({ ...m, [field]: e.target.value }));
                  }}
                  data-testid={`import-map-${field}`}
                  aria-invalid={REQUIRED.has(field) && !map[field] ? true : undefined}
                >
                  <option value="">— none —</option>
                  {preview.columns.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
                <span className="hint">{FIELD_HELP[field]}</span>
              </label>
            ))}
          </div>
        </section>
      )}

      {preview && (preview.ratings || ratingLo !== '' || ratingHi !== '') && (
        <section className="form-section" data-testid="import-ratings">
          <h3>Ratings</h3>
          {preview.ratings && (
            <p className="muted small" data-testid="import-ratings-seen">
              The first {fmtInt(preview.ratings.count)} ratings run from {preview.ratings.min} to {preview.ratings.max};{' '}
              {Math.round(preview.ratings.inside * 1000) / 10}% of them lie in the range inferred from them.
            </p>
          )}
          <div className="import-grid">
            {(
              [
                ['Lowest rating accepted', 'import-rating-lo', ratingLo, setRatingLo],
                ['Highest rating accepted', 'import-rating-hi', ratingHi, setRatingHi],
              ] as const
            ).map(([label, testid, value, set]) => (
              <label className="field" key={testid}>
                <span className="field-label">{label}</span>
                <input
                  inputMode="decimal"
                  value={value}
                  data-testid={testid}
                  aria-invalid={rangeBad || undefined}
                  onChange={(e) => {
                    rangeTouched.current = true;
                    set(e.target.value);
                  }}
                />
              </label>
            ))}
          </div>
          <span className={rangeBad ? 'field-error small' : 'hint'}>
            {rangeBad
              ? 'Give two numbers, the lowest below the highest.'
              : 'A rating outside this range stops the import with its file and line (or is skipped, with “Skip invalid rows”).'}
          </span>
        </section>
      )}

      {preview && preview.sample.length > 0 && <PreviewTable preview={preview} map={mapping ? map : {}} />}
      {startError && <ErrorBox error={startError} testid="import-error" />}
    </Dialog>
  );
}

function PreviewTable({ preview, map }: { preview: ImportPreview; map: Record<string, string> }) {
  const fieldOf = useMemo(() => {
    const m = new Map<string, string[]>();
    for (const [field, col] of Object.entries(map)) if (col) m.set(col, [...(m.get(col) ?? []), field]);
    return m;
  }, [map]);
  const rows = preview.sample.slice(0, 8);
  return (
    <section className="form-section">
      <h3>
        Preview <span className="muted small">first {rows.length} rows</span>
      </h3>
      <div className="preview-scroll">
        <table className="table preview-table" data-testid="import-preview-table">
          <thead>
            <tr>
              {preview.columns.map((c) => (
                <th key={c}>
                  <div>{c}</div>
                  {fieldOf.get(c)?.map((f) => (
                    <span key={f} className="badge badge-field">
                      → {f}
                    </span>
                  ))}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                {preview.columns.map((c) => (
                  <td key={c} title={r[c]} className={fieldOf.has(c) ? 'mapped' : undefined}>
                    {r[c] ?? ''}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ErrorBox({ error, testid }: { error: ShownError; testid: string }) {
  const where = describeWhere(error.where);
  return (
    <div className="error-box" role="alert" data-testid={testid}>
      <strong>{error.context ? `${error.context} failed` : 'Failed'}:</strong> {error.message}
      {where && <div className="error-where-line">{where}</div>}
    </div>
  );
}

function ImportFailure({ message, skipInvalid }: { message: string; skipInvalid: boolean }) {
  const where = parseWhere(message);
  return (
    <div className="error-box import-failure" role="alert" data-testid="import-error">
      <strong>The import stopped and nothing was added.</strong>
      {where ? (
        <dl className="kv where" data-testid="import-error-where">
          <dt>File</dt>
          <dd data-testid="import-error-file">{where.file}</dd>
          <dt>Line</dt>
          <dd data-testid="import-error-line">{where.line}</dd>
          {where.field && (
            <>
              <dt>Field</dt>
              <dd data-testid="import-error-field">{where.field}</dd>
            </>
          )}
          <dt>Problem</dt>
          <dd>{where.reason}</dd>
        </dl>
      ) : (
        <p className="error-message">{message}</p>
      )}
      {!skipInvalid && where && (
        <p className="small">Fix that row, or go back and tick “Skip invalid rows” to import the rest and list the bad rows.</p>
      )}
    </div>
  );
}

function asImportResult(v: unknown): ImportResult | null {
  if (!v || typeof v !== 'object') return null;
  const r = v as Partial<ImportResult>;
  return typeof r.datasetId === 'number' ? (r as ImportResult) : null;
}

function ImportSuccess({ result, fallbackId, onOpen }: { result: ImportResult | null; fallbackId: number; onOpen: (id: number) => void }) {
  const { datasets } = useWorkspace();
  // When the result did not reach us (the event channel dropped), the new dataset is the newest one.
  const newest = (datasets ?? []).filter((d) => d.id > fallbackId).sort((a, b) => b.id - a.id)[0];
  const shown =
    result ??
    (newest
      ? {
          datasetId: newest.id,
          name: newest.name,
          users: newest.users,
          items: newest.items,
          interactions: newest.interactions,
          skipped: newest.skipped,
        }
      : null);
  if (!shown) return <div className="notice">Import finished.</div>;
  return (
    <div className="import-result" data-testid="import-result">
      <p className="ok-line">
        ✓ Imported <strong data-testid="import-result-name">{shown.name}</strong>
      </p>
      <div className="stat-row">
        <Figure label="users" value={shown.users} testid="import-result-users" />
        <Figure label="items" value={shown.items} testid="import-result-items" />
        <Figure label="interactions" value={shown.interactions} testid="import-result-interactions" />
        <Figure label="skipped rows" value={shown.skipped} testid="import-result-skipped" warn={shown.skipped > 0} />
      </div>
      <button type="button" className="button primary" onClick={() => onOpen(shown.datasetId)} data-testid="import-open" data-autofocus>
        Open dataset
      </button>
    </div>
  );
}

function Figure({ label, value, testid, warn }: { label: string; value: number; testid: string; warn?: boolean }) {
  return (
    <div className={`figure${warn ? ' figure-warn' : ''}`}>
      <div className="figure-value" data-testid={testid}>
        {fmtInt(value)}
      </div>
      <div className="figure-label">{label}</div>
    </div>
  );
}
