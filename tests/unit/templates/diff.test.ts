import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffCounts, lineDiff, MAX_CELLS, splitLines, type DiffLine } from '../../../renderer/src/pages/templates/diff';

const render = (d: readonly DiffLine[]): string[] => d.map((l) => `${l.kind === 'same' ? ' ' : l.kind === 'add' ? '+' : '-'}${l.text}`);
const side = (d: readonly DiffLine[], which: 'old' | 'new'): string[] =>
  d.filter((l) => l.kind === 'same' || l.kind === (which === 'old' ? 'del' : 'add')).map((l) => l.text);

/** Longest common subsequence length by plain recursion with memo, independent of the table in diff.ts. */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  const memo = new Map<string, number>();
  const go = (i: number, j: number): number => {
    if (i === a.length || j === b.length) return 0;
    const key = `${i},${j}`;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    const v = a[i] === b[j] ? 1 + go(i + 1, j + 1) : Math.max(go(i + 1, j), go(i, j + 1));
    memo.set(key, v);
    return v;
  };
  return go(0, 0);
}

/** mulberry32, so the random cases are the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('a changed line in the middle is one removal then one addition, with line numbers on both sides', () => {
  const d = lineDiff('Hello {{ user_name }}\nWhat next?\nAnswer:', 'Hello {{ user_name }}\nWhich item comes next?\nAnswer:');
  assert.deepEqual(render(d), [' Hello {{ user_name }}', '-What next?', '+Which item comes next?', ' Answer:']);
  assert.deepEqual(
    d.map((l) => [l.oldLine, l.newLine]),
    [
      [1, 1],
      [2, null],
      [null, 2],
      [3, 3],
    ],
  );
  assert.deepEqual(diffCounts(d), { added: 1, removed: 1 });
});

test('insertions and deletions keep the common lines in order', () => {
  assert.deepEqual(render(lineDiff('a\nb\nc\nd', 'a\nx\nc\nd\ne')), [' a', '-b', '+x', ' c', ' d', '+e']);
  assert.deepEqual(render(lineDiff('a\nb\nc', 'c\na\nb')), ['+c', ' a', ' b', '-c']);
  // Moving a line is a removal and an addition; the LCS keeps the longer run.
  assert.deepEqual(diffCounts(lineDiff('1\n2\n3\n4\n5', '2\n3\n4\n5\n1')), { added: 1, removed: 1 });
});

test('empty texts, identical texts and trailing newlines', () => {
  assert.deepEqual(lineDiff('', ''), []);
  assert.deepEqual(render(lineDiff('', 'one\ntwo')), ['+one', '+two']);
  assert.deepEqual(render(lineDiff('one', '')), ['-one']);
  const same = lineDiff('x\ny', 'x\ny');
  assert.ok(same.every((l) => l.kind === 'same'));
  assert.deepEqual(diffCounts(same), { added: 0, removed: 0 });
  assert.deepEqual(splitLines('a\n'), ['a', '']);
  assert.deepEqual(render(lineDiff('a', 'a\n')), [' a', '+']);
});

test('on random texts the diff rebuilds both sides and keeps exactly a longest common subsequence', () => {
  const rand = rng(7);
  const words = ['{{ user_id }}', '{{ history | join(", ") }}', 'Answer:', '', 'yes', 'no', '{% if x %}', '{% endif %}'];
  for (let round = 0; round < 300; round++) {
    const make = (): string[] => Array.from({ length: Math.floor(rand() * 12) }, () => words[Math.floor(rand() * words.length)]!);
    const a = make();
    const b = make();
    const d = lineDiff(a.join('\n'), b.join('\n'));
    const la = splitLines(a.join('\n'));
    const lb = splitLines(b.join('\n'));
    assert.deepEqual(side(d, 'old'), la, `old side of round ${round}`);
    assert.deepEqual(side(d, 'new'), lb, `new side of round ${round}`);
    assert.equal(d.filter((l) => l.kind === 'same').length, lcsLength(la, lb), `minimal in round ${round}`);
    // Line numbers count up by one on each side.
    assert.deepEqual(
      d.filter((l) => l.oldLine !== null).map((l) => l.oldLine),
      la.map((_, i) => i + 1),
    );
    assert.deepEqual(
      d.filter((l) => l.newLine !== null).map((l) => l.newLine),
      lb.map((_, i) => i + 1),
    );
  }
});

test('past the cell bound the changed middle is all removed then all added, still rebuilding both sides', () => {
  const n = Math.ceil(Math.sqrt(MAX_CELLS)) + 1;
  const a = ['head', ...Array.from({ length: n }, (_, i) => `a${i}`), 'tail'].join('\n');
  const b = ['head', ...Array.from({ length: n }, (_, i) => (i === 5 ? 'a5' : `b${i}`)), 'tail'].join('\n');
  const d = lineDiff(a, b);
  assert.deepEqual(side(d, 'old'), a.split('\n'));
  assert.deepEqual(side(d, 'new'), b.split('\n'));
  assert.deepEqual(diffCounts(d), { added: n, removed: n });
  assert.equal(d[0]!.kind, 'same');
  assert.equal(d[d.length - 1]!.kind, 'same');
});
