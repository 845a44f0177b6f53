/** Click metrics (pure): AUC, and GAUC, the per-user AUC averaged with each user's share of rows as weight. */

/**
 * Area under the ROC curve: the probability that a random positive scores above a random negative, ties counting
 * one half (the Mann–Whitney statistic from average ranks). NaN when either class is absent.
 */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  if (labels.length !== n) throw new Error(`auc: ${n} scores for ${labels.length} labels`);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k]!]! > 0) {
        positives++;
        rankSum += avg;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** GAUC: Σ_u w_u·AUC_u / Σ_u w_u over the groups holding both classes, w_u the group's row count. NaN if none does. */
export function gauc(scores: ArrayLike<number>, labels: ArrayLike<number>, groups: ArrayLike<number>): number {
  const by = new Map<number, number[]>();
  for (let i = 0; i < scores.length; i++) {
    const list = by.get(groups[i]!);
    if (list) list.push(i);
    else by.set(groups[i]!, [i]);
  }
  let sum = 0;
  let weight = 0;
  for (const idx of by.values()) {
    const a = auc(
      idx.map((i) => scores[i]!),
      idx.map((i) => labels[i]!),
    );
    if (Number.isNaN(a)) continue;
    sum += a * idx.length;
    weight += idx.length;
  }
  return weight > 0 ? sum / weight : NaN;
}
