/**
 * Parsing on a worker thread (large imports) must write exactly what parsing on the writer's thread writes: the
 * same rows with the same ids and order, the same refusals naming file, line and field, the same skips, and the
 * same all-or-nothing rollback when cancelled.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runImport, type ImportOptions } from '../../../main/datasets/import/index';
import { CancelledError } from '../../../main/errors';
import type { Db } from '../../../main/db/connection';
import { assertNothingWritten, files, fixture, rejectsInput, rows, skips, tempDb } from './helpers';

function dump(db: Db): unknown {
  return {
    datasets: rows(db, 'SELECT id, name, format FROM datasets ORDER BY id'),
    users: rows(db, 'SELECT id, dataset_id, ext_id, features FROM users ORDER BY id'),
    items: rows(db, 'SELECT id, dataset_id, ext_id, title, attrs, interaction_count FROM items ORDER BY id'),
    interactions: rows(db, 'SELECT id, dataset_id, user_id, item_id, rating, ts, review, summary, seq FROM interactions ORDER BY id'),
    skips: skips(db),
  };
}

/** Two imports into each workspace, so the second's ids start after the first's on both paths. */
async function bothPaths(imports: ImportOptions[]): Promise<void> {
  const here = tempDb();
  const there = tempDb();
  for (const opts of imports) {
    const a = await runImport(here, opts, {}, { parseThread: 'never' });
    const b = await runImport(there, opts, {}, { parseThread: 'always' });
    assert.deepEqual(b, a);
  }
  assert.deepEqual(dump(there), dump(here));
  const offSeq = rows(
    here,
    'SELECT count(*) AS n FROM interactions i WHERE seq != id - (SELECT min(id) FROM interactions j WHERE j.dataset_id = i.dataset_id)',
  );
  assert.deepEqual(offSeq, [{ n: 0 }], 'seq counts the rows of each import from 0 in id (source) order');
  const miscounted = rows(
    here,
    'SELECT t.id, t.interaction_count, (SELECT count(*) FROM interactions i WHERE i.item_id = t.id) AS n FROM items t WHERE t.interaction_count != n',
  );
  assert.deepEqual(miscounted, [], "each item's stored count is its number of interactions (0 for an item no row names)");
}

test('every format writes the same rows, ids and order whichever thread parses it', async () => {
  await bothPaths([
    { files: [fixture('recbole')], format: 'recbole' },
    { files: [fixture('movielens-100k')], format: 'movielens' },
    { files: [fixture('amazon-2018')], format: 'amazon' },
    { files: [fixture('generic', 'ratings.csv')], format: 'csv' },
    { files: [fixture('generic', 'events.jsonl')], format: 'jsonl' },
  ]);
});

test('batches larger than one: 40,000 rows with text from the middle on, and titles that come late', async () => {
  const lines = ['user,item,title,rating,review'];
  for (let k = 0; k < 40_000; k++)
    lines.push(
      `u${k % 997},i${(k * 31) % 4001},${k > 30_000 ? `Item ${(k * 31) % 4001}` : ''},${1 + (k % 5)},${k >= 20_000 ? `text ${k}` : ''}`,
    );
  const dir = files({ 'big.csv': `${lines.join('\n')}\n` });
  await bothPaths([
    {
      files: [join(dir, 'big.csv')],
      format: 'csv',
      map: { user: 'user', item: 'item', title: 'title', rating: 'rating', review: 'review' },
    },
  ]);
});

test('a bad row found on the parse thread is the same InputError, and nothing is written', async () => {
  const dir = files({ 'x.inter': 'user_id:token\titem_id:token\trating:float\n1\t2\t3\n1\t3\tlots\n' });
  const db = tempDb();
  await rejectsInput(runImport(db, { files: [join(dir, 'x.inter')], format: 'recbole' }, {}, { parseThread: 'always' }), {
    file: 'x.inter',
    line: 3,
    field: 'rating',
    reason: /lots/,
  });
  assertNothingWritten(db);
});

test('skipInvalid on the parse thread records each refused row with its file, line and field', async () => {
  const dir = files({ 'x.inter': 'user_id:token\titem_id:token\trating:float\n1\t2\t3\n1\t3\tlots\n2\t2\t4\n' });
  const opts: ImportOptions = { files: [join(dir, 'x.inter')], format: 'recbole', skipInvalid: true };
  const db = tempDb();
  const res = await runImport(db, opts, {}, { parseThread: 'always' });
  assert.equal(res.interactions, 2);
  assert.equal(res.skipped, 1);
  assert.deepEqual(
    skips(db).map((s) => [s.file, s.line, s.field]),
    [['x.inter', 3, 'rating']],
  );
});

test('cancelling while the parse thread runs rolls everything back', async () => {
  const lines = ['user_id:token\titem_id:token'];
  for (let k = 0; k < 200_000; k++) lines.push(`${k % 5000}\t${k % 777}`);
  const dir = files({ 'big.inter': `${lines.join('\n')}\n` });
  const db = tempDb();
  const controller = new AbortController();
  const run = runImport(
    db,
    { files: [join(dir, 'big.inter')], format: 'recbole' },
    { signal: controller.signal, onProgress: (p) => p.rows > 0 && controller.abort() },
    { parseThread: 'always' },
  );
  await assert.rejects(run, (err: unknown) => err instanceof CancelledError);
  assertNothingWritten(db);
});

test('progress never counts back: the last events carry every line read, users and items included, on both threads', async () => {
  for (const parseThread of ['never', 'always'] as const) {
    const seen: number[] = [];
    const res = await runImport(
      tempDb(),
      { files: [fixture('recbole')], format: 'recbole' },
      { onProgress: (p) => seen.push(p.rows) },
      { parseThread },
    );
    for (let i = 1; i < seen.length; i++)
      assert.ok(seen[i]! >= seen[i - 1]!, `${parseThread}: rows went from ${seen[i - 1]} to ${seen[i]}`);
    assert.ok(seen.at(-1)! > res.interactions, `${parseThread}: the .user and .item lines are counted too`);
  }
});
