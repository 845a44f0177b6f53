/** Below the text: the message line (what happened, or what to do next), the span count and the other annotators. */
import { MACHINE_ANNOTATOR, type RecordDetail } from '../../../../../preload/api-entities';
import { SourceLegend } from '../../../components/entities/SpanText';
import type { EditSpan } from '../../../components/entities/spanModel';
import type { EditorMessage } from './useSpanRecord';

export function EditorMessageLine({
  message,
  pending,
  sel,
}: {
  message: EditorMessage | null;
  pending: string | null;
  sel: EditSpan | undefined;
}) {
  return (
    <div
      className={`ent-message${message?.kind === 'error' ? ' ent-message-error' : ''}`}
      role={message?.kind === 'error' ? 'alert' : 'status'}
      data-testid="ent-message"
    >
      {message ? (
        message.text
      ) : pending ? (
        <>
          Selected “{pending}” — press a label’s digit (hold <kbd>Alt</kbd> while selecting for exact characters).
        </>
      ) : sel ? (
        <>
          {sel.label} “{sel.text}” ({sel.source}) selected — a digit relabels it, <kbd>Delete</kbd> removes it.
        </>
      ) : (
        <span className="muted">
          Select text (mouse, or <kbd>Tab</kbd> to the text and <kbd>Shift</kbd>+<kbd>→</kbd>) and press a digit to label it; click a span
          to select it.
        </span>
      )}
    </div>
  );
}

export function EditorFooter(p: { spans: number; depth: number; onAdjudicate: () => void; detail: RecordDetail; annotator: string }) {
  const others = p.detail.annotations.filter((a) => a.annotator !== p.annotator);
  return (
    <>
      <div className="ent-editor-foot">
        <SourceLegend />
        <span className="muted small" data-testid="ent-span-count">
          {p.spans} spans · history {p.depth}
        </span>
        <button
          type="button"
          className="button small"
          onClick={p.onAdjudicate}
          title="Save these spans as the record's final (adjudicated) spans"
          data-testid="ent-adjudicate"
        >
          Save as final
        </button>
      </div>
      {others.length > 0 && (
        <div className="ent-others small" data-testid="ent-others">
          {others.map((a) => (
            <span key={a.annotator} className="chip">
              {a.annotator === MACHINE_ANNOTATOR ? 'machine' : a.annotator}: {a.spans.length} spans{a.decision ? `, ${a.decision}` : ''}
            </span>
          ))}
        </div>
      )}
    </>
  );
}
