import { useCallback, useState } from 'react';
import { useReportError } from '../errors';

/**
 * One back-end action at a time: `busy` holds the running action's key (a name, a row id, or true) so its buttons
 * disable and relabel; `act(key, fn, context)` runs `fn`, reports a failure under `context` (the key when it is a
 * name), and clears `busy`.
 */
export function useBusyAction<K = string>(): {
  busy: K | null;
  act: (key: K, fn: () => Promise<unknown>, context?: string) => Promise<void>;
} {
  const report = useReportError();
  const [busy, setBusy] = useState<K | null>(null);
  const act = useCallback(
    (key: K, fn: () => Promise<unknown>, context?: string): Promise<void> => {
      setBusy(key);
      return fn()
        .then(
          () => undefined,
          (e: unknown) => report(e, context ?? String(key)),
        )
        .finally(() => setBusy(null));
    },
    [report],
  );
  return { busy, act };
}
