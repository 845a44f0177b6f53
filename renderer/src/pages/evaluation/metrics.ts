/**
 * Metric names as the back end reports them (main/evaluation/report.ts, baseline-runner.ts): their order in a
 * table, how each is printed, and what each measures. Pure.
 */

export const RANKING_KEYS = ['HR@1', 'HR@5', 'HR@10', 'NDCG@5', 'NDCG@10'] as const;
export const sampled = (key: string): string => `${key} (100 sampled)`;
export const RATING_KEYS = ['RMSE', 'MAE'] as const;

const ORDER: readonly string[] = [
  'examples',
  ...RANKING_KEYS,
  ...RANKING_KEYS.map(sampled),
  'invalid',
  ...RATING_KEYS,
  'unparsable',
  'accuracy',
  'BLEU-4',
  'BLEU-2',
  'ROUGE-1',
  'ROUGE-2',
  'ROUGE-L',
];

/** Known metrics in the reading order above, then any others ("examples (item)", new ones) by name. */
export function orderMetrics(keys: Iterable<string>): string[] {
  const all = [...new Set(keys)];
  const rank = (k: string): number => {
    const i = ORDER.indexOf(k);
    if (i >= 0) return i;
    return k.startsWith('examples') ? 0.5 : ORDER.length;
  };
  return all.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Counts, not rates. */
export const isCount = (key: string): boolean => /^(examples|invalid|unparsable|users|ratings)\b/.test(key);

/** Counts as integers; BLEU and ROUGE (reported ×100) with two decimals; rates and errors with four. */
export function fmtMetric(key: string, value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  if (isCount(key)) return String(Math.round(value));
  if (/^(BLEU|ROUGE)/.test(key)) return value.toFixed(2);
  return value.toFixed(4);
}

/** Lower is better for errors; higher for the rest. */
export const lowerIsBetter = (key: string): boolean => /^(RMSE|MAE|invalid|unparsable)/.test(key);

export function metricHint(key: string): string | undefined {
  if (key.endsWith('(100 sampled)')) return 'ranked among the 100 candidates the prompt lists: the true item and 99 the user never touched';
  if (/^(HR|NDCG)@/.test(key)) return 'ranked over the full catalog minus the user’s history';
  if (key === 'invalid') return 'outputs that name no catalog item';
  if (key === 'unparsable') return 'outputs that are not a rating; RMSE and MAE are over the parsable ones';
  if (/^(BLEU|ROUGE)/.test(key)) return '×100';
  if (key === 'accuracy') return 'answer-choice templates: output equals the reference';
  return undefined;
}
