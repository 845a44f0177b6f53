/** Exports of a review's judgments: CSV and JSONL of every judgment, and preference pairs for preference training. */
import { useState } from 'react';
import { call } from '../../client';
import { useReportError } from '../../errors';
import { downloadText } from './download';

const FORMATS = [
  { format: 'csv', label: 'CSV', type: 'text/csv' },
  { format: 'jsonl', label: 'JSONL', type: 'application/x-ndjson' },
  { format: 'pairs', label: 'Preference pairs', type: 'application/x-ndjson' },
] as const;

export function ExportButtons({ reviewId }: { reviewId: number }) {
  const report = useReportError();
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (format: (typeof FORMATS)[number]): Promise<void> => {
    setBusy(true);
    try {
      const r = await call('reviews.export', { id: reviewId, format: format.format });
      downloadText(r.fileName, r.text, format.type);
      setNote(`${r.fileName}: ${r.rows} ${format.format === 'pairs' ? 'pairs' : 'judgments'}`);
    } catch (e) {
      report(e, `Exporting review ${reviewId} as ${format.label}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="rev-export" role="group" aria-label="Export">
      <span className="muted">Export</span>
      {FORMATS.map((f) => (
        <button
          key={f.format}
          type="button"
          className="button small"
          disabled={busy}
          data-testid={`rev-export-${f.format}`}
          onClick={() => void run(f)}
        >
          {f.label}
        </button>
      ))}
      {note && (
        <span className="hint" role="status" data-testid="rev-export-note">
          {note}
        </span>
      )}
    </div>
  );
}
