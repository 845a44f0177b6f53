import { useCallback, useEffect, useRef, useState } from 'react';
import type { Run } from '../../../../preload/api-training';
import { defaultGenForm, type GenForm, type SetGenForm } from './genForm';

/**
 * The generate form's state. "Generate…" on a run names it in the address (`wanted`): the form takes it once (the user
 * may pick another after). Otherwise the form starts on the newest run with a checkpoint, and moves off a deleted one.
 */
export function useGenFormState(ready: Run[] | null | undefined, wanted: number | null): { form: GenForm; setForm: SetGenForm } {
  const [form, setFormState] = useState<GenForm>(() => defaultGenForm(null));
  const setForm: SetGenForm = useCallback((change) => setFormState(change), []);

  const applied = useRef<number | null>(null);
  useEffect(() => {
    if (!ready || ready.length === 0) return;
    const named = wanted !== null && wanted !== applied.current ? ready.find((r) => r.id === wanted) : undefined;
    if (named) applied.current = wanted;
    setFormState((f) => {
      if (named) return named.id === f.runId ? f : defaultGenForm(named);
      return ready.some((r) => r.id === f.runId) ? f : defaultGenForm(ready[0] ?? null);
    });
  }, [ready, wanted]);

  return { form, setForm };
}
