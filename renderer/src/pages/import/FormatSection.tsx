/** Step 2 of the import: the format (guessed from the files, changeable), the dataset's name, and skip-invalid. */
import type { ImportFormat, StagedFile } from '../../../../preload/api';
import type { ShownError } from '../../errors';
import { ErrorBox } from './ErrorBox';
import { FORMATS } from './formats';

interface FormatSectionProps {
  staged: StagedFile[];
  format: ImportFormat | '';
  previewing: boolean;
  onFormat: (f: ImportFormat) => void;
  name: string;
  onName: (name: string) => void;
  skipInvalid: boolean;
  onSkipInvalid: (skip: boolean) => void;
  previewError: ShownError | null;
}

export function FormatSection(p: FormatSectionProps) {
  const fmtInfo = FORMATS.find((f) => f.value === p.format);
  return (
    <section className="form-section">
      <h3>2. Format and name</h3>
      <div className="import-grid">
        <label className="field">
          <span className="field-label">Format {p.previewing && <span className="muted small">(reading files…)</span>}</span>
          <select
            value={p.format}
            data-testid="import-format"
            disabled={p.staged.length === 0}
            onChange={(e) => p.onFormat(e.target.value as ImportFormat)}
          >
            {p.format === '' && <option value="">— choose files first —</option>}
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
            value={p.name}
            maxLength={120}
            onChange={(e) => p.onName(e.target.value)}
            placeholder={p.staged[0] ? p.staged[0].name.replace(/\.[^.]+$/, '') : 'from the file name'}
            data-testid="import-name"
          />
        </label>
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={p.skipInvalid}
          onChange={(e) => p.onSkipInvalid(e.target.checked)}
          data-testid="import-skip-invalid"
        />
        <span>
          Skip invalid rows{' '}
          <span className="muted">
            — import the rest and list each skipped row with its line and reason; otherwise the first bad row stops the import
          </span>
        </span>
      </label>
      {p.previewError && <ErrorBox error={p.previewError} testid="import-preview-error" />}
    </section>
  );
}
