/** Starting a LUM run from the form: its config checked live, the back end's refusal shown at the field it names. */
import { useEffect, useMemo, useState } from 'react';
import { call, CallFailed } from '../../client';
import type { Issues } from '../runs/FormBits';
import { checkLumConfig, lumFormToConfig, type LumFormState } from './lumForm';

export function useLumStart(datasetId: number, form: LumFormState, onStarted: (runId: number, jobId: string, label: string) => void) {
  const [starting, setStarting] = useState(false);
  const [refusal, setRefusal] = useState<{ message: string; field: string | null } | null>(null);
  const config = useMemo(() => lumFormToConfig(form), [form]);
  const issues: Issues = useMemo(() => {
    const found = checkLumConfig(config);
    if (refusal?.field && !found.has(refusal.field)) found.set(refusal.field, refusal.message);
    return found;
  }, [config, refusal]);
  useEffect(() => setRefusal(null), [form]);
  const start = async (): Promise<void> => {
    if (starting) return;
    const first = [...checkLumConfig(config)][0];
    if (first) {
      setRefusal({ message: `${first[0]}: ${first[1]}`, field: first[0] });
      return;
    }
    setStarting(true);
    try {
      const r = await call('lum.start', { datasetId, config });
      onStarted(r.runId, r.jobId, form.name.trim() || `LUM run ${r.runId}`);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      setRefusal({ message, field: e instanceof CallFailed ? (e.where?.field ?? null) : null });
    } finally {
      setStarting(false);
    }
  };

  return { config, issues, starting, refusal, start };
}
