import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runImport } from '../../../main/datasets/import/index';
import { runFacts } from '../../../renderer/src/pages/generations/genForm';
import { defaultForm, unfedFamilies, untickUnfed } from '../../../renderer/src/pages/runs/configForm';
import { report, unfedWarnings } from '../../../main/cli/train';
import { TINY, train, workspace } from './helpers';

/** Ratings without a review column: what ml-100k looks like to the explanation and review families. */
async function ratingsOnly(studio: Awaited<ReturnType<typeof workspace>>['studio'], dir: string): Promise<number> {
  const file = join(dir, 'ratings-only.csv');
  const lines = ['userId,itemId,rating,timestamp,title'];
  for (let u = 1; u <= 12; u++)
    for (let k = 0; k < 6; k++)
      lines.push(
        `${u},${((u * 7 + k * 3) % 15) + 1},${1 + ((u + k) % 5)},${1_600_000_000 + u * 100 + k},Item ${((u * 7 + k * 3) % 15) + 1}`,
      );
  writeFileSync(file, lines.join('\n') + '\n');
  return (await runImport(studio.db, { files: [file], format: 'csv', name: 'ratings-only' })).datasetId;
}

test('a dataset without review text cannot feed explanation or review: the run form unticks them and says why', async () => {
  const { studio, dir, sampleId } = await workspace();
  try {
    const id = await ratingsOnly(studio, dir);
    const unfed = unfedFamilies(studio.templates.counts(id, undefined, 1).data);
    assert.deepEqual([...unfed.keys()].sort(), ['explanation', 'review']);
    assert.match(unfed.get('explanation')!, /no review text/);
    assert.equal(unfedFamilies(studio.templates.counts(sampleId, undefined, 1).data).size, 0, 'the sample has reviews');

    const form = defaultForm();
    assert.equal(form.families.explanation.on, true, 'explanation is ticked by default');
    const fixed = untickUnfed(form, unfed);
    assert.equal(fixed.families.explanation.on, false);
    assert.equal(fixed.families.rating.on, form.families.rating.on);
    assert.equal(untickUnfed(fixed, unfed), fixed, 'nothing left to untick: the same form');
    // Back on a dataset with reviews, what was unticked for lack of them is ticked again; a family the user
    // unticked stays as they left it.
    const userOff = { ...fixed, families: { ...fixed.families, rating: { ...fixed.families.rating, on: false } } };
    const back = untickUnfed(userOff, new Map());
    assert.equal(back.families.explanation.on, true);
    assert.equal(back.families.rating.on, false);
    assert.deepEqual(back.autoUnticked, []);

    // Trained anyway (the CLI, an old config): the run records 0 examples, and the generate form calls it not trained.
    const run = await train(studio, id, { ...TINY, families: ['rating', 'explanation'], steps: 2 });
    assert.equal(run.status, 'done', run.error ?? '');
    const fed = (run.resolved as { trainExamples: Record<string, number> }).trainExamples;
    assert.equal(fed.explanation, 0);
    assert.ok(fed.rating! > 0);
    assert.deepEqual(runFacts(run).families, ['rating']);

    // `studio train` names the ticked family it cannot feed, on stderr and in --json's warnings.
    const warnings = unfedWarnings(studio, id, { families: ['rating', 'explanation'] });
    assert.deepEqual(warnings, ['explanation is ticked but this dataset has no review text: the run trains without it']);
    assert.deepEqual(unfedWarnings(studio, sampleId, { families: ['rating', 'explanation'] }), [], 'the sample feeds both');
    assert.deepEqual(unfedWarnings(studio, id, { families: ['rating'] }), []);
    assert.deepEqual(unfedWarnings(studio, id, { steps: -1 }), [], 'a config that does not parse is left to start to refuse');
    const out: string[] = [];
    report(studio, run, { out: (t) => out.push(t), err: () => undefined, tty: false }, true, warnings);
    assert.deepEqual((JSON.parse(out[0]!) as { warnings: string[] }).warnings, warnings);
  } finally {
    await studio.close();
  }
});
