/**
 * The items on a plane (the build's 2-D projection of their embeddings), coloured by first code, cold items as
 * rings. Hover (or ←/→ with the map focused) names the nearest item; a click (or Enter) opens its first code in
 * the prefix browser. Hand-written SVG: the points are drawn once, the highlight on top.
 */
import { memo, useMemo, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useElementWidth } from '../../hooks';
import { itemName, type ItemLabel } from '../generations/genData';
import type { ItemMapPoint } from './itemIdsData';
import { codeColor, codeToken } from './prefix';

const HEIGHT = 340;
const PAD = 14;
/** A hover farther than this from every point names none. */
const REACH = 14;
/** Half the tip's widest (CSS max-width), so a tip near an edge stays inside the map. */
const TIP_HALF = 130;

interface Props {
  points: ItemMapPoint[];
  labels: Map<number, ItemLabel> | null;
  onPick: (first: number) => void;
}

interface Placed extends ItemMapPoint {
  px: number;
  py: number;
}

function place(points: readonly ItemMapPoint[], width: number): Placed[] {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const sx = (x: number): number => (x1 === x0 ? width / 2 : PAD + ((x - x0) / (x1 - x0)) * (width - 2 * PAD));
  const sy = (y: number): number => (y1 === y0 ? HEIGHT / 2 : HEIGHT - PAD - ((y - y0) / (y1 - y0)) * (HEIGHT - 2 * PAD));
  return points.map((p) => ({ ...p, px: sx(p.x), py: sy(p.y) }));
}

const Dots = memo(function Dots({ placed }: { placed: Placed[] }) {
  const r = placed.length > 3000 ? 2 : 3.5;
  return (
    <g>
      {placed.map((p) => (
        <circle
          key={p.itemId}
          cx={p.px}
          cy={p.py}
          r={r}
          className={p.cold ? 'ids-dot ids-dot-cold' : 'ids-dot'}
          fill={p.cold ? 'var(--surface)' : codeColor(p.first)}
          stroke={codeColor(p.first)}
          data-testid="ids-map-point"
          data-item={p.itemId}
          data-cold={p.cold || undefined}
        />
      ))}
    </g>
  );
});

export function ItemMap({ points, labels, onPick }: Props) {
  const [ref, width] = useElementWidth<HTMLDivElement>(560);
  const placed = useMemo(() => place(points, width), [points, width]);
  const byX = useMemo(() => placed.map((_, i) => i).sort((a, b) => placed[a]!.px - placed[b]!.px), [placed]);
  const [hover, setHover] = useState<number | null>(null);
  const shown = hover === null ? undefined : placed[hover];
  const cold = points.filter((p) => p.cold).length;

  const onMove = (e: MouseEvent<SVGSVGElement>): void => {
    const box = e.currentTarget.getBoundingClientRect();
    const mx = e.clientX - box.left;
    const my = e.clientY - box.top;
    let best = -1;
    let bestD = REACH * REACH;
    placed.forEach((p, i) => {
      const d = (p.px - mx) ** 2 + (p.py - my) ** 2;
      if (d <= bestD) [best, bestD] = [i, d];
    });
    setHover(best < 0 ? null : best);
  };
  const pick = (): void => {
    if (shown?.first !== null && shown?.first !== undefined) onPick(shown.first);
  };
  const onKeyDown = (e: KeyboardEvent): void => {
    const at = hover === null ? -1 : byX.indexOf(hover);
    if (e.key === 'ArrowRight') setHover(byX[Math.min(byX.length - 1, at + 1)] ?? null);
    else if (e.key === 'ArrowLeft') setHover(byX[Math.max(0, at < 0 ? byX.length - 1 : at - 1)] ?? null);
    else if (e.key === 'Enter') pick();
    else if (e.key === 'Escape' && hover !== null) setHover(null);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div className="ids-map" ref={ref} data-testid="ids-map" data-points={points.length}>
      <svg
        width={width}
        height={HEIGHT}
        role="img"
        aria-label={`${points.length} items on a plane, coloured by first code; ←/→ names them, Enter opens one's first code`}
        tabIndex={0}
        onMouseMove={onMove}
        onMouseLeave={() => setHover(null)}
        onBlur={() => setHover(null)}
        onClick={pick}
        onKeyDown={onKeyDown}
        className={shown ? 'ids-map-pointing' : undefined}
      >
        <rect className="ids-map-frame" x={0.5} y={0.5} width={width - 1} height={HEIGHT - 1} />
        <Dots placed={placed} />
        {shown && <circle className="ids-dot-hover" cx={shown.px} cy={shown.py} r={7} />}
      </svg>
      {shown && (
        <div
          className="chart-tooltip ids-map-tip"
          role="status"
          data-testid="ids-map-tip"
          style={{ left: Math.max(TIP_HALF, Math.min(width - TIP_HALF, shown.px)), top: Math.max(0, shown.py - 12) }}
        >
          <div className="chart-tooltip-x">{itemName(labels, shown.itemId)}</div>
          <div className="muted">
            {shown.first === null ? 'no code' : `first code ${codeToken(0, shown.first)}`}
            {shown.cold && ' · cold: coded from content alone'}
          </div>
        </div>
      )}
      <div className="legend ids-map-legend">
        <span className="legend-item">colour: first code</span>
        <span className="legend-item">
          <svg width={12} height={12} aria-hidden="true">
            <circle cx={6} cy={6} r={4} fill="var(--surface)" stroke="var(--text-2)" strokeWidth={1.5} />
          </svg>{' '}
          cold item ({cold})
        </span>
        <span className="legend-item muted">click a point to browse its first code</span>
      </div>
    </div>
  );
}
