/**
 * A read kept live by back-end events. A running run or generation set emits its event every step or batch,
 * which can be several times a second; the read is redone at most once per `throttleMs` (the first change at
 * once, the last never dropped) and never with two fetches in flight, so a slow answer cannot overwrite a newer one.
 */
import { useEffect, useRef, useState } from 'react';
import { useReportError } from './errors';

export const THROTTLE_MS = 300;

/** Subscribes `onChange` to whatever makes the read stale; returns the unsubscribe. */
export type Subscribe = (onChange: () => void) => () => void;

/**
 * `load` runs on mount, when `key` changes, and (throttled) whenever `subscribe` signals a change.
 * Undefined until the first answer; null when the load failed (the error is reported with `context`).
 */
export function useLive<T>(
  key: string,
  load: () => Promise<T>,
  subscribe: Subscribe,
  context: string,
  throttleMs = THROTTLE_MS,
): T | null | undefined {
  const report = useReportError();
  const [data, setData] = useState<{ key: string; value: T | null } | undefined>(undefined);
  const latest = useRef({ load, subscribe, report, context });
  latest.current = { load, subscribe, report, context };

  useEffect(() => {
    let alive = true;
    let inFlight = false;
    let dirty = false;
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const fetchNow = (): void => {
      timer = null;
      inFlight = true;
      last = Date.now();
      latest.current
        .load()
        .then(
          (value) => {
            if (alive) setData({ key, value });
          },
          (err: unknown) => {
            if (!alive) return;
            latest.current.report(err, latest.current.context);
            setData((d) => (d?.key === key ? d : { key, value: null }));
          },
        )
        .finally(() => {
          inFlight = false;
          if (alive && dirty) {
            dirty = false;
            schedule();
          }
        });
    };
    const schedule = (): void => {
      if (inFlight) {
        dirty = true;
        return;
      }
      if (timer !== null) return;
      timer = setTimeout(fetchNow, Math.max(0, last + throttleMs - Date.now()));
    };
    fetchNow();
    const off = latest.current.subscribe(schedule);
    return () => {
      alive = false;
      off();
      if (timer !== null) clearTimeout(timer);
    };
  }, [key]);

  return data?.key === key ? data.value : undefined;
}
