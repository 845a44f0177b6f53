import { useCallback, useState } from 'react';
import { useReportError } from '../errors';

/**
 * One back-end action at a time from a list's buttons: `busy` holds the key (a row id, or true) while one runs, so its
 * buttons disable; a failure is reported with the action's own words.
 */
export function useBusyAction<K>() {
  const report = useReportError();
  const [busy, setBusy] = useState<K | null>(null);
  const run = useCallback(
    (key: K, fn: () => Promise<unknown>, context: string): Promise<void> => {
      setBusy(key);
      return fn()
        .then(
          () => undefined,
          (e: unknown) => report(e, context),
        )
        .finally(() => setBusy(null));
    },
    [report],
  );
  return { busy, run };
}
