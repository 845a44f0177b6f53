/** The record's text with its spans: Tab reaches it, the caret hook handles its keys and mouse. */
import type { RecordDetail } from '../../../../../preload/api-entities';
import { SpanText } from '../../../components/entities/SpanText';
import type { EditSpan } from '../../../components/entities/spanModel';
import type { useTextCaret } from './useTextCaret';

interface RecordTextProps {
  text: ReturnType<typeof useTextCaret>;
  detail: RecordDetail;
  spans: EditSpan[];
  colours: ReadonlyMap<string, string>;
  selected: number | null;
  /** A click on the text outside any span (not ending a drag) deselects. */
  onBackgroundClick: () => void;
}

export function RecordText({ text, detail, spans, colours, selected, onBackgroundClick }: RecordTextProps) {
  return (
    <div
      className="ent-text-wrap"
      ref={text.textRef}
      tabIndex={0}
      role="group"
      aria-label="Record text: ← → move the caret, Shift+← → select (Ctrl for words), a digit labels, Esc clears"
      data-testid="ent-text-wrap"
      data-caret={text.caret.focus}
      data-anchor={text.caret.anchor}
      onFocus={() => text.setTextFocused(true)}
      onBlur={() => text.setTextFocused(false)}
      onKeyDown={text.onTextKey}
      onMouseDown={(e) => {
        text.exactRef.current = e.altKey;
        // A press inside the old selection would drag its text; start a new selection instead.
        if (e.button === 0 && !e.shiftKey) window.getSelection()?.removeAllRanges();
      }}
      onMouseUp={text.onMouseUp}
      onClick={(e) => {
        if (e.target === e.currentTarget || (e.target as HTMLElement).dataset.o !== undefined) {
          const s = window.getSelection();
          if (!s || s.isCollapsed) onBackgroundClick();
        }
      }}
    >
      <SpanText text={detail.text} spans={spans} colours={colours} selected={selected} onSpanClick={text.onSpanClick} testid="ent-text" />
      <span className="ent-caret" ref={text.caretRef} aria-hidden="true" data-testid="ent-caret" />
    </div>
  );
}
