/**
 * The span editor, keyboard first. Select text — with the mouse, or Tab to the text and move a caret with ← →
 * (Ctrl/Alt for words), Shift extending — (snaps to words; hold Alt/Option for exact characters) and press a
 * label's digit; click a span to select it, a digit relabels it, Delete removes it; `a` / `r` accept or reject the
 * record; Ctrl/Cmd+Z undoes, Ctrl/Cmd+Shift+Z or Ctrl+Y redoes; j/k or ↓/↑ move to the next/previous record.
 * Every change saves the annotator's whole span list (entities.spans.save), one save at a time, latest wins.
 */
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent as ReactKeyboardEvent,
  type MouseEvent,
} from 'react';
import { MACHINE_ANNOTATOR, type Decision, type LabelSet, type RecordDetail } from '../../../../preload/api-entities';
import { call, CallFailed } from '../../client';
import { Spinner } from '../../components/bits';
import { caretKey, caretRange, type Caret } from '../../components/entities/caret';
import { domOffset, selectionOffsets, SourceLegend, SpanText } from '../../components/entities/SpanText';
import {
  exactRange,
  History,
  labelForDigit,
  refusal,
  snapToWords,
  sortSpans,
  toCodePointOffset,
  toInput,
  type EditSpan,
} from '../../components/entities/spanModel';
import { useReportError } from '../../errors';
import { isTypingTarget } from '../../hooks';
import { MaskPanel } from './MaskPanel';

type SaveState = 'saved' | 'saving' | 'unsaved' | 'error';

interface SpanEditorProps {
  recordId: number;
  annotator: string;
  labels: LabelSet | null;
  colours: ReadonlyMap<string, string>;
  onNavigate: (recordId: number) => void;
  onUpdated: (detail: RecordDetail) => void;
}

const EMPTY_NESTING = { mode: 'rules' as const, rules: [] };

/** Undo histories per record and annotator while the studio stays open (the newest 200 records). */
const HISTORIES = new Map<string, History<EditSpan[]>>();

/** The kept history of a record if it still ends where the back end is, else a new one from `start`. */
function keptHistory(key: string, start: EditSpan[]): History<EditSpan[]> {
  const kept = HISTORIES.get(key);
  HISTORIES.delete(key);
  const sig = (spans: readonly EditSpan[]): string => spans.map((x) => `${x.start}:${x.end}:${x.label}:${x.source}`).join(',');
  const h = kept && sig(kept.current) === sig(start) ? kept : new History(start, 200);
  HISTORIES.set(key, h);
  if (HISTORIES.size > 200) HISTORIES.delete(HISTORIES.keys().next().value!);
  return h;
}

/** The DOM point of UTF-16 offset `u` in a SpanText root: the run starting there, or (end) the run ending there. */
function domPoint(root: HTMLElement, u: number, end: boolean): [Node, number] | null {
  const runs = root.querySelectorAll<HTMLElement>('[data-o]');
  for (const el of runs) {
    const o = Number(el.dataset.o);
    const len = (el.textContent ?? '').length;
    if (end ? u > o && u <= o + len : u >= o && u < o + len) return [el.firstChild ?? el, u - o];
  }
  return null;
}

/** Puts the DOM selection on UTF-16 offsets [a, b) of a SpanText root (to show where a selection snapped to). */
function setDomSelection(root: HTMLElement, a: number, b: number): void {
  const s = domPoint(root, a, false);
  const e = domPoint(root, b, true);
  const sel = window.getSelection();
  if (!s || !e || !sel) return;
  sel.setBaseAndExtent(s[0], s[1], e[0], e[1]);
}

export function SpanEditor({ recordId, annotator, labels, colours, onNavigate, onUpdated }: SpanEditorProps) {
  const report = useReportError();
  const [detail, setDetail] = useState<RecordDetail | null>(null);
  const history = useRef<History<EditSpan[]> | null>(null);
  const [, setVersion] = useState(0);
  const bump = useCallback(() => setVersion((v) => v + 1), []);
  const [selected, setSelected] = useState<number | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'info'; text: string } | null>(null);
  const [saveState, setSaveState] = useState<SaveState>('saved');
  const [pending, setPending] = useState<string | null>(null);
  const [saves, setSaves] = useState(0);
  const textRef = useRef<HTMLDivElement>(null);
  const exactRef = useRef(false);
  const lastSaved = useRef<EditSpan[]>([]);
  const ownSaved = useRef(false);
  const saving = useRef({ inFlight: false, dirty: false });
  const alive = useRef(true);
  // The keyboard caret in the text (Tab reaches it): arrows move it, Shift+arrows select, a digit labels.
  const [caret, setCaret] = useState<Caret>({ anchor: 0, focus: 0 });
  const [textFocused, setTextFocused] = useState(false);
  const caretRef = useRef<HTMLSpanElement>(null);

  useEffect(() => {
    alive.current = true;
    setCaret({ anchor: 0, focus: 0 });
    call('entities.records.get', { recordId, annotator }).then(
      (d) => {
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

  const spans = history.current?.current ?? [];
  const nesting = labels?.nesting ?? EMPTY_NESTING;
  const labelDefs = labels?.labels ?? [];

  const flush = useCallback(async () => {
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
        onUpdated(d);
        if (alive.current) {
          setDetail(d);
          setSaves((n) => n + 1);
        }
      } catch (err) {
        failed = true;
        const text = err instanceof CallFailed || err instanceof Error ? err.message : String(err);
        if (alive.current) {
          // The server holds what it last accepted: show that, say why.
          h.replace(lastSaved.current);
          setSelected(null);
          setMessage({ kind: 'error', text: `Not saved: ${text}` });
          bump();
        }
        s.dirty = false;
      }
    } while (s.dirty);
    s.inFlight = false;
    if (alive.current) setSaveState(failed ? 'error' : 'saved');
  }, [recordId, annotator, onUpdated, bump]);

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

  const refuse = (text: string) => setMessage({ kind: 'error', text });

  /** The DOM selection inside the text as a code-point range with its text, snapped unless `exact`. */
  const readSelection = (exact: boolean): { start: number; end: number; text: string; u: [number, number] } | null => {
    const root = textRef.current;
    if (!root || !detail) return null;
    const raw = selectionOffsets(root);
    if (!raw) return null;
    const r = exact ? exactRange(detail.text, raw[0], raw[1]) : snapToWords(detail.text, raw[0], raw[1]);
    if (!r) return null;
    return {
      start: toCodePointOffset(detail.text, r[0]),
      end: toCodePointOffset(detail.text, r[1]),
      text: detail.text.slice(r[0], r[1]),
      u: r,
    };
  };

  const applyLabel = (digit: number, exact: boolean) => {
    if (!detail) return;
    const label = labelForDigit(labelDefs, digit);
    if (!label) {
      refuse(`No label has hotkey ${digit} (set hotkeys in Labels).`);
      return;
    }
    const sel = readSelection(exact);
    if (sel) {
      const same = spans.findIndex((s) => s.start === sel.start && s.end === sel.end);
      window.getSelection()?.removeAllRanges();
      setPending(null);
      setCaret({ anchor: sel.u[1], focus: sel.u[1] });
      if (same >= 0) {
        relabel(same, label.name);
        return;
      }
      const span: EditSpan = { start: sel.start, end: sel.end, label: label.name, source: 'human', text: sel.text, ref: null };
      const why = refusal(spans, span, nesting);
      if (why) {
        refuse(why);
        return;
      }
      const next = sortSpans([...spans, span]);
      commit(next, next.indexOf(span), `Added ${label.name} “${sel.text}”.`);
      return;
    }
    if (selected !== null && spans[selected]) relabel(selected, label.name);
    else refuse('Select some text (or click a span) first, then press a label’s digit.');
  };

  const relabel = (index: number, name: string) => {
    const old = spans[index];
    if (!old) return;
    if (old.label === name) {
      setSelected(index);
      return;
    }
    const span: EditSpan = { ...old, label: name, source: 'human' };
    const why = refusal(spans, span, nesting, index);
    if (why) {
      refuse(why);
      return;
    }
    const next = spans.map((s, i) => (i === index ? span : s));
    commit(next, index, `Relabelled “${old.text}” ${old.label} → ${name}.`);
  };

  const remove = (index: number) => {
    const old = spans[index];
    if (!old) return;
    commit(
      spans.filter((_, i) => i !== index),
      null,
      `Removed ${old.label} “${old.text}”.`,
    );
  };

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

  const review = async (decision: Decision) => {
    if (!detail) return;
    try {
      // Accepting or rejecting confirms the spans shown: save them as this annotator's first if they never were.
      if (!ownSaved.current) {
        await call('entities.spans.save', { recordId, annotator, spans: spans.map(toInput) });
        ownSaved.current = true;
        lastSaved.current = spans;
      }
      const d = await call('entities.records.review', { recordId, annotator, decision });
      onUpdated(d);
      if (alive.current) {
        setDetail(d);
        setMessage({ kind: 'info', text: decision === 'accepted' ? 'Accepted.' : 'Rejected.' });
      }
    } catch (e) {
      report(e, 'Review');
    }
  };

  const adjudicate = async () => {
    try {
      const d = await call('entities.adjudicate', { recordId, adjudicator: annotator, spans: spans.map(toInput) });
      onUpdated(d);
      if (alive.current) {
        setDetail(d);
        setMessage({ kind: 'info', text: `Saved ${spans.length} spans as the final ones.` });
      }
    } catch (e) {
      report(e, 'Adjudicate');
    }
  };

  // Keyboard: one listener on the window, reading the latest render through a ref.
  const keyRef = useRef<(e: KeyboardEvent) => void>(() => {});
  keyRef.current = (e: KeyboardEvent) => {
    if (e.defaultPrevented || isTypingTarget(e.target) || document.querySelector('[role="dialog"]')) return;
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key.toLowerCase();
    if (mod && key === 'z') {
      e.preventDefault();
      undoRedo(e.shiftKey);
      return;
    }
    if (mod && key === 'y') {
      e.preventDefault();
      undoRedo(true);
      return;
    }
    if (mod) return;
    const digit = /^Digit([1-9])$/.exec(e.code)?.[1] ?? (/^[1-9]$/.test(e.key) ? e.key : undefined);
    if (digit !== undefined) {
      e.preventDefault();
      applyLabel(Number(digit), exactRef.current || e.altKey);
      return;
    }
    if (e.altKey) return;
    switch (e.key) {
      case 'Delete':
      case 'Backspace':
        if (selected !== null) {
          e.preventDefault();
          remove(selected);
        }
        return;
      case 'Escape':
        setSelected(null);
        setPending(null);
        setCaret((c) => ({ anchor: c.focus, focus: c.focus }));
        window.getSelection()?.removeAllRanges();
        return;
      case 'a':
        e.preventDefault();
        void review('accepted');
        return;
      case 'r':
        e.preventDefault();
        void review('rejected');
        return;
      case 'j':
      case 'ArrowDown':
        if (detail?.nextId) {
          e.preventDefault();
          onNavigate(detail.nextId);
        }
        return;
      case 'k':
      case 'ArrowUp':
        if (detail?.prevId) {
          e.preventDefault();
          onNavigate(detail.prevId);
        }
        return;
    }
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => keyRef.current(e);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  /** Moves the keyboard caret; a non-empty keyboard selection becomes the DOM selection a digit reads. */
  const moveCaret = (next: Caret) => {
    const root = textRef.current;
    if (!root || !detail) return;
    setCaret(next);
    exactRef.current = false;
    const r = caretRange(next);
    if (!r) {
      window.getSelection()?.removeAllRanges();
      setPending(null);
      return;
    }
    setDomSelection(root, r[0], r[1]);
    const snapped = readSelection(false);
    setSelected(null);
    setMessage(null);
    setPending(snapped ? snapped.text : null);
  };

  const onTextKey = (e: ReactKeyboardEvent) => {
    if (!detail || e.metaKey) return;
    const next = caretKey(detail.text, caret, e);
    if (!next) return;
    e.preventDefault();
    moveCaret(next);
  };

  // Draws the caret where the keyboard left it (a non-editable text shows none of its own).
  useLayoutEffect(() => {
    const root = textRef.current;
    const mark = caretRef.current;
    if (!root || !mark) return;
    const point = textFocused && !caretRange(caret) ? (domPoint(root, caret.focus, false) ?? domPoint(root, caret.focus, true)) : null;
    if (!point) {
      mark.style.display = 'none';
      return;
    }
    const r = document.createRange();
    r.setStart(point[0], point[1]);
    r.collapse(true);
    const at = r.getClientRects()[0] ?? r.getBoundingClientRect();
    const box = root.getBoundingClientRect();
    mark.style.display = 'block';
    mark.style.left = `${at.left - box.left - root.clientLeft}px`;
    mark.style.top = `${at.top - box.top - root.clientTop}px`;
    mark.style.height = `${Math.max(at.height, 16)}px`;
  });

  const onMouseUp = (e: MouseEvent) => {
    exactRef.current = e.altKey;
    const root = textRef.current;
    const dom = window.getSelection();
    if (root && dom?.focusNode) {
      // The keyboard carries on from where the mouse left the caret or selection.
      const raw = selectionOffsets(root);
      const at = domOffset(root, dom.focusNode, dom.focusOffset);
      if (raw) setCaret({ anchor: at === raw[0] ? raw[1] : raw[0], focus: at ?? raw[1] });
      else if (at !== null) setCaret({ anchor: at, focus: at });
    }
    const sel = readSelection(e.altKey);
    if (!sel) {
      setPending(null);
      return;
    }
    // Show where the selection snapped to; the digit reads it back from the DOM.
    if (textRef.current) setDomSelection(textRef.current, sel.u[0], sel.u[1]);
    setSelected(null);
    setMessage(null);
    setPending(sel.text);
  };

  const onSpanClick = useCallback((index: number, e: MouseEvent) => {
    e.stopPropagation();
    const sel = window.getSelection();
    if (sel && !sel.isCollapsed) return; // a drag inside a span selects text, not the span
    setSelected((cur) => (cur === index ? null : index));
    setPending(null);
  }, []);

  if (!detail) return <Spinner label={`Opening record ${recordId}…`} />;

  const own = detail.annotations.find((a) => a.annotator === annotator);
  const others = detail.annotations.filter((a) => a.annotator !== annotator);
  const sel = selected !== null ? spans[selected] : undefined;
  const h = history.current;

  return (
    <div className="ent-editor" data-testid="ent-editor" data-record-id={detail.id} data-save-state={saveState}>
      <div className="ent-editor-head">
        <div>
          <h2>
            Record {detail.id} <span className="muted">· user {detail.userExtId}</span>
          </h2>
          <div className="ent-editor-meta">
            <span className={`ent-status ent-status-${detail.status}`} data-testid="ent-record-status">
              {detail.status}
            </span>
            {own?.decision && <span className="muted">you {own.decision} it</span>}
            {detail.adjudicator && <span className="muted">final by {detail.adjudicator}</span>}
            <span className={`ent-save ent-save-${saveState}`} data-testid="ent-save-state" aria-live="polite">
              {saveState === 'saved'
                ? own || saves > 0
                  ? 'saved'
                  : 'machine spans (not yet yours)'
                : saveState === 'saving'
                  ? 'saving…'
                  : saveState === 'unsaved'
                    ? 'unsaved'
                    : 'not saved'}
            </span>
          </div>
        </div>
        <div className="ent-editor-actions">
          <button
            type="button"
            className="button small"
            disabled={!detail.prevId}
            onClick={() => detail.prevId && onNavigate(detail.prevId)}
            title="Previous record (k or ↑)"
            data-testid="ent-prev"
          >
            ← Prev
          </button>
          <button
            type="button"
            className="button small"
            disabled={!detail.nextId}
            onClick={() => detail.nextId && onNavigate(detail.nextId)}
            title="Next record (j or ↓)"
            data-testid="ent-next"
          >
            Next →
          </button>
          <button
            type="button"
            className="button small"
            onClick={() => undoRedo(false)}
            disabled={!h?.canUndo}
            title="Undo (Ctrl/Cmd+Z)"
            data-testid="ent-undo"
          >
            Undo
          </button>
          <button
            type="button"
            className="button small"
            onClick={() => undoRedo(true)}
            disabled={!h?.canRedo}
            title="Redo (Ctrl/Cmd+Shift+Z, Ctrl+Y)"
            data-testid="ent-redo"
          >
            Redo
          </button>
          <button
            type="button"
            className="button small ent-accept"
            onClick={() => void review('accepted')}
            title="Accept (a)"
            data-testid="ent-accept"
          >
            Accept <kbd>a</kbd>
          </button>
          <button
            type="button"
            className="button small danger"
            onClick={() => void review('rejected')}
            title="Reject (r)"
            data-testid="ent-reject"
          >
            Reject <kbd>r</kbd>
          </button>
        </div>
      </div>

      <div className="ent-labelbar" data-testid="ent-labelbar">
        {labelDefs.map((l, i) => {
          const digit = l.hotkey ?? (labelDefs.some((x) => x.hotkey !== null) ? null : i + 1);
          return (
            <button
              key={l.name}
              type="button"
              className="ent-label-chip"
              style={{ borderColor: l.colour }}
              disabled={digit === null || digit > 9}
              title={l.description || `Apply ${l.name}`}
              onMouseDown={(e) => e.preventDefault() /* keep the text selection */}
              onClick={() => digit !== null && applyLabel(digit, exactRef.current)}
              data-testid="ent-label-chip"
              data-label={l.name}
            >
              <span className="ent-label-dot" style={{ background: l.colour }} />
              {l.name}
              {digit !== null && <kbd>{digit}</kbd>}
            </button>
          );
        })}
      </div>

      <div
        className="ent-text-wrap"
        ref={textRef}
        tabIndex={0}
        role="group"
        aria-label="Record text: ← → move the caret, Shift+← → select (Ctrl for words), a digit labels, Esc clears"
        data-testid="ent-text-wrap"
        data-caret={caret.focus}
        data-anchor={caret.anchor}
        onFocus={() => setTextFocused(true)}
        onBlur={() => setTextFocused(false)}
        onKeyDown={onTextKey}
        onMouseDown={(e) => {
          exactRef.current = e.altKey;
          // A press inside the old selection would drag its text; start a new selection instead.
          if (e.button === 0 && !e.shiftKey) window.getSelection()?.removeAllRanges();
        }}
        onMouseUp={onMouseUp}
        onClick={(e) => {
          if (e.target === e.currentTarget || (e.target as HTMLElement).dataset.o !== undefined) {
            const s = window.getSelection();
            if (!s || s.isCollapsed) setSelected(null);
          }
        }}
      >
        <SpanText text={detail.text} spans={spans} colours={colours} selected={selected} onSpanClick={onSpanClick} testid="ent-text" />
        <span className="ent-caret" ref={caretRef} aria-hidden="true" data-testid="ent-caret" />
      </div>

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

      <div className="ent-editor-foot">
        <SourceLegend />
        <span className="muted small" data-testid="ent-span-count">
          {spans.length} spans · history {h?.depth ?? 0}
        </span>
        <button
          type="button"
          className="button small"
          onClick={() => void adjudicate()}
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

      <MaskPanel recordId={recordId} annotator={annotator} version={saves} />
    </div>
  );
}
