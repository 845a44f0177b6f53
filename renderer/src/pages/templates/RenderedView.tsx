/**
 * Rendered template text with the entity spans that rendering carried through: a coloured background per label,
 * the label (and what the span refers to) on hover. Offsets are code points, as everywhere in the contract.
 */
import { memo, useMemo, type ReactNode } from 'react';
import type { RenderedText } from '../../../../preload/api-templates';
import { cpToUtf16Index, fill, spanTree, type EditSpan, type SpanNode } from '../../components/entities/spanModel';
import { labelColour } from './model';

export const RenderedView = memo(function RenderedView({
  rendered,
  testid,
  empty = 'renders empty',
}: {
  rendered: RenderedText;
  testid?: string;
  empty?: string;
}) {
  const { text } = rendered;
  const idx = useMemo(() => cpToUtf16Index(text), [text]);
  const tree = useMemo(() => {
    // spanTree works on the entity editor's span shape; the preview's spans carry no source or text of their own.
    const spans: EditSpan[] = rendered.spans.map((s) => ({
      start: s.start,
      end: s.end,
      label: s.label,
      source: 'auto',
      text: '',
      ref: s.ref ?? null,
    }));
    return spanTree(spans, idx);
  }, [rendered.spans, idx]);

  const range = (a: number, b: number, nodes: readonly SpanNode[]): ReactNode[] => {
    const out: ReactNode[] = [];
    let at = a;
    for (const n of nodes) {
      const u0 = Math.max(at, n.u0);
      if (at < u0) out.push(text.slice(at, u0));
      const colour = labelColour(n.span.label);
      const ref = n.span.ref;
      out.push(
        <mark
          key={`s${n.index}`}
          className="tpl-span"
          style={{ background: fill(colour, 0.2), borderBottomColor: colour }}
          title={`${n.span.label}${ref ? ` · ${ref.kind} ${ref.id} ${ref.field}` : ''}`}
          data-label={n.span.label}
          data-start={n.span.start}
          data-end={n.span.end}
        >
          {range(u0, n.u1, n.children)}
        </mark>,
      );
      at = Math.max(at, n.u1);
    }
    if (at < b) out.push(text.slice(at, b));
    return out;
  };

  if (text === '') {
    return (
      <div className="tpl-rendered tpl-rendered-empty" data-testid={testid}>
        <span className="muted">{empty}</span>
      </div>
    );
  }
  return (
    <div className="tpl-rendered" data-testid={testid}>
      {range(0, text.length, tree)}
    </div>
  );
});

/** The labels present in some rendered texts, each with its colour, for a legend. */
export function SpanLegend({ texts }: { texts: readonly (RenderedText | null)[] }) {
  const labels = [...new Set(texts.flatMap((t) => t?.spans.map((s) => s.label) ?? []))].sort();
  if (labels.length === 0) return null;
  return (
    <div className="tpl-legend" aria-label="Entity labels">
      {labels.map((l) => (
        <span key={l} className="tpl-legend-item">
          <span className="tpl-legend-swatch" style={{ background: fill(labelColour(l), 0.35), borderColor: labelColour(l) }} /> {l}
        </span>
      ))}
    </div>
  );
}
