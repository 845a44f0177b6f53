/** The window's shared view of the workspace: app info and the dataset list, kept fresh by `datasets.changed`. */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { AppInfo, DatasetSummary } from '../../preload/api';
import { call, on } from './client';
import { useReportError } from './errors';
import { jobsStore } from './jobs';

interface Workspace {
  info: AppInfo | null;
  /** null until the first list arrived. */
  datasets: DatasetSummary[] | null;
  reloadDatasets(): Promise<void>;
  /** Replace one dataset in the list (after rename or split) without waiting for a reload. */
  patchDataset(d: DatasetSummary): void;
}

const WorkspaceContext = createContext<Workspace>({
  info: null,
  datasets: null,
  reloadDatasets: async () => {},
  patchDataset: () => {},
});

export function useWorkspace(): Workspace {
  return useContext(WorkspaceContext);
}

export function useDataset(id: number | null): DatasetSummary | null | undefined {
  const { datasets } = useWorkspace();
  if (id === null) return null;
  if (datasets === null) return undefined; // still loading
  return datasets.find((d) => d.id === id) ?? null;
}

export function WorkspaceProvider({ children }: { children: ReactNode }) {
  const report = useReportError();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [datasets, setDatasets] = useState<DatasetSummary[] | null>(null);
  const seq = useRef(0);

  const reloadDatasets = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const list = await call('datasets.list', {});
      if (mine === seq.current) setDatasets(list);
    } catch (err) {
      report(err, 'Loading datasets');
      if (mine === seq.current) setDatasets((d) => d ?? []);
    }
  }, [report]);

  const patchDataset = useCallback((d: DatasetSummary) => {
    setDatasets((list) => (list ? list.map((x) => (x.id === d.id ? d : x)) : list));
  }, []);

  useEffect(() => {
    let alive = true;
    call('app.info', {}).then(
      (i) => alive && setInfo(i),
      (err: unknown) => {
        report(err, 'Starting the studio');
        // Still mark the app loaded so the error is visible and tests do not hang.
        if (alive)
          setInfo({
            version: '?',
            dataDir: '?',
            mode: 'serve',
            schemaVersion: 0,
            canPickFiles: false,
            uploadLimitBytes: 0,
            uploadExpiryHours: 0,
          });
      },
    );
    void reloadDatasets();
    // Events open the event channel now, so a fast job's events are not missed later.
    const offChanged = on('datasets.changed', () => void reloadDatasets());
    const offJobs = jobsStore.start((err) => report(err, 'Listing jobs'));
    const offFinished = on('job.finished', () => void reloadDatasets());
    return () => {
      alive = false;
      offChanged();
      offJobs();
      offFinished();
    };
  }, [reloadDatasets, report]);

  const value = useMemo(() => ({ info, datasets, reloadDatasets, patchDataset }), [info, datasets, reloadDatasets, patchDataset]);
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}
