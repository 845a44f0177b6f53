/** The first rows of the files, with the field each mapped column feeds. */
import { useMemo } from 'react';
import type { ImportPreview } from '../../../../preload/api';

export function PreviewTable({ preview, map }: { preview: ImportPreview; map: Record<string, string> }) {
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
