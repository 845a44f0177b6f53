/** Textualizing a dataset from the page: the job, and the warning when humans' work would be replaced. */
import { useState } from 'react';
import type { TextProfile } from '../../../../preload/api-entities';
import { call, CallFailed } from '../../client';
import { useReportError } from '../../errors';
import { useJob } from '../../jobs';
import type { Conflict } from './EntitiesParts';

export function useTextualize(datasetId: number) {
  const report = useReportError();
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId);
  const [conflict, setConflict] = useState<Conflict | null>(null);

  const textualize = async (force: boolean, profile?: TextProfile) => {
    try {
      const { jobId: id } = await call('entities.textualize', { datasetId, force, ...(profile ? { profile } : {}) });
      setJobId(id);
    } catch (e) {
      if (e instanceof CallFailed && e.code === 'conflict' && !force) {
        setConflict({ message: e.message, ...(profile ? { profile } : {}) });
        return;
      }
      report(e, 'Textualize');
    }
  };

  return { job, textualize, conflict, setConflict };
}
