/**
 * The preview of the chosen files: the guessed (or chosen) format, the columns with a suggested mapping, the first
 * rows, and the rating range inferred from them. Re-read when the files change and when the rating column does.
 */
import { useEffect, useRef, useState } from 'react';
import type { ImportFormat, ImportPreview, StagedFile } from '../../../../preload/api';
import { call } from '../../client';
import { toShown, type ShownError } from '../../errors';
import { MAP_FIELDS, needsMap, REQUIRED } from './formats';

export function useImportPreview(staged: StagedFile[]) {
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [previewError, setPreviewError] = useState<ShownError | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [format, setFormat] = useState<ImportFormat | ''>('');
  const [map, setMapState] = useState<Record<string, string>>({});
  const mapTouched = useRef(false);
  const [ratingLo, setRatingLo] = useState('');
  const [ratingHi, setRatingHi] = useState('');
  const rangeTouched = useRef(false);
  const seq = useRef(0);

  const runPreview = async (files: StagedFile[], fmt?: ImportFormat, ratingColumn?: string) => {
    const mine = ++seq.current;
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
      if (mine !== seq.current) return;
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
      setMapState((cur) => (mapTouched.current && Object.keys(usable(cur)).length > 0 ? usable(cur) : usable(p.suggestedMap)));
    } catch (err) {
      if (mine !== seq.current) return;
      setPreview(null);
      setPreviewError(toShown(err, 'Preview', 0));
    } finally {
      if (mine === seq.current) setPreviewing(false);
    }
  };

  // Re-guess whenever the set of staged files changes (keeping a format the user chose).
  const stagedKey = staged.map((s) => s.id).join(',');
  useEffect(() => {
    void runPreview(staged, format || undefined);
  }, [stagedKey]);

  const mapping = format !== '' && needsMap(format);
  // The range is inferred from the column mapped to ratings: read it again when that mapping changes.
  const ratingColumn = mapping ? map.rating : undefined;
  useEffect(() => {
    if (mapping && mapTouched.current) void runPreview(staged, format || undefined, ratingColumn);
  }, [ratingColumn]);

  const chooseFormat = (f: ImportFormat) => {
    setFormat(f);
    void runPreview(staged, f);
  };
  const mapField = (field: string, column: string) => {
    mapTouched.current = true;
    setMapState((m) => ({ ...m, [field]: column }));
  };
  const setRange = (which: 'lo' | 'hi', v: string) => {
    rangeTouched.current = true;
    (which === 'lo' ? setRatingLo : setRatingHi)(v);
  };
  const missing = mapping ? [...REQUIRED].filter((f) => !map[f]) : [];
  return {
    preview,
    previewError,
    setPreviewError,
    previewing,
    format,
    chooseFormat,
    mapping,
    map,
    mapField,
    missing,
    ratingLo,
    ratingHi,
    setRange,
  };
}
