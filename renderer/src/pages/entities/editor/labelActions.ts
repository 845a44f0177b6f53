/**
 * What a label's digit, a relabel and Delete do to the span list: a selection (snapped to words unless exact) becomes
 * a span, a selected span is relabelled; nesting rules and overlaps refuse with the reason.
 */
import type { RefObject } from 'react';
import type { LabelDef, Nesting, RecordDetail } from '../../../../../preload/api-entities';
import { selectionOffsets } from '../../../components/entities/SpanText';
import {
  exactRange,
  labelForDigit,
  refusal,
  snapToWords,
  sortSpans,
  toCodePointOffset,
  type EditSpan,
} from '../../../components/entities/spanModel';

/** A selection in the text as a code-point range with its text and its UTF-16 offsets. */
export interface TextSelection {
  start: number;
  end: number;
  text: string;
  u: [number, number];
}

/** The DOM selection inside the text, snapped unless `exact`. */
export function readSelection(root: HTMLElement | null, detail: RecordDetail | null, exact: boolean): TextSelection | null {
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
}

interface LabelActionsInput {
  textRef: RefObject<HTMLDivElement | null>;
  detail: RecordDetail | null;
  spans: EditSpan[];
  labelDefs: readonly LabelDef[];
  nesting: Nesting;
  selected: number | null;
  setSelected: (i: number | null) => void;
  commit: (next: EditSpan[], select: number | null, info?: string) => void;
  refuse: (text: string) => void;
  /** A selection was used up: clear the pending one and put the caret at `u`. */
  consumed: (u: number) => void;
}

export function labelActions(p: LabelActionsInput) {
  const { spans, nesting, commit, refuse } = p;

  const relabel = (index: number, name: string) => {
    const old = spans[index];
    if (!old) return;
    if (old.label === name) {
      p.setSelected(index);
      return;
    }
    const span: EditSpan = { ...old, label: name, source: 'human' };
    const why = refusal(spans, span, nesting, index);
    if (why) return refuse(why);
    commit(
      spans.map((s, i) => (i === index ? span : s)),
      index,
      `Relabelled “${old.text}” ${old.label} → ${name}.`,
    );
  };

  const applyLabel = (digit: number, exact: boolean) => {
    if (!p.detail) return;
    const label = labelForDigit(p.labelDefs, digit);
    if (!label) return refuse(`No label has hotkey ${digit} (set hotkeys in Labels).`);
    const sel = readSelection(p.textRef.current, p.detail, exact);
    if (sel) {
      const same = spans.findIndex((s) => s.start === sel.start && s.end === sel.end);
      window.getSelection()?.removeAllRanges();
      p.consumed(sel.u[1]);
      if (same >= 0) return relabel(same, label.name);
      const span: EditSpan = { start: sel.start, end: sel.end, label: label.name, source: 'human', text: sel.text, ref: null };
      const why = refusal(spans, span, nesting);
      if (why) return refuse(why);
      const next = sortSpans([...spans, span]);
      return commit(next, next.indexOf(span), `Added ${label.name} “${sel.text}”.`);
    }
    if (p.selected !== null && spans[p.selected]) relabel(p.selected, label.name);
    else refuse('Select some text (or click a span) first, then press a label’s digit.');
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

  return { applyLabel, remove };
}
