/** The span file formats, and the export dialog's choices: format, whose spans, and how many that will write. */
import { useEffect, useState } from 'react';
import type { ExportPlan, SpanFormat } from '../../../../preload/api-entities';
import { call } from '../../client';

const FORMATS: { value: SpanFormat; label: string }[] = [
  { value: 'labelstudio', label: 'Label Studio JSON (UTF-16 offsets)' },
  { value: 'prodigy', label: 'Prodigy / spaCy JSONL' },
  { value: 'doccano', label: 'doccano JSONL' },
  { value: 'conll', label: 'CoNLL-2003 BIO' },
  { value: 'hf', label: 'Hugging Face tokens/tags JSONL' },
];

/** The span file format, for export and import alike. */
export function FormatSelect({ format, setFormat, testid }: { format: SpanFormat; setFormat: (f: SpanFormat) => void; testid: string }) {
  return (
    <label>
      Format
      <select value={format} onChange={(e) => setFormat(e.target.value as SpanFormat)} data-testid={testid}>
        {FORMATS.map((f) => (
          <option key={f.value} value={f.value}>
            {f.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export type ExportSelection = 'final' | 'annotator' | 'machine';

/** Says before writing how many spans of whom the file will hold (recounted after each export). */
export function useExportPlan(datasetId: number, selection: ExportSelection, who: string, done: unknown): ExportPlan | null {
  const [plan, setPlan] = useState<ExportPlan | null>(null);
  useEffect(() => {
    let alive = true;
    setPlan(null);
    call('entities.exportPlan', { datasetId, spans: selection, ...(selection === 'annotator' ? { annotator: who } : {}) }).then(
      (p) => alive && setPlan(p),
      () => alive && setPlan(null),
    );
    return () => {
      alive = false;
    };
  }, [datasetId, selection, who, done]);
  return plan;
}

interface ExportFieldsProps {
  format: SpanFormat;
  setFormat: (f: SpanFormat) => void;
  selection: ExportSelection;
  setSelection: (s: ExportSelection) => void;
  who: string;
  setWho: (w: string) => void;
  annotator: string;
  annotators: string[];
}

export function ExportFields({ format, setFormat, selection, setSelection, who, setWho, annotator, annotators }: ExportFieldsProps) {
  return (
    <div className="form-grid stacked">
      <FormatSelect format={format} setFormat={setFormat} testid="ent-export-format" />
      <label>
        Spans
        <select value={selection} onChange={(e) => setSelection(e.target.value as typeof selection)} data-testid="ent-export-selection">
          <option value="final">final (adjudicated, else the latest curator’s, else machine)</option>
          <option value="annotator">one annotator’s</option>
          <option value="machine">machine’s</option>
        </select>
      </label>
      {selection === 'annotator' && (
        <label>
          Annotator
          <select value={who} onChange={(e) => setWho(e.target.value)} data-testid="ent-export-annotator">
            {[...new Set([annotator, ...annotators])].map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}
