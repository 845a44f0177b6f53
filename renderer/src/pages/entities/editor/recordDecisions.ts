/** Accept / reject the record (saving the shown spans as this annotator's first if they never were) and adjudicate. */
import type { RefObject } from 'react';
import type { Decision, RecordDetail } from '../../../../../preload/api-entities';
import { call } from '../../../client';
import { toInput, type EditSpan } from '../../../components/entities/spanModel';
import type { EditorMessage } from './useSpanRecord';

interface DecisionsInput {
  recordId: number;
  annotator: string;
  detail: RecordDetail | null;
  spans: EditSpan[];
  ownSaved: RefObject<boolean>;
  lastSaved: RefObject<EditSpan[]>;
  alive: RefObject<boolean>;
  onUpdated: (d: RecordDetail) => void;
  setDetail: (d: RecordDetail) => void;
  setMessage: (m: EditorMessage) => void;
  report: (e: unknown, context: string) => void;
}

export function recordDecisions(p: DecisionsInput) {
  const { recordId, annotator, spans } = p;
  const shown = (d: RecordDetail, text: string) => {
    p.onUpdated(d);
    if (!p.alive.current) return;
    p.setDetail(d);
    p.setMessage({ kind: 'info', text });
  };

  const review = async (decision: Decision) => {
    if (!p.detail) return;
    try {
      // Accepting or rejecting confirms the spans shown: save them as this annotator's first if they never were.
      if (!p.ownSaved.current) {
        await call('entities.spans.save', { recordId, annotator, spans: spans.map(toInput) });
        p.ownSaved.current = true;
        p.lastSaved.current = spans;
      }
      const d = await call('entities.records.review', { recordId, annotator, decision });
      shown(d, decision === 'accepted' ? 'Accepted.' : 'Rejected.');
    } catch (e) {
      p.report(e, 'Review');
    }
  };

  const adjudicate = async () => {
    try {
      const d = await call('entities.adjudicate', { recordId, adjudicator: annotator, spans: spans.map(toInput) });
      shown(d, `Saved ${spans.length} spans as the final ones.`);
    } catch (e) {
      p.report(e, 'Adjudicate');
    }
  };

  return { review, adjudicate };
}
