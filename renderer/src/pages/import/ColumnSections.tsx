/** Step 3 of a CSV / JSON-lines import: which column holds which field; and the accepted rating range. */
import type { ImportPreview } from '../../../../preload/api';
import { fmtInt } from '../../format';
import { FIELD_HELP, MAP_FIELDS, REQUIRED } from './formats';

export function MappingSection({
  preview,
  map,
  onMap,
}: {
  preview: ImportPreview;
  map: Record<string, string>;
  onMap: (field: string, column: string) => void;
}) {
  return (
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
              onChange={(e) => onMap(field, e.target.value)}
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
  );
}

interface RatingsSectionProps {
  preview: ImportPreview;
  lo: string;
  hi: string;
  bad: boolean;
  onRange: (which: 'lo' | 'hi', v: string) => void;
}

export function RatingsSection({ preview, lo, hi, bad, onRange }: RatingsSectionProps) {
  const fields = [
    ['Lowest rating accepted', 'import-rating-lo', lo, 'lo'],
    ['Highest rating accepted', 'import-rating-hi', hi, 'hi'],
  ] as const;
  return (
    <section className="form-section" data-testid="import-ratings">
      <h3>Ratings</h3>
      {preview.ratings && (
        <p className="muted small" data-testid="import-ratings-seen">
          The first {fmtInt(preview.ratings.count)} ratings run from {preview.ratings.min} to {preview.ratings.max};{' '}
          {Math.round(preview.ratings.inside * 1000) / 10}% of them lie in the range inferred from them.
        </p>
      )}
      <div className="import-grid">
        {fields.map(([label, testid, value, which]) => (
          <label className="field" key={testid}>
            <span className="field-label">{label}</span>
            <input
              inputMode="decimal"
              value={value}
              data-testid={testid}
              aria-invalid={bad || undefined}
              onChange={(e) => onRange(which, e.target.value)}
            />
          </label>
        ))}
      </div>
      <span className={bad ? 'field-error small' : 'hint'}>
        {bad
          ? 'Give two numbers, the lowest below the highest.'
          : 'A rating outside this range stops the import with its file and line (or is skipped, with “Skip invalid rows”).'}
      </span>
    </section>
  );
}
