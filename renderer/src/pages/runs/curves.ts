/** Metric points → chart series: loss overall and per family, learning rate, speed; several runs' losses. */
import { FAMILY_NAMES, type MetricPoint, type ValidationPoint } from '../../../../preload/api-training';
import type { Series } from '../../components/LineChart';

export const PALETTE = [
  '#2563eb',
  '#dc2626',
  '#16a34a',
  '#9333ea',
  '#ea580c',
  '#0891b2',
  '#ca8a04',
  '#db2777',
  '#4b5563',
  '#65a30d',
  '#7c3aed',
  '#0f766e',
];
export const color = (i: number): string => PALETTE[i % PALETTE.length]!;

/** Past this many points a series is thinned evenly (keeping the last) so a long run stays cheap to draw. */
export const MAX_POINTS = 600;
/** Dots mark each point only while they can be told apart. */
export const MAX_DOTS = 40;

export function thin<T>(points: readonly T[], max = MAX_POINTS): T[] {
  if (points.length <= max) return [...points];
  const every = Math.ceil(points.length / max);
  return points.filter((_, i) => i % every === 0 || i === points.length - 1);
}

const series = (
  name: string,
  c: string,
  metrics: readonly MetricPoint[],
  y: (m: MetricPoint) => number | undefined,
  dashed = false,
): Series => ({
  name,
  color: c,
  dashed,
  points: thin(metrics)
    .map((m) => ({ x: m.step + 1, y: y(m) }))
    .filter((p): p is { x: number; y: number } => p.y !== undefined && Number.isFinite(p.y)),
});

/** The labels that appear in `byFamily` (families when fine-tuning, objectives when pretraining), in first-seen order. */
export function familyLabels(metrics: readonly MetricPoint[]): string[] {
  const seen = new Set<string>();
  for (const m of metrics) for (const k of Object.keys(m.byFamily)) seen.add(k);
  return [...seen];
}

/** Labels keep one colour in every run: families and pretraining objectives by their fixed order, others after. */
const LABEL_ORDER: readonly string[] = [...FAMILY_NAMES, 'mask', 'sMask', 'gMask'];
const labelColor = (label: string, i: number): string =>
  color(LABEL_ORDER.includes(label) ? LABEL_ORDER.indexOf(label) : LABEL_ORDER.length + i);

export function lossSeries(metrics: readonly MetricPoint[]): Series[] {
  const overall = series('loss', '#111827', metrics, (m) => m.loss);
  const byFamily = familyLabels(metrics).map((f, i) => series(f, labelColor(f, i), metrics, (m) => m.byFamily[f], true));
  return [overall, ...byFamily];
}

/** The validation curve: overall and per family (dashed, in the family's colour), at the steps it was measured. */
export function validationSeries(points: readonly ValidationPoint[]): Series[] {
  const at = (y: (p: ValidationPoint) => number | undefined) =>
    points.map((p) => ({ x: p.step + 1, y: y(p) })).filter((p): p is { x: number; y: number } => p.y !== undefined && Number.isFinite(p.y));
  const families = [...new Set(points.flatMap((p) => Object.keys(p.byFamily)))];
  return [
    { name: 'validation loss', color: '#111827', points: at((p) => p.loss) },
    ...families.map((f, i) => ({ name: `${f} (validation)`, color: labelColor(f, i), dashed: true, points: at((p) => p.byFamily[f]) })),
  ];
}

export const lrSeries = (metrics: readonly MetricPoint[]): Series[] => [series('learning rate', color(0), metrics, (m) => m.lr)];
/** The first step includes kernel compilation and warm-up, so its speed is left out (as the summary does). */
export const speedSeries = (metrics: readonly MetricPoint[]): Series[] => [
  series('tokens/s', color(2), metrics.slice(1), (m) => m.tokensPerSecond),
];
export const gradNormSeries = (metrics: readonly MetricPoint[]): Series[] => [
  series('gradient norm', color(3), metrics, (m) => m.gradNorm),
];

/** One loss curve per run, named so the legend tells them apart. */
export function compareSeries(runs: readonly { id: number; name: string; metrics: readonly MetricPoint[] }[]): Series[] {
  return runs.map((r, i) => series(`#${r.id} ${r.name}`, color(i), r.metrics, (m) => m.loss));
}

/** One validation curve per run, in the run's colour of the training-loss overlay (runs without one are left out). */
export function compareValidationSeries(runs: readonly { id: number; name: string; validation: readonly ValidationPoint[] }[]): Series[] {
  return runs.flatMap((r, i) =>
    r.validation.length === 0
      ? []
      : [
          {
            name: `#${r.id} ${r.name}`,
            color: color(i),
            points: r.validation.map((p) => ({ x: p.step + 1, y: p.loss })).filter((p) => Number.isFinite(p.y)),
          },
        ],
  );
}

export const pointCount = (s: readonly Series[]): number => Math.max(0, ...s.map((x) => x.points.length));
