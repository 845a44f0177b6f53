/** Metrics of the constrained baselines, pure. */

export function rmse(pred: ArrayLike<number>, truth: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < truth.length; i++) s += ((pred[i] as number) - (truth[i] as number)) ** 2;
  return truth.length ? Math.sqrt(s / truth.length) : Number.NaN;
}

export function mae(pred: ArrayLike<number>, truth: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < truth.length; i++) s += Math.abs((pred[i] as number) - (truth[i] as number));
  return truth.length ? s / truth.length : Number.NaN;
}

/** Share of 0/1 labels whose probability falls on the right side of ½. */
export function accuracy(prob: ArrayLike<number>, labels: ArrayLike<number>): number {
  let hits = 0;
  for (let i = 0; i < labels.length; i++) hits += ((prob[i] as number) >= 0.5 ? 1 : 0) === labels[i] ? 1 : 0;
  return labels.length ? hits / labels.length : Number.NaN;
}

export function logLoss(prob: ArrayLike<number>, labels: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(1 - 1e-12, Math.max(1e-12, prob[i] as number));
    s -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return labels.length ? s / labels.length : Number.NaN;
}

/** ROC AUC by the rank-sum formula, ties counted as half. */
export function auc(score: ArrayLike<number>, labels: ArrayLike<number>): number {
  const idx = Array.from({ length: labels.length }, (_, i) => i).sort((a, b) => (score[a] as number) - (score[b] as number));
  let pos = 0;
  let rankSum = 0;
  for (let k = 0; k < idx.length;) {
    let j = k;
    while (j + 1 < idx.length && score[idx[j + 1] as number] === score[idx[k] as number]) j++;
    const avgRank = (k + j) / 2 + 1;
    for (let m = k; m <= j; m++) {
      if (labels[idx[m] as number] === 1) {
        pos += 1;
        rankSum += avgRank;
      }
    }
    k = j + 1;
  }
  const neg = labels.length - pos;
  return pos && neg ? (rankSum - (pos * (pos + 1)) / 2) / (pos * neg) : Number.NaN;
}
