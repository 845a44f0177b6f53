/**
 * The span editor, keyboard first. Select text — with the mouse, or Tab to the text and move a caret with ← →
 * (Ctrl/Alt for words), Shift extending — (snaps to words; hold Alt/Option for exact characters) and press a
 * label's digit; click a span to select it, a digit relabels it, Delete removes it; `a` / `r` accept or reject the
 * record; Ctrl/Cmd+Z undoes, Ctrl/Cmd+Shift+Z or Ctrl+Y redoes; j/k or ↓/↑ move to the next/previous record (of the
 * filtered list when `neighbour` is given). Every change saves the annotator's whole span list (entities.spans.save).
 * The parts live in ./editor: the record and its saves, the caret, the label actions, the keys, the head and foot.
 */
import type { LabelSet, RecordDetail } from '../../../../preload/api-entities';
import { Spinner } from '../../components/bits';
import { useReportError } from '../../errors';
import { EditorFooter, EditorMessageLine } from './editor/EditorFooter';
import { EditorHead } from './editor/EditorHead';
import { labelActions } from './editor/labelActions';
import { LabelBar } from './editor/LabelBar';
import { recordDecisions } from './editor/recordDecisions';
import { RecordText } from './editor/RecordText';
import { useEditorKeys } from './editor/useEditorKeys';
import { useSpanRecord } from './editor/useSpanRecord';
import { useTextCaret } from './editor/useTextCaret';
import { MaskPanel } from './MaskPanel';

interface SpanEditorProps {
  recordId: number;
  annotator: string;
  labels: LabelSet | null;
  colours: ReadonlyMap<string, string>;
  onNavigate: (recordId: number) => void;
  onUpdated: (detail: RecordDetail) => void;
  /** The next/previous record of the list as filtered (null at its end); without it, the next/previous by id. */
  neighbour?: (from: number, dir: 1 | -1) => Promise<number | null>;
}

const EMPTY_NESTING = { mode: 'rules' as const, rules: [] };

export function SpanEditor({ recordId, annotator, labels, colours, onNavigate, onUpdated, neighbour }: SpanEditorProps) {
  const report = useReportError();
  const rec = useSpanRecord(recordId, annotator, onUpdated);
  const { detail, spans, selected, setSelected, setMessage } = rec;
  const text = useTextCaret(detail, () => (setSelected(null), setMessage(null)), setSelected);
  const refuse = (t: string) => setMessage({ kind: 'error', text: t });
  const { applyLabel, remove } = labelActions({
    textRef: text.textRef,
    detail,
    spans,
    labelDefs: labels?.labels ?? [],
    nesting: labels?.nesting ?? EMPTY_NESTING,
    selected,
    setSelected,
    commit: rec.commit,
    refuse,
    consumed: (u) => text.collapse(u),
  });
  const { review, adjudicate } = recordDecisions({ recordId, annotator, ...rec, onUpdated, report });

  const step = (dir: 1 | -1): boolean => {
    if (!detail) return false;
    if (!neighbour) {
      const to = dir > 0 ? detail.nextId : detail.prevId;
      if (to) onNavigate(to);
      return Boolean(to);
    }
    neighbour(detail.id, dir).then(
      (to) =>
        to !== null
          ? onNavigate(to)
          : setMessage({ kind: 'info', text: `No ${dir > 0 ? 'next' : 'previous'} record in the filtered list.` }),
      (e: unknown) => report(e, 'Finding the next record'),
    );
    return true;
  };

  useEditorKeys({
    undoRedo: rec.undoRedo,
    label: (digit, alt) => applyLabel(digit, text.exactRef.current || alt),
    remove: () => selected !== null && (remove(selected), true),
    clear: () => {
      setSelected(null);
      text.collapse();
      window.getSelection()?.removeAllRanges();
    },
    review: (d) => void review(d),
    step,
  });

  if (!detail) return <Spinner label={`Opening record ${recordId}…`} />;
  const h = rec.history;

  return (
    <div className="ent-editor" data-testid="ent-editor" data-record-id={detail.id} data-save-state={rec.saveState}>
      <EditorHead
        detail={detail}
        annotator={annotator}
        saveState={rec.saveState}
        saves={rec.saves}
        canUndo={Boolean(h?.canUndo)}
        canRedo={Boolean(h?.canRedo)}
        onStep={step}
        onUndoRedo={rec.undoRedo}
        onReview={(d) => void review(d)}
      />
      <LabelBar labels={labels?.labels ?? []} onApply={(digit) => applyLabel(digit, text.exactRef.current)} />
      <RecordText
        text={text}
        detail={detail}
        spans={spans}
        colours={colours}
        selected={selected}
        onBackgroundClick={() => setSelected(null)}
      />
      <EditorMessageLine message={rec.message} pending={text.pending} sel={selected !== null ? spans[selected] : undefined} />
      <EditorFooter
        spans={spans.length}
        depth={h?.depth ?? 0}
        onAdjudicate={() => void adjudicate()}
        detail={detail}
        annotator={annotator}
      />
      <MaskPanel recordId={recordId} annotator={annotator} version={rec.saves} />
    </div>
  );
}
