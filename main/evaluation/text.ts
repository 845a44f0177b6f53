/**
 * Text-generation metrics for explanations (BLEU-4, ROUGE-1/2/L) and review summaries (BLEU-2, ROUGE-1/2/L),
 * ×100 as P5 reports them, reproducing the reference implementations rather than approximating them:
 * - BLEU is sacrebleu's corpus BLEU with its defaults (`BLEU()` / `corpus_bleu`): 13a tokenization, mixed
 *   case, brevity penalty exp(1 − r/c) against the closest reference length (ties → the shorter), and the
 *   "exp" smoothing (NIST's: the k-th order with no match counts as 1/2^k matches). Several reference
 *   streams are allowed, as in sacrebleu.
 * - ROUGE is Google's rouge-score (`RougeScorer([...], use_stemmer=False)`): lower-case, every run of
 *   characters outside [a-z0-9] becomes a space, no stemming; ROUGE-N on n-gram counts and ROUGE-L on the
 *   longest common subsequence of the whole text (`rougeL`, not the newline-split `rougeLsum`). Corpus figures
 *   are the mean of the per-pair F-measures.
 * P5's own notebooks use other BLEU/ROUGE code (a TF-NMT BLEU without tokenization); these figures are the
 * standard tools' and so comparable across papers, not digit-for-digit with P5's tables. Pure.
 */

// Python's str.isspace() set, which str.split() and str.strip() use; JavaScript's \s differs at U+001C–U+001F,
// U+0085 (Python spaces) and U+FEFF (not one in Python).
const PY_SPACE = '\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_SPACES = new RegExp(`[${PY_SPACE}]+`);
const PY_TRAILING_SPACE = new RegExp(`[${PY_SPACE}]+$`);

function pySplit(text: string): string[] {
  return text.split(PY_SPACES).filter((t) => t.length > 0);
}

// mteval-v13a's rules as sacrebleu's TokenizerRegexp writes them: symbols and punctuation except . , ' and -
// are split off; . and , are split off unless between digits; a dash after a digit is split off.
const V13A_RULES: [RegExp, string][] = [
  [/([{-~[-`\x20-&(-+:-@/])/g, ' $1 '],
  [/([^0-9])([.,])/g, '$1 $2 '],
  [/([.,])([^0-9])/g, ' $1 $2'],
  [/([0-9])(-)/g, '$1 $2 '],
];

/** sacrebleu's "13a" tokenizer (the default), applied to a segment after its trailing spaces are stripped. */
export function tokenize13a(segment: string): string[] {
  let line = segment
    .replace(PY_TRAILING_SPACE, '')
    .replaceAll('<skipped>', '')
    .replaceAll('-\n', '')
    .replaceAll('\n', ' ')
    .replaceAll('&quot;', '"')
    .replaceAll('&amp;', '&')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>');
  line = ` ${line} `;
  for (const [re, replacement] of V13A_RULES) line = line.replace(re, replacement);
  return pySplit(line);
}

/** Counts of every n-gram of order 1..maxOrder; tokens hold no spaces, so a space-joined key is unambiguous. */
function ngramCounts(tokens: readonly string[], maxOrder: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let n = 1; n <= maxOrder; n++) {
    for (let i = 0; i + n <= tokens.length; i++) {
      const key = tokens.slice(i, i + n).join(' ');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

function closestRefLength(hypLength: number, refLengths: readonly number[]): number {
  let best = -1;
  let bestDiff = -1;
  for (const len of refLengths) {
    const diff = Math.abs(hypLength - len);
    if (bestDiff === -1 || diff < bestDiff || (diff === bestDiff && len < best)) {
      bestDiff = diff;
      best = len;
    }
  }
  return best;
}

export interface BleuStats {
  /** Clipped n-gram matches per order (index 0 = unigrams). */
  correct: number[];
  /** Hypothesis n-grams per order. */
  total: number[];
  sysLength: number;
  refLength: number;
}

export interface BleuScore extends BleuStats {
  /** 0–100. */
  score: number;
  /** Per order, in percent, after smoothing. */
  precisions: number[];
  brevityPenalty: number;
}

// sacrebleu's my_log: log(0) is floored so that a missing order drives the score to 0 instead of NaN.
const logFloored = (x: number): number => (x === 0 ? -9999999999 : Math.log(x));

/** BLEU from its sufficient statistics with "exp" smoothing, as sacrebleu's BLEU.compute_bleu. */
export function bleuFromStats(stats: BleuStats): BleuScore {
  const { correct, total, sysLength, refLength } = stats;
  const order = correct.length;
  const brevityPenalty = sysLength < refLength ? (sysLength > 0 ? Math.exp(1 - refLength / sysLength) : 0) : 1;
  const precisions = new Array<number>(order).fill(0);
  const result = { ...stats, correct: [...correct], total: [...total], precisions, brevityPenalty };
  if (!correct.some((c) => c > 0)) return { ...result, score: 0 };
  let smooth = 1;
  for (let n = 0; n < order; n++) {
    const t = total[n] as number;
    const c = correct[n] as number;
    if (t === 0) break;
    if (c === 0) {
      smooth *= 2;
      precisions[n] = 100 / (smooth * t);
    } else {
      precisions[n] = (100 * c) / t;
    }
  }
  const score = brevityPenalty * Math.exp(precisions.reduce((s, p) => s + logFloored(p), 0) / order);
  return { ...result, score };
}

/**
 * Corpus BLEU of `hypotheses` against reference streams laid out as sacrebleu takes them: `references[s][i]`
 * is stream s's reference for hypothesis i. A null or empty reference means "fewer references here"; a
 * hypothesis with none at all is an error, as in sacrebleu.
 */
export function corpusBleu(
  hypotheses: readonly string[],
  references: readonly (readonly (string | null)[])[],
  options: { maxOrder?: number; lowercase?: boolean } = {},
): BleuScore {
  const maxOrder = options.maxOrder ?? 4;
  const prep = (s: string): string[] => tokenize13a(options.lowercase ? s.toLowerCase() : s);
  if (!(Number.isInteger(maxOrder) && maxOrder >= 1)) throw new RangeError(`maxOrder is a positive integer, got ${maxOrder}`);
  if (references.length === 0) throw new RangeError('BLEU needs at least one reference stream');
  for (const stream of references) {
    if (stream.length !== hypotheses.length)
      throw new RangeError(`a reference stream has ${stream.length} segments for ${hypotheses.length} hypotheses`);
  }
  const correct = new Array<number>(maxOrder).fill(0);
  const total = new Array<number>(maxOrder).fill(0);
  let sysLength = 0;
  let refLength = 0;
  hypotheses.forEach((hypothesis, i) => {
    const refs = references.map((stream) => stream[i]).filter((r): r is string => r !== null && r !== undefined && r !== '');
    if (refs.length === 0) throw new RangeError(`hypothesis ${i} has no reference`);
    const refCounts = new Map<string, number>();
    const refLengths: number[] = [];
    for (const ref of refs) {
      const tokens = prep(ref);
      refLengths.push(tokens.length);
      for (const [gram, c] of ngramCounts(tokens, maxOrder)) refCounts.set(gram, Math.max(refCounts.get(gram) ?? 0, c));
    }
    const hypTokens = prep(hypothesis);
    sysLength += hypTokens.length;
    refLength += closestRefLength(hypTokens.length, refLengths);
    for (const [gram, c] of ngramCounts(hypTokens, maxOrder)) {
      const n = gram.split(' ').length - 1;
      total[n] = (total[n] as number) + c;
      correct[n] = (correct[n] as number) + Math.min(c, refCounts.get(gram) ?? 0);
    }
  });
  return bleuFromStats({ correct, total, sysLength, refLength });
}

/** rouge-score's default tokenizer (no stemmer). */
export function rougeTokenize(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .split(/\s+/)
    .filter((t) => /^[a-z0-9]+$/.test(t));
}

export interface RougeScore {
  precision: number;
  recall: number;
  fmeasure: number;
}

function fmeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

function ngramsOfOrder(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function rougeNTokens(target: readonly string[], prediction: readonly string[], n: number): RougeScore {
  const t = ngramsOfOrder(target, n);
  const p = ngramsOfOrder(prediction, n);
  let overlap = 0;
  for (const [gram, c] of t) overlap += Math.min(c, p.get(gram) ?? 0);
  const tCount = Math.max(0, target.length - n + 1);
  const pCount = Math.max(0, prediction.length - n + 1);
  const precision = overlap / Math.max(pCount, 1);
  const recall = overlap / Math.max(tCount, 1);
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

function lcsLength(a: readonly string[], b: readonly string[]): number {
  let prev = new Int32Array(b.length + 1);
  let cur = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      cur[j] = a[i - 1] === b[j - 1] ? (prev[j - 1] as number) + 1 : Math.max(prev[j] as number, cur[j - 1] as number);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length] as number;
}

function rougeLTokens(target: readonly string[], prediction: readonly string[]): RougeScore {
  if (target.length === 0 || prediction.length === 0) return { precision: 0, recall: 0, fmeasure: 0 };
  const lcs = lcsLength(target, prediction);
  const precision = lcs / prediction.length;
  const recall = lcs / target.length;
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

/** ROUGE-N of one prediction against its target (rouge-score's `score(target, prediction)['rougeN']`), in [0, 1]. */
export function rougeN(target: string, prediction: string, n: number): RougeScore {
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`ROUGE-N needs a positive n, got ${n}`);
  return rougeNTokens(rougeTokenize(target), rougeTokenize(prediction), n);
}

/** Sentence-level ROUGE-L (rouge-score's `rougeL`), in [0, 1]. */
export function rougeL(target: string, prediction: string): RougeScore {
  return rougeLTokens(rougeTokenize(target), rougeTokenize(prediction));
}

export interface TextPair {
  prediction: string;
  reference: string;
}

/** ×100; null when there are no pairs. */
export interface TextSummary {
  'BLEU-4': number | null;
  'BLEU-2': number | null;
  'ROUGE-1': number | null;
  'ROUGE-2': number | null;
  'ROUGE-L': number | null;
  count: number;
}

/** Corpus BLEU-4 and BLEU-2 with one reference each, and mean ROUGE F-measures, all ×100. */
export function textSummary(pairs: readonly TextPair[]): TextSummary {
  const n = pairs.length;
  if (n === 0) return { 'BLEU-4': null, 'BLEU-2': null, 'ROUGE-1': null, 'ROUGE-2': null, 'ROUGE-L': null, count: 0 };
  const hyps = pairs.map((p) => p.prediction);
  const refs = [pairs.map((p) => p.reference)];
  let r1 = 0;
  let r2 = 0;
  let rl = 0;
  for (const { prediction, reference } of pairs) {
    const t = rougeTokenize(reference);
    const p = rougeTokenize(prediction);
    r1 += rougeNTokens(t, p, 1).fmeasure;
    r2 += rougeNTokens(t, p, 2).fmeasure;
    rl += rougeLTokens(t, p).fmeasure;
  }
  return {
    'BLEU-4': corpusBleu(hyps, refs, { maxOrder: 4 }).score,
    'BLEU-2': corpusBleu(hyps, refs, { maxOrder: 2 }).score,
    'ROUGE-1': (100 * r1) / n,
    'ROUGE-2': (100 * r2) / n,
    'ROUGE-L': (100 * rl) / n,
    count: n,
  };
}
