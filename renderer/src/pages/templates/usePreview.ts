/** The preview of one example: fetched as the text changes (debounced), and paged with [ and ]. */
import { useEffect, useRef, useState } from 'react';
import type { PreviewResult } from '../../../../preload/api-templates';
import { call } from '../../client';
import { toShown } from '../../errors';
import { useBracketPaging } from '../../hooks';
import { sendable, type Draft, type PreviewPlace } from './model';

/** What is previewed, and where. */
export interface PreviewSource {
  /** The saved template, previewed by id while the editor matches it. */
  templateId: string | null;
  /** The saved version, so warnings are fetched again after a save. */
  version: number | null;
  draft: Draft;
  dirty: boolean;
  seed: number;
  place: PreviewPlace;
  onPlace: (p: PreviewPlace) => void;
}

export function usePreview({ datasetId, templateId, version, draft, dirty, seed, place, onPlace }: PreviewSource & { datasetId: number }) {
  const [result, setResult] = useState<PreviewResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);
  const byId = templateId !== null && !dirty;
  const fieldsKey = byId ? '' : JSON.stringify(sendable(draft));

  useEffect(() => {
    const mine = ++seq.current;
    setLoading(true);
    const t = setTimeout(
      () => {
        const source = byId && templateId ? { id: templateId } : { fields: JSON.parse(fieldsKey) as Draft };
        call('templates.preview', { datasetId: datasetId, source, split: place.split, index: place.index, seed }).then(
          (r) => {
            if (mine !== seq.current) return;
            setResult(r);
            setError(null);
            setLoading(false);
            // The back end clamps an index past the end of the split; follow it so the counter reads true.
            if (r.index !== place.index && r.total > 0) onPlace({ split: place.split, index: r.index });
          },
          (e: unknown) => {
            if (mine !== seq.current) return;
            setError(toShown(e, '', 0).message);
            setLoading(false);
          },
        );
      },
      byId ? 0 : 300,
    );
    return () => clearTimeout(t);
  }, [datasetId, byId, templateId, version, fieldsKey, place.split, place.index, seed, onPlace]);

  // [ and ] page through examples wherever focus is not in a text field.
  const total = result?.total ?? 0;
  useBracketPaging((delta) => {
    const next = place.index + delta;
    if (next < 0 || (total > 0 && next >= total)) return false;
    onPlace({ split: place.split, index: next });
    return true;
  });
  return { result, error, loading };
}
