import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decoding, type GenerationSet } from '../../../preload/api-generation';
import { StudioError } from '../../../main/errors';
import type { Studio } from '../../../main/studio';
import { train, TINY, workspace } from '../training/helpers';

const DECODING = Decoding.parse({ method: 'beam' });

const generate = (
  studio: Studio,
  req: Parameters<Studio['generation']['start']>[0],
  onRows?: (setId: number, n: number) => void,
): Promise<GenerationSet> =>
  new Promise((resolve) => {
    let setId = 0;
    const off = studio.events.on('generations.changed', (p) => {
      if (p.setId === setId) onRows?.(setId, studio.generation.store.doneExamples(setId).size);
    });
    setId = studio.generation.start(req, (s) => {
      off();
      resolve(s);
    }).setId;
  });

test('batch generation: catalog items only, history excluded, ranks consistent, resumable, and a report per family', async () => {
  const { studio, sampleId } = await workspace();
  const run = await train(studio, sampleId, { ...TINY, steps: 6, families: ['sequential', 'rating', 'explanation'] });
  assert.equal(run.status, 'done', run.error ?? '');
  const data = studio.templates.data(sampleId);

  const seq = await generate(studio, { runId: run.id, family: 'sequential', split: 'test', templates: ['2-3', '2-11', '2-13'], limit: 9 });
  assert.equal(seq.status, 'done', seq.error ?? '');
  const rows = studio.generation.store.rows(seq.id);
  assert.equal(rows.length, 9);
  // People read the dataset's own user ids, in the stored rows and in the page the UI shows.
  const ext = new Map(
    studio.db
      .prepare('SELECT id, ext_id FROM users WHERE dataset_id = ?')
      .all(sampleId)
      .map((u) => [(u as { id: number }).id, (u as { ext_id: string }).ext_id]),
  );
  for (const r of [...rows, ...studio.generation.rows(seq.id, { offset: 0, limit: 9, outcome: 'any' }).rows])
    assert.equal(r.userExt, ext.get(r.userId));
  for (const r of rows.filter((x) => x.items !== null)) {
    assert.ok(
      r.items!.every((id) => data.items.has(id)),
      'only catalog items',
    );
    assert.equal(new Set(r.items).size, r.items!.length, 'distinct');
    const history = data.sequences
      .get(r.userId)!
      .slice(0, -1)
      .map((x) => x.itemId);
    const target = data.sequences.get(r.userId)!.at(-1)!.itemId;
    assert.ok(
      r.items!.every((id) => id === target || !history.includes(id)),
      'history excluded',
    );
    assert.equal(r.rank, r.items!.includes(target) ? r.items!.indexOf(target) + 1 : null);
    assert.equal(r.valid, true);
  }
  assert.ok(rows.some((r) => r.template === '2-11' && (r.output === 'yes' || r.output === 'no')));

  // Stop after a few rows, then resume: every example exactly once.
  let asked = false;
  const partial = await generate(
    studio,
    // Two examples per batch, so rows arrive while the rest are still being decoded.
    { runId: run.id, family: 'sequential', split: 'test', templates: ['2-3'], limit: 8, decoding: { ...DECODING, batch: 2 } },
    (setId, n) => {
      if (n >= 2 && !asked) asked = studio.jobs.cancel(studio.generation.sets().find((s) => s.id === setId)!.jobId!);
    },
  );
  assert.equal(partial.status, 'stopped');
  const before = studio.generation.store.rows(partial.id).length;
  assert.ok(before >= 2 && before < 8, `stopped after ${before} rows`);
  const resumed = await new Promise<GenerationSet>((resolve) => studio.generation.resume(partial.id, resolve));
  assert.equal(resumed.status, 'done');
  assert.deepEqual(
    studio.generation.store.rows(partial.id).map((r) => r.index),
    [0, 1, 2, 3, 4, 5, 6, 7],
  );

  await generate(studio, { runId: run.id, family: 'rating', split: 'test', limit: 6 });
  const text = await generate(studio, {
    runId: run.id,
    family: 'explanation',
    split: 'test',
    limit: 3,
    decoding: { method: 'sample', seed: 3, maxTokens: 8, temperature: 1, topK: 20, topP: 0.9, width: 1, batch: 32 },
  });
  assert.equal(text.status, 'done', text.error ?? '');

  const report = studio.evaluation.report(run.id, 'test');
  const byFamily = new Map(report.families.map((f) => [f.family, f]));
  assert.ok('HR@10' in byFamily.get('sequential')!.seen && 'NDCG@10 (100 sampled)' in byFamily.get('sequential')!.seen);
  assert.ok('HR@10' in byFamily.get('sequential')!.unseen, 'the unseen template 2-13 is reported apart');
  assert.ok('accuracy' in byFamily.get('sequential')!.byTemplate['2-11']!);
  assert.ok('BLEU-4' in byFamily.get('explanation')!.seen && 'ROUGE-L' in byFamily.get('explanation')!.seen);
  const rating = byFamily.get('rating')!;
  assert.ok(Object.values(rating.byTemplate).some((m) => 'unparsable' in m || 'accuracy' in m));

  assert.throws(
    () => studio.generation.start({ runId: run.id, family: 'sequential', templates: ['1-1'] }),
    (e: unknown) => e instanceof StudioError && /1-1 is not a sequential template/.test(e.message),
  );
  await studio.close();
});
