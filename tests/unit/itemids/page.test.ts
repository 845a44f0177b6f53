import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ItemIdComparison } from '../../../preload/api-itemids';
import type { Run } from '../../../preload/api-training';
import { buildCommand, checkBuild, defaultBuildForm, formToBuild } from '../../../renderer/src/pages/itemids/buildForm';
import { DEFAULT_SORT, nextSort, shownColumns, sortRows } from '../../../renderer/src/pages/itemids/compare';
import { codeToken, nextLevelCounts, prefixText } from '../../../renderer/src/pages/itemids/prefix';
import { checkConfig, configToForm, defaultForm, formToConfig } from '../../../renderer/src/pages/runs/configForm';
import { budgetOf, identifierSetOf } from '../../../renderer/src/pages/runs/resolvedFacts';

test('codes are written as the model reads them, a letter per level', () => {
  assert.equal(codeToken(0, 3), '<a3>');
  assert.equal(prefixText([3, 17, 0]), '<a3><b17><c0>');
  assert.equal(prefixText([]), '');
});

test('the codes of a level under a prefix are counted once each, in code order; shorter sequences have none', () => {
  const codes = [[2, 0, 1], [0, 5], [2, 1], [0, 5, 0], [1]];
  assert.deepEqual(nextLevelCounts(codes, 0), [
    { code: 0, items: 2 },
    { code: 1, items: 1 },
    { code: 2, items: 2 },
  ]);
  assert.deepEqual(nextLevelCounts(codes, 1), [
    { code: 0, items: 1 },
    { code: 1, items: 1 },
    { code: 5, items: 2 },
  ]);
  assert.deepEqual(nextLevelCounts(codes, 3), []);
  // Every item under a prefix is counted in exactly one code of the level below, when all are deep enough.
  const sum = nextLevelCounts(codes, 1).reduce((a, c) => a + c.items, 0);
  assert.equal(sum, codes.filter((c) => c.length > 1).length);
});

test('the build form sends its scheme only with the options that apply to it', () => {
  const f = defaultBuildForm('atomic');
  f.levels = '4';
  f.codebook = '16';
  f.flags.balanced = true;
  f.flags.contrastive = true;
  assert.deepEqual(formToBuild(f, 7), { datasetId: 7, scheme: 'atomic' });
  assert.equal(checkBuild(formToBuild(f, 7)).size, 0);

  const s = { ...f, scheme: 'semantic' as const };
  // RQ-KMeans: the quantizer's options, not the RQ-VAE's training flags.
  assert.deepEqual(formToBuild(s, 7), { datasetId: 7, scheme: 'semantic', levels: 4, codebook: 16, balanced: true });
  const vae = formToBuild({ ...s, method: 'rqvae' }, 7);
  assert.deepEqual(vae, { datasetId: 7, scheme: 'semantic', method: 'rqvae', levels: 4, codebook: 16, balanced: true, contrastive: true });
  assert.equal(
    buildCommand(vae),
    'studio itemids build 7 --scheme semantic --method rqvae --levels 4 --codebook 16 --balanced --contrastive',
  );
});

test('the build form names the field the schema refuses', () => {
  const f = defaultBuildForm();
  const issues = checkBuild(formToBuild({ ...f, codebook: '1', contentWeight: 'x', window: '0', name: 'two words' }, 1));
  assert.deepEqual([...issues.keys()].sort(), ['codebook', 'contentWeight', 'name', 'window']);
  assert.match(issues.get('name')!, /letters, digits/);
  assert.equal(checkBuild(formToBuild({ ...f, codebook: '8', name: 'sem-v2.1' }, 1)).size, 0);
});

const row = (runId: number, ndcg: number | undefined, scheme: ItemIdComparison['scheme'] = 'semantic'): ItemIdComparison => ({
  runId,
  runName: `run ${runId}`,
  setId: null,
  setName: scheme,
  scheme,
  trainingMinutes: runId,
  metrics: ndcg === undefined ? {} : { 'NDCG@10': ndcg },
  msPerUser: null,
  users: 10,
});

test('the comparison sorts best first, puts rows without the figure last either way, and flips on a second click', () => {
  const rows = [row(1, 0.1), row(2, undefined), row(3, 0.3), row(4, 0.3, 'atomic')];
  assert.deepEqual(
    sortRows(rows, DEFAULT_SORT).map((r) => r.runId),
    [3, 4, 1, 2],
  );
  const asc = nextSort(DEFAULT_SORT, 'NDCG@10');
  assert.deepEqual(asc, { key: 'NDCG@10', dir: 'asc' });
  assert.deepEqual(
    sortRows(rows, asc).map((r) => r.runId),
    [1, 3, 4, 2],
  );
  // A metric sorts high first, the run's own columns ascending.
  assert.deepEqual(nextSort(asc, 'HR@5 warm'), { key: 'HR@5 warm', dir: 'desc' });
  assert.deepEqual(nextSort(asc, 'scheme'), { key: 'scheme', dir: 'asc' });
  assert.deepEqual(
    sortRows(rows, { key: 'scheme', dir: 'asc' }).map((r) => r.runId),
    [4, 1, 2, 3],
  );
});

test('warm and cold targets show @10 unless all cutoffs are asked for', () => {
  const keys = (full: boolean) =>
    shownColumns(full)
      .filter((c) => c.group !== null)
      .map((c) => c.key);
  assert.deepEqual(keys(false), ['HR@5', 'HR@10', 'NDCG@5', 'NDCG@10', 'HR@10 warm', 'NDCG@10 warm', 'HR@10 cold', 'NDCG@10 cold']);
  assert.equal(keys(true).length, 12);
});

test('the run form sends the identifier set, the time budget and the templates of the trained families', () => {
  const f = defaultForm();
  f.itemIds = 'semantic';
  f.minutes = '30';
  f.templates = ['2-3', '1-1', '3-2'];
  f.families.explanation.on = false;
  const config = formToConfig(f);
  // 3-2 is an explanation template and explanation is not trained: it is not sent.
  assert.deepEqual(config, { families: ['rating', 'sequential'], itemIds: 'semantic', minutes: 30, templates: ['2-3', '1-1'] });
  assert.equal(checkConfig(config).size, 0);
  const back = configToForm(config as Record<string, unknown>, 'copy');
  assert.equal(back.itemIds, 'semantic');
  assert.equal(back.minutes, '30');
  assert.deepEqual(back.templates, ['2-3', '1-1']);
  // A trained family none of whose templates is ticked is named; ticking none at all is fine.
  const issues = checkConfig(formToConfig({ ...f, templates: ['2-3'] }));
  assert.match(issues.get('templates')!, /no rating template is ticked/);
  assert.equal(checkConfig(formToConfig({ ...f, templates: [] })).size, 0);
  assert.equal(checkConfig(formToConfig({ ...f, minutes: '-1' })).has('minutes'), true);
});

test('a run shows the set it resolved and whether its budget sized its steps', () => {
  const run = (config: Record<string, unknown>, resolved: Record<string, unknown> | null) => ({ config, resolved }) as unknown as Run;
  assert.equal(identifierSetOf(run({}, null)), null);
  assert.equal(identifierSetOf(run({}, { itemIdSet: null })), null);
  assert.deepEqual(identifierSetOf(run({}, { itemIdSet: { id: 2, name: 'sem', version: 3, scheme: 'semantic' } })), {
    id: 2,
    name: 'sem',
    version: 3,
    scheme: 'semantic',
  });
  assert.equal(budgetOf(run({}, { steps: 10 })), null);
  assert.deepEqual(budgetOf(run({ minutes: 5 }, null)), { minutes: 5, calibrated: false, steps: null, pretrainSteps: null });
  assert.deepEqual(budgetOf(run({ minutes: 5 }, { calibrated: true, steps: 700, pretrainSteps: 0 })), {
    minutes: 5,
    calibrated: true,
    steps: 700,
    pretrainSteps: 0,
  });
});
