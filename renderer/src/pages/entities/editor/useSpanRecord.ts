/**
 * The record open in the span editor and its undoable span list: loads it, keeps this annotator's history, and saves
 * the whole list after every change (entities.spans.save), one save at a time, latest wins; a refused save puts back
 * what the back end last accepted and says why.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { MACHINE_ANNOTATOR, type RecordDetail } from '../../../../../preload/api-entities';
import { call } from '../../../client';
import { sortSpans, type EditSpan, type History } from '../../../components/entities/spanModel';
import { useReportError } from '../../../errors';
import { rememberRecord } from '../recordAddress';
import { keptHistory } from './recordHistory';
import { useSpanSaver, type SaveState } from './useSpanSaver';

export type { SaveState };

export interface EditorMessage {
  kind: 'error' | 'info';
  text: string;
}

export function useSpanRecord(recordId: number, annotator: string, onUpdated: (d: RecordDetail) => void) {
  const report = useReportError();
  const [detail, setDetail] = useState<RecordDetail | null>(null);
  const history = useRef<History<EditSpan[]> | null>(null);
  const [, setVersion] = useState(0);
  const bump = useCallback(() => setVersion((v) => v + 1), []);
  const [selected, setSelected] = useState<number | null>(null);
  const [message, setMessage] = useState<EditorMessage | null>(null);
  const [saveState, setSaveState] = useState<SaveState>('saved');
  const [saves, setSaves] = useState(0);
  const lastSaved = useRef<EditSpan[]>([]);
  const ownSaved = useRef(false);
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    call('entities.records.get', { recordId, annotator }).then(
      (d) => {
        rememberRecord(d.datasetId, d.id, d.userExtId);
        if (!alive.current) return;
        const mine = d.annotations.find((a) => a.annotator === annotator);
        const start = sortSpans(mine ? mine.spans : (d.annotations.find((a) => a.annotator === MACHINE_ANNOTATOR)?.spans ?? []));
        ownSaved.current = Boolean(mine);
        history.current = keptHistory(`${recordId}\u0000${annotator}`, start);
        lastSaved.current = start;
        setDetail(d);
        setSelected(null);
        setSaveState('saved');
      },
      (e: unknown) => report(e, `Opening record ${recordId}`),
    );
    return () => {
      alive.current = false;
    };
  }, [recordId, annotator, report]);

  const refs = { history, lastSaved, ownSaved, alive };
  const onSaved = useCallback(
    (d: RecordDetail) => {
      onUpdated(d);
      if (!alive.current) return;
      setDetail(d);
      setSaves((n) => n + 1);
    },
    [onUpdated],
  );
  const onRefused = useCallback(
    (text: string) => {
      if (!alive.current) return;
      // The server holds what it last accepted: show that, say why.
      history.current?.replace(lastSaved.current);
      setSelected(null);
      setMessage({ kind: 'error', text: `Not saved: ${text}` });
      bump();
    },
    [bump],
  );
  const flush = useSpanSaver(recordId, annotator, refs, onSaved, onRefused, setSaveState);

  const commit = useCallback(
    (next: EditSpan[], select: number | null, info?: string) => {
      const h = history.current;
      if (!h) return;
      h.push(next);
      setSelected(select);
      setMessage(info ? { kind: 'info', text: info } : null);
      setSaveState('unsaved');
      bump();
      void flush();
    },
    [flush, bump],
  );

  const undoRedo = (redo: boolean) => {
    const h = history.current;
    if (!h) return;
    if (!(redo ? h.redo() : h.undo())) {
      setMessage({ kind: 'info', text: redo ? 'Nothing to redo.' : 'Nothing to undo.' });
      return;
    }
    setSelected(null);
    setMessage({ kind: 'info', text: redo ? 'Redone.' : 'Undone.' });
    setSaveState('unsaved');
    bump();
    void flush();
  };

  const spans = history.current?.current ?? [];
  const record = { detail, setDetail, history: history.current, spans, saves, saveState, alive, ownSaved, lastSaved };
  return { ...record, selected, setSelected, message, setMessage, commit, undoRedo };
}
