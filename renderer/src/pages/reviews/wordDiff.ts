/**
 * A word-level diff of two outputs (pure): the words of each that the other does not share, as code-point ranges,
 * so a reviewer sees at a glance where two explanations actually differ. Words are compared case-insensitively;
 * punctuation and spacing are not words and never count as a difference.
 */

/** A half-open range [start, end) in code points, the unit the back end's entity spans use. */
export interface Range {
  start: number;
  end: number;
}

export interface Word extends Range {
  /** Lower-cased, for comparison. */
  key: string;
}

/** Past this many cells of the LCS table the diff falls back to "words absent from the other output". */
export const MAX_CELLS = 1_000_000;

const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

/** The words of a text with their code-point ranges. */
export function words(text: string): Word[] {
  const out: Word[] = [];
  let cp = 0;
  let utf16 = 0;
  for (const m of text.matchAll(WORD)) {
    // Advance the code-point counter over the text between the previous position and this match.
    cp += Array.from(text.slice(utf16, m.index)).length;
    const length = Array.from(m[0]).length;
    out.push({ start: cp, end: cp + length, key: m[0].toLowerCase() });
    cp += length;
    utf16 = m.index + m[0].length;
  }
  return out;
}

/** For each word of a and of b, whether it is part of a longest common subsequence of the two word lists. */
function common(a: readonly string[], b: readonly string[]): { a: boolean[]; b: boolean[] } {
  const inA = a.map(() => false);
  const inB = b.map(() => false);
  if ((a.length + 1) * (b.length + 1) > MAX_CELLS) {
    const setA = new Set(a);
    const setB = new Set(b);
    return { a: a.map((w) => setB.has(w)), b: b.map((w) => setA.has(w)) };
  }
  const w = b.length + 1;
  // len[i * w + j]: LCS length of a[i..] and b[j..], filled from the end so the walk below goes forwards.
  const len = new Uint32Array((a.length + 1) * w);
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      len[i * w + j] = a[i] === b[j] ? len[(i + 1) * w + j + 1]! + 1 : Math.max(len[(i + 1) * w + j]!, len[i * w + j + 1]!);
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      inA[i++] = true;
      inB[j++] = true;
    } else if (len[(i + 1) * w + j]! >= len[i * w + j + 1]!) i++;
    else j++;
  }
  return { a: inA, b: inB };
}

/** Runs of consecutive differing words joined into one range, so the spaces between them are highlighted too. */
function ranges(ws: readonly Word[], shared: readonly boolean[]): Range[] {
  const out: Range[] = [];
  let open: Range | null = null;
  ws.forEach((word, k) => {
    if (shared[k]) {
      open = null;
      return;
    }
    if (open) open.end = word.end;
    else out.push((open = { start: word.start, end: word.end }));
  });
  return out;
}

/** The ranges of each output holding words the other output does not have in the same order. */
export function wordDiff(left: string, right: string): { left: Range[]; right: Range[] } {
  const l = words(left);
  const r = words(right);
  const shared = common(
    l.map((w) => w.key),
    r.map((w) => w.key),
  );
  return { left: ranges(l, shared.a), right: ranges(r, shared.b) };
}
