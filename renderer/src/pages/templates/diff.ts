/**
 * A line diff for template versions: the longest common subsequence of lines, the rest shown as removed (old)
 * and added (new). Pure; template texts are small, so the quadratic table is fine once the common head and tail
 * are trimmed, and a bound keeps a pathological pair (thousands of changed lines) from freezing the window.
 */

export type DiffKind = 'same' | 'add' | 'del';

export interface DiffLine {
  kind: DiffKind;
  text: string;
  /** 1-based line in the old text (null for an added line). */
  oldLine: number | null;
  /** 1-based line in the new text (null for a removed line). */
  newLine: number | null;
}

/** Cells of the LCS table past which the changed middle is shown as all removed, then all added. */
export const MAX_CELLS = 4_000_000;

/** An empty text has no lines; otherwise every `\n` separates two lines (a trailing one leaves an empty last line). */
export function splitLines(text: string): string[] {
  return text === '' ? [] : text.split('\n');
}

export function lineDiff(oldText: string, newText: string): DiffLine[] {
  const a = splitLines(oldText);
  const b = splitLines(newText);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;

  const out: DiffLine[] = [];
  for (let i = 0; i < head; i++) out.push({ kind: 'same', text: a[i]!, oldLine: i + 1, newLine: i + 1 });
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  for (const op of diffMiddle(midA, midB)) {
    out.push({
      kind: op.kind,
      text: op.kind === 'add' ? midB[op.j]! : midA[op.i]!,
      oldLine: op.kind === 'add' ? null : head + op.i + 1,
      newLine: op.kind === 'del' ? null : head + op.j + 1,
    });
  }
  for (let k = tail; k > 0; k--) {
    out.push({ kind: 'same', text: a[a.length - k]!, oldLine: a.length - k + 1, newLine: b.length - k + 1 });
  }
  return out;
}

interface Op {
  kind: DiffKind;
  /** Index into the old lines (for same and del). */
  i: number;
  /** Index into the new lines (for same and add). */
  j: number;
}

function diffMiddle(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0 || n * m > MAX_CELLS) {
    return [...a.map((_, i): Op => ({ kind: 'del', i, j: -1 })), ...b.map((_, j): Op => ({ kind: 'add', i: -1, j }))];
  }
  // lcs[i][j] = LCS length of a[i..] and b[j..], so the walk below goes forward and lists lines in order.
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] = a[i] === b[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push({ kind: 'same', i: i++, j: j++ });
    } else if (lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!) {
      // Removals before additions, as in unified diffs.
      ops.push({ kind: 'del', i: i++, j: -1 });
    } else {
      ops.push({ kind: 'add', i: -1, j: j++ });
    }
  }
  while (i < n) ops.push({ kind: 'del', i: i++, j: -1 });
  while (j < m) ops.push({ kind: 'add', i: -1, j: j++ });
  return ops;
}

export function diffCounts(lines: readonly DiffLine[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const l of lines) {
    if (l.kind === 'add') added++;
    else if (l.kind === 'del') removed++;
  }
  return { added, removed };
}
