import { test } from 'node:test';
import assert from 'node:assert/strict';
import { drawBatch, KIND, lumMask, MASKED, packRows, queryRows } from '../../../main/lum/batches';
import {
  buildVocab,
  conditionFields,
  conditionId,
  defaultConditionField,
  encodeUsers,
  itemFeatures,
  pickValue,
  prepareRows,
  windowsOf,
  type LumRows,
} from '../../../main/lum/data';
import { auc, gauc } from '../../../main/lum/metrics';
import { buildRankerTable, PART } from '../../../main/lum/ranker-data';
import { topIndices } from '../../../main/lum/runner';
import { StudioError } from '../../../main/errors';

/** Six items in two genres (one of them in both), three users, timestamps out of file order for user 2. */
function rows(): LumRows {
  const items = [
    { id: 11, extId: 'a', title: 'Alpha One', attrs: { genre: ['Comedy'], year: '1990', code: 'x1' } },
    { id: 12, extId: 'b', title: 'Beta One', attrs: { genre: ['Drama'], year: '1991', code: 'x2' } },
    { id: 13, extId: 'c', title: 'Gamma Two', attrs: { genre: ['Comedy', 'Drama'], year: '1990', code: 'x3' } },
    { id: 14, extId: 'd', title: 'Delta Two', attrs: { genre: ['Drama'], year: '1992', code: 'x4' } },
    { id: 15, extId: 'e', title: 'Epsilon', attrs: { genre: ['Comedy'], year: '1991', code: 'x5' } },
    { id: 16, extId: 'f', title: null, attrs: { genre: ['Drama'], year: '1990', code: 'x6' } },
  ];
  const seq = (user: number, list: [number, number, number][]) =>
    [user, list.map(([itemId, rating, ts], i) => ({ itemId, rating, ts, seq: user * 100 + i }))] as const;
  return prepareRows({
    users: [
      { id: 1, extId: 'u1', features: { age: '24', gender: 'M' } },
      { id: 2, extId: 'u2', features: { age: 53, gender: 'F' } },
      { id: 3, extId: 'u3', features: { age: '31', gender: 'F' } },
    ],
    items,
    sequences: new Map([
      seq(1, [
        [11, 5, 1],
        [12, 3, 2],
        [13, 4, 3],
        [14, 2, 4],
        [15, 5, 5],
        [16, 1, 6],
        [11, 4, 7],
        [12, 5, 8],
        [13, 2, 9],
        [14, 4, 10],
      ]),
      seq(2, [
        [15, 4, 30],
        [11, 5, 10],
        [12, 2, 20],
        [16, 5, 40],
      ]),
      seq(3, [
        [13, 5, 1],
        [14, 4, 2],
      ]),
    ]),
  });
}

test('windows: the newest interactions are the test window, the ones before them the ranker window, the rest pretraining', () => {
  assert.deepEqual(windowsOf(2), { pretrainEnd: 2, rankEnd: 2, n: 2 });
  assert.deepEqual(windowsOf(3), { pretrainEnd: 1, rankEnd: 2, n: 3 });
  assert.deepEqual(windowsOf(10), { pretrainEnd: 8, rankEnd: 9, n: 10 });
  assert.deepEqual(windowsOf(106), { pretrainEnd: 84, rankEnd: 95, n: 106 });
});

test('condition fields: categorical fields shared by items, the genre field first; identifiers left out', () => {
  const r = rows();
  const fields = conditionFields(r.items);
  assert.deepEqual(
    fields.map((f) => f.field),
    ['genre', 'year'],
  );
  assert.equal(fields[0]!.distinct, 2);
  assert.deepEqual(fields[0]!.top, [
    { value: 'Drama', items: 4 },
    { value: 'Comedy', items: 3 },
  ]);
  assert.equal(defaultConditionField(r.items), 'genre');
});

test('a multi-valued field gives each behaviour one value, the same for every run, and both values over many positions', () => {
  const values = ['Comedy', 'Drama'];
  assert.equal(pickValue(values, 'u7', 3), pickValue(values, 'u7', 3));
  const seen = new Set(Array.from({ length: 20 }, (_, p) => pickValue(values, 'u7', p)));
  assert.deepEqual([...seen].sort(), values);
  assert.equal(pickValue([], 'u1', 1), null);
});

test('vocabulary and encoding: users in time order; item statistics count pretraining behaviour only', () => {
  const r = rows();
  const vocab = buildVocab(r, 'genre');
  assert.deepEqual(vocab.itemIds, [11, 12, 13, 14, 15, 16]);
  assert.deepEqual([...vocab.conditionValues].sort(), ['Comedy', 'Drama']);
  // Words of one title only say nothing: "one" and "two" are shared, the rest are not.
  assert.deepEqual([...vocab.titleWords].sort(), ['one', 'two']);
  assert.ok(vocab.attrTokens.includes('genre=Drama') && vocab.attrTokens.includes('year=1990'));
  assert.ok(!vocab.attrTokens.some((t) => t.startsWith('code=')), 'a value per item is an identifier');
  const users = encodeUsers(r, vocab);
  const u2 = users.find((u) => u.extId === 'u2')!;
  assert.deepEqual([...u2.items], [1, 2, 5, 6], 'sorted by time, not by file order');
  assert.deepEqual(u2.windows, { pretrainEnd: 2, rankEnd: 3, n: 4 });
  // Item 16 (index 6) is only ever seen in test or ranker windows: user 1's 6th is pretraining (p = 5 < 8).
  const f = itemFeatures(r, vocab);
  assert.equal(f.count, 7);
  assert.ok(
    f.titleWeights.slice(6 * 8, 7 * 8).every((w) => w === 0),
    'item without a title has no title words',
  );
  // The statistics are standardised log counts over pretraining: u2's last two and u1's last two never count.
  const count = (k: number) => vocab.itemStats[2 * k]!;
  assert.ok(count(1) > count(6), 'item a (pretraining twice) is more popular than f (once)');
  assert.equal(conditionId(vocab, 'genre=Drama'), vocab.conditionValues.indexOf('Drama') + 1);
  assert.throws(
    () => conditionId(vocab, 'genre=Western'),
    (e: unknown) => e instanceof StudioError && /not a value of genre/.test(e.message),
  );
  assert.throws(() => conditionId(vocab, 'year=1990'), /conditions are on the field "genre"/);
  assert.equal(conditionId(buildVocab(r, null), 'genre=Western'), 0, 'a run without condition tokens maps every condition to null');
});

test('training batches come from the pretraining windows only, are full, and are a function of (seed, step)', () => {
  const r = rows();
  const vocab = buildVocab(r, 'genre');
  const users = encodeUsers(r, vocab);
  const a = drawBatch(users, { rows: 4, length: 8 }, 1, 5);
  const b = drawBatch(users, { rows: 4, length: 8 }, 1, 5);
  assert.deepEqual(a, b);
  assert.notDeepEqual(drawBatch(users, { rows: 4, length: 8 }, 1, 6).ids, a.ids);
  // Which (user, position) pairs may appear: only positions before each user's pretraining end.
  const allowed = new Set(users.flatMap((u) => Array.from({ length: u.windows.pretrainEnd }, (_, p) => `${u.items[p]}`)));
  for (let step = 0; step < 50; step++) {
    const batch = drawBatch(users, { rows: 3, length: 12 }, 2, step);
    for (let t = 0; t < batch.kind.length; t++) if (batch.kind[t] === KIND.item) assert.ok(allowed.has(String(batch.ids[t])));
    // A condition's target is the item right after it.
    for (let t = 0; t < batch.kind.length; t++) if (batch.kind[t] === KIND.cond) assert.equal(batch.target[t], batch.ids[t + 1]);
  }
});

test('the mask: causal within a segment, nothing across segments, queries see the history and themselves only', () => {
  const b = packRows(
    [
      [
        { conds: [1, 2], items: [3, 4] },
        { conds: [1], items: [5] },
      ],
    ],
    8,
  );
  const m = lumMask(b);
  const T = 8;
  const sees = (i: number, j: number) => m[i * T + j] === 0;
  assert.ok(sees(3, 0) && sees(3, 3) && !sees(2, 3), 'causal within the first user');
  assert.ok(!sees(4, 3) && !sees(5, 0) && sees(5, 4), 'the second user starts afresh');
  assert.deepEqual([...b.pos], [0, 1, 2, 3, 0, 1, 0, 0]);
  assert.ok(sees(6, 6) && !sees(6, 0) && m[6 * T + 0] === MASKED, 'padding reads only itself');
  const q = queryRows([{ conds: [1, 2], items: [3, 4] }], [[1, 2, 0]]);
  const Tq = q.length;
  const qs = (i: number, j: number) => lumMask(q)[i * Tq + j] === 0;
  assert.equal(Tq, 7);
  assert.deepEqual([...q.pos], [0, 1, 2, 3, 4, 4, 4], 'every query sits where the next condition would');
  for (const i of [4, 5, 6]) {
    for (let j = 0; j < 4; j++) assert.ok(qs(i, j), `query ${i} reads history ${j}`);
    for (const j of [4, 5, 6]) assert.equal(qs(i, j), i === j, `query ${i} and query ${j}`);
  }
});

test('AUC and GAUC match worked examples (ties count one half)', () => {
  assert.equal(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 0.75);
  assert.equal(auc([1, 1, 1], [0, 1, 0]), 0.5);
  assert.equal(auc([0.2, 0.9], [1, 0]), 0);
  assert.ok(Number.isNaN(auc([0.2, 0.9], [1, 1])));
  // User 1: AUC 1 over 3 rows; user 2: AUC 0.5 over 2 rows (a tie); user 3 has one class and is left out.
  const g = gauc([0.9, 0.1, 0.2, 0.5, 0.5, 0.3, 0.7], [1, 0, 0, 1, 0, 1, 1], [1, 1, 1, 2, 2, 3, 3]);
  assert.ok(Math.abs(g - (3 * 1 + 2 * 0.5) / 5) < 1e-12);
});

test('top indices: the k best kept, largest first, filtered', () => {
  assert.deepEqual(
    topIndices([0.5, 3, 1, 3.5, -1, 2], 3, () => true),
    [3, 1, 5],
  );
  assert.deepEqual(
    topIndices([0.5, 3, 1, 3.5, -1, 2], 3, (i) => i !== 3),
    [1, 5, 2],
  );
});

test('ranker rows: a click is rated ≥ 4, every interaction brings one sampled unseen item, test rows are the newest window', () => {
  const r = rows();
  const vocab = buildVocab(r, 'genre');
  const users = encodeUsers(r, vocab);
  const t = buildRankerTable(r, users, vocab, 1);
  assert.equal(t.ranked.length, 2, 'u3 has two interactions: no ranker rows');
  // u1: ranker window p = 8 (item 13 → index 3, rated 2) and test p = 9 (item 14 → 4, rated 4); u1 has seen every
  // item, so no negative can be drawn for it. u2 (in time order 11, 12, 15, 16): ranker p = 2 (index 5, rated 4),
  // test p = 3 (index 6, rated 5), each followed by an item u2 never saw (13 or 14 → index 3 or 4).
  const fit = (k: number) => (t.part[k] === PART.test ? 'test' : 'fit');
  const got = Array.from({ length: t.rows }, (_, k) => [t.groups[k], t.items[k], t.labels[k], fit(k)]);
  assert.equal(t.rows, 6);
  assert.deepEqual(got[0], [1, 3, 0, 'fit']);
  assert.deepEqual(got[1], [1, 4, 1, 'test']);
  assert.deepEqual(got[2], [2, 5, 1, 'fit']);
  assert.deepEqual(got[4], [2, 6, 1, 'test']);
  for (const k of [3, 5]) {
    assert.equal(t.labels[k], 0, 'a sampled item is never a click');
    assert.ok([3, 4].includes(t.items[k]!), 'sampled items are unseen by the user');
    assert.equal(fit(k), k === 3 ? 'fit' : 'test');
  }
  assert.deepEqual([...t.history], [0, 1, 0, 0, 1, 1], 'training rows read the history before their window, test rows before theirs');
  assert.equal(t.base.length, t.rows * t.baseNames.length);
  assert.ok(t.baseNames.includes('user.age') && t.baseNames.includes('user.gender=F') && t.baseNames.includes('history.affinity'));
});
