/** Saves the span list after each change: one save at a time; changes made meanwhile go in one more save (latest wins). */
import { useCallback, useRef, type RefObject } from 'react';
import type { RecordDetail } from '../../../../../preload/api-entities';
import { call, CallFailed } from '../../../client';
import { toInput, type EditSpan, type History } from '../../../components/entities/spanModel';

/** How the editor's edits stand against the workspace. */
export type SaveState = 'saved' | 'saving' | 'unsaved' | 'error';

export interface SaverRefs {
  history: RefObject<History<EditSpan[]> | null>;
  lastSaved: RefObject<EditSpan[]>;
  ownSaved: RefObject<boolean>;
  alive: RefObject<boolean>;
}

export function useSpanSaver(
  recordId: number,
  annotator: string,
  refs: SaverRefs,
  onSaved: (d: RecordDetail) => void,
  onRefused: (text: string) => void,
  setSaveState: (s: SaveState) => void,
): () => Promise<void> {
  const saving = useRef({ inFlight: false, dirty: false });
  const { history, lastSaved, ownSaved, alive } = refs;
  return useCallback(async () => {
    const s = saving.current;
    if (s.inFlight) {
      s.dirty = true;
      return;
    }
    s.inFlight = true;
    setSaveState('saving');
    let failed = false;
    do {
      s.dirty = false;
      const h = history.current;
      if (!h) break;
      const sending = h.current;
      try {
        const d = await call('entities.spans.save', { recordId, annotator, spans: sending.map(toInput) });
        lastSaved.current = sending;
        ownSaved.current = true;
        failed = false;
        onSaved(d);
      } catch (err) {
        failed = true;
        onRefused(err instanceof CallFailed || err instanceof Error ? err.message : String(err));
        s.dirty = false;
      }
    } while (s.dirty);
    s.inFlight = false;
    if (alive.current) setSaveState(failed ? 'error' : 'saved');
  }, [recordId, annotator, history, lastSaved, ownSaved, alive, onSaved, onRefused, setSaveState]);
}
