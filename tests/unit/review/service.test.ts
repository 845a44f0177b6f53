import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GenerationSet } from '../../../preload/api-generation';
import { StudioError } from '../../../main/errors';
import type { Studio } from '../../../main/studio';
import { train, TINY, workspace } from '../training/helpers';
import { winRate } from '../../../main/review/stats';

const generate = (studio: Studio, runId: number): Promise<GenerationSet> =>
  new Promise((resolve) =>
    studio.generation.start(
      {
        runId,
        family: 'explanation',
        split: 'test',
        templates: ['3-1', '3-12'],
        limit: 16,
        decoding: { method: 'greedy', maxTokens: 6, width: 1, temperature: 1, topK: 0, topP: 1, seed: 1, batch: 32 },
      },
      resolve,
    ),
  );

test('a review pairs two runs blind, keeps each reviewer apart, reveals names when finished, and its numbers add up', async () => {
  const { studio, sampleId } = await workspace();
  const config = { ...TINY, steps: 3, families: ['explanation'] };
  const a = await train(studio, sampleId, { ...config, name: 'alpha' });
  const b = await train(studio, sampleId, { ...config, name: 'beta', seed: 9 });
  assert.equal((await generate(studio, a.id)).status, 'done');
  assert.equal((await generate(studio, b.id)).status, 'done');

  const { reviewId, pairs } = studio.reviews.create({
    runA: a.id,
    runB: b.id,
    family: 'explanation',
    size: 10,
    seed: 4,
    swapShare: 0.2,
    reviewers: ['ann', 'bob'],
  });
  assert.equal(pairs, 12, '10 sampled + 2 swapped repeats');
  const again = studio.reviews.create({ runA: a.id, runB: b.id, family: 'explanation', size: 10, seed: 4, swapShare: 0.2 });
  assert.deepEqual(
    studio.reviews.store.pairs(again.reviewId).map((p) => [p.key, p.shown_order]),
    studio.reviews.store.pairs(reviewId).map((p) => [p.key, p.shown_order]),
    'the same seed samples the same pairs in the same order',
  );

  // Blind: nothing names the runs while open.
  const open = studio.reviews.get(reviewId);
  assert.deepEqual(open.labels, { a: 'Output 1', b: 'Output 2' });
  const view = studio.reviews.pair(reviewId, 'ann')!;
  assert.ok(!JSON.stringify(view).includes('alpha') && !JSON.stringify(view).includes('beta'));
  assert.ok(view.context.item.title.length > 0 && view.reference !== null);
  assert.throws(
    () => studio.reviews.pair(reviewId, 'eve'),
    (e: unknown) => e instanceof StudioError && /not a reviewer/.test(e.message),
  );

  // Two reviewers judge the same pairs; neither overwrites the other.
  const all = studio.reviews.store.pairs(reviewId);
  for (const p of all) {
    studio.reviews.judge(reviewId, 'ann', p.position, 'left', { left: { fluency: 4 }, right: { fluency: 2 } }, '');
    studio.reviews.judge(
      reviewId,
      'bob',
      p.position,
      p.position % 3 === 0 ? 'tie' : 'right',
      { left: { fluency: 3 }, right: { fluency: 3 } },
      'ok, "quoted", fine',
    );
  }
  assert.equal(studio.reviews.store.judgments(reviewId).length, 2 * all.length);
  assert.equal(studio.reviews.pair(reviewId, 'ann'), null, 'ann is done');
  assert.equal(studio.reviews.pair(reviewId, 'ann', 0)!.judged!.preference, 'left');
  assert.ok(studio.reviews.unjudge(reviewId, 'ann', 0));
  assert.equal(studio.reviews.pair(reviewId, 'ann')!.position, 0, 'undo reopens the pair');
  studio.reviews.judge(reviewId, 'ann', 0, 'left', { left: { fluency: 4 }, right: { fluency: 2 } }, '');

  // Ann always picks the left side: her A/B preferences follow the blinding order, so position bias shows.
  const stats = studio.reviews.stats(reviewId);
  const js = studio.reviews.judgments(reviewId);
  const ann = js.filter((j) => j.reviewer === 'ann' && j.repeatOf === null);
  assert.equal(ann.filter((j) => j.preference === 'A').length, ann.filter((j) => j.order === 'AB').length);
  assert.ok(stats.positionBias.left! > 0.5);
  assert.equal(stats.agreement.method, 'cohen');
  assert.equal(stats.winRate.n, js.filter((j) => j.repeatOf === null).length);
  assert.equal(stats.selfConsistency.n, 2 * 2);
  assert.deepEqual({ a: stats.winRate.a, b: stats.winRate.b }, { a: winRate(js).a, b: winRate(js).b });

  // The CSV gives the same win rate.
  const csv = studio.reviews.export(reviewId, 'csv');
  const lines = csv.text.trim().split('\r\n');
  const header = lines[0]!.split(',');
  const prefCol = header.indexOf('preference');
  const repeatCol = header.indexOf('repeat_of');
  assert.ok(prefCol >= 0 && repeatCol >= 0);
  const rows = lines.slice(1).map((l) => l.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '')));
  const decisive = rows.filter((r) => r[repeatCol] === '');
  assert.equal(decisive.filter((r) => r[prefCol] === 'A').length / decisive.length, stats.winRate.a);

  assert.throws(() => studio.reviews.create({ runA: a.id, runB: a.id, family: 'explanation' }), /two different runs/);
  const finished = studio.reviews.finish(reviewId);
  assert.deepEqual(finished.labels, { a: 'alpha', b: 'beta' });
  assert.throws(() => studio.reviews.judge(reviewId, 'ann', 1, 'tie', { left: {}, right: {} }, ''), /finished/);
  const pairsExport = studio.reviews.export(reviewId, 'pairs');
  for (const line of pairsExport.text.trim().split('\n').filter(Boolean))
    assert.deepEqual(Object.keys(JSON.parse(line) as object).sort(), ['chosen', 'prompt', 'rejected']);
  await studio.close();
});
