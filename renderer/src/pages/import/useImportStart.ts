/** Starting the import: the call, the job it becomes (tracked at once), and the refusal, if any, with its location. */
import { useRef, useState } from 'react';
import type { ImportFormat, StagedFile } from '../../../../preload/api';
import { call } from '../../client';
import { useWorkspace } from '../../data';
import { toShown, type ShownError } from '../../errors';
import { jobsStore } from '../../jobs';

export interface ImportSettings {
  staged: StagedFile[];
  format: ImportFormat;
  name: string;
  /** The column map, or null for formats that need none. */
  map: Record<string, string> | null;
  skipInvalid: boolean;
  ratingRange: [number, number] | null;
}

export function useImportStart() {
  const { datasets } = useWorkspace();
  const [jobId, setJobId] = useState<string | null>(null);
  const [startError, setStartError] = useState<ShownError | null>(null);
  const [starting, setStarting] = useState(false);
  /** The newest dataset id before the import, to find the new one should the result not arrive. */
  const newestBefore = useRef(0);

  const start = async (s: ImportSettings) => {
    setStarting(true);
    setStartError(null);
    newestBefore.current = Math.max(0, ...(datasets ?? []).map((d) => d.id));
    try {
      const res = await call('import.start', {
        files: s.staged.map((f) => f.id),
        format: s.format,
        ...(s.name.trim() ? { name: s.name.trim() } : {}),
        map: s.map ? Object.fromEntries(Object.entries(s.map).filter(([, v]) => v)) : {},
        skipInvalid: s.skipInvalid,
        ...(s.ratingRange ? { ratingRange: s.ratingRange } : {}),
      });
      jobsStore.track(res.jobId, 'import', `Import ${s.name.trim() || s.staged[0]?.name || ''}`.trim());
      setJobId(res.jobId);
    } catch (err) {
      setStartError(toShown(err, 'Import', 0));
    } finally {
      setStarting(false);
    }
  };

  return { jobId, setJobId, startError, setStartError, starting, start, newestBefore: newestBefore.current };
}
