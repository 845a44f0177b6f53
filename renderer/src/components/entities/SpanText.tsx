/**
 * A record's text with its entity spans highlighted in their label colours; nested spans show as boxes inside boxes.
 * Plain text runs carry `data-o` (their UTF-16 offset) so a DOM selection maps back to text offsets (`selectionOffsets`).
 * Border style tells the source: solid = a curator, dashed = pattern, dotted = catalog, none (underline) = textualizer.
 */
import { memo, useMemo, type MouseEvent, type ReactNode } from 'react';
import { cpToUtf16Index, fill, spanTree, type EditSpan, type SpanNode } from './spanModel';

interface SpanTextProps {
  text: string;
  spans: readonly EditSpan[];
  colours: ReadonlyMap<string, string>;
  selected?: number | null;
  onSpanClick?: (index: number, e: MouseEvent) => void;
  testid?: string;
  className?: string;
}

export const SpanText = memo(function SpanText({ text, spans, colours, selected = null, onSpanClick, testid, className }: SpanTextProps) {
  const idx = useMemo(() => cpToUtf16Index(text), [text]);
  const tree = useMemo(() => spanTree(spans, idx), [spans, idx]);

  const run = (a: number, b: number): ReactNode => (a < b ? <span key={`t${a}`} data-o={a}>{text.slice(a, b)}</span> : null);

  const renderRange = (a: number, b: number, nodes: readonly SpanNode[]): ReactNode[] => {
    const out: ReactNode[] = [];
    let at = a;
    for (const n of nodes) {
      const u0 = Math.max(at, n.u0);
      out.push(run(at, u0));
      const colour = colours.get(n.span.label) ?? '#888888';
      out.push(
        <span
          key={`s${n.index}`}
          className={`ent-span ent-src-${n.span.source}${selected === n.index ? ' ent-span-selected' : ''}`}
          style={{ background: fill(colour), borderColor: colour }}
          data-span-index={n.index}
          data-label={n.span.label}
          data-source={n.span.source}
          data-start={n.span.start}
          data-end={n.span.end}
          title={`${n.span.label} · ${n.span.source}${n.span.ref ? ` · ${n.span.ref.kind} ${n.span.ref.id} ${n.span.ref.field}` : ''}`}
          onClick={onSpanClick ? (e) => onSpanClick(n.index, e) : undefined}
        >
          {renderRange(u0, n.u1, n.children)}
          <span className="ent-tag" style={{ background: colour }} aria-hidden="true" data-ent-skip="">
            {n.span.label}
          </span>
        </span>,
      );
      at = Math.max(at, n.u1);
    }
    out.push(run(at, b));
    return out;
  };

  return (
    <div className={`ent-text${className ? ` ${className}` : ''}`} data-testid={testid} data-ent-text="">
      {renderRange(0, text.length, tree)}
    </div>
  );
});

/** UTF-16 offset of a DOM point inside a SpanText root, or null when it is outside. */
export function domOffset(root: HTMLElement, node: Node, offset: number): number | null {
  if (!root.contains(node)) return null;
  if (node.nodeType === Node.TEXT_NODE) {
    const parent = node.parentElement;
    const o = parent?.dataset.o;
    if (o !== undefined && parent?.closest('[data-ent-skip]') === null) return Number(o) + offset;
  }
  // An element point, or a point inside a label tag: the offset of the first text run at or after it.
  const r = document.createRange();
  try {
    r.setStart(node, node.nodeType === Node.TEXT_NODE ? Math.min(offset, (node.textContent ?? '').length) : offset);
  } catch {
    return null;
  }
  const runs = root.querySelectorAll<HTMLElement>('[data-o]');
  for (const el of runs) {
    if (r.comparePoint(el, 0) >= 0) return Number(el.dataset.o);
  }
  const last = runs[runs.length - 1];
  return last ? Number(last.dataset.o) + (last.textContent ?? '').length : 0;
}

/** The current DOM selection as UTF-16 offsets [start, end) within the root, or null when empty or elsewhere. */
export function selectionOffsets(root: HTMLElement): [number, number] | null {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const range = sel.getRangeAt(0);
  const a = domOffset(root, range.startContainer, range.startOffset);
  const b = domOffset(root, range.endContainer, range.endOffset);
  if (a === null || b === null || a === b) return null;
  return a < b ? [a, b] : [b, a];
}

/** The legend of source styles. */
export function SourceLegend() {
  return (
    <div className="ent-legend" data-testid="ent-legend">
      <span className="ent-legend-item">
        <span className="ent-swatch ent-src-human" /> curator
      </span>
      <span className="ent-legend-item">
        <span className="ent-swatch ent-src-auto" /> textualizer
      </span>
      <span className="ent-legend-item">
        <span className="ent-swatch ent-src-pattern" /> pattern
      </span>
      <span className="ent-legend-item">
        <span className="ent-swatch ent-src-catalog" /> catalog
      </span>
    </div>
  );
}
