import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hrefFor, parseHash } from '../../../renderer/src/route';

test("a timeline's address names the user by the dataset's own id; the older row-id form still opens", () => {
  assert.deepEqual(parseHash('#/datasets/2/timeline/user/1'), { page: 'timeline', datasetId: 2, userId: null, userExt: '1' });
  for (const ext of ['u1', '49', 'a/b c', 'Zoë 🎧', '%25']) {
    const href = hrefFor({ page: 'timeline', datasetId: 3, userId: null, userExt: ext });
    assert.match(href, /^#\/datasets\/3\/timeline\/user\/[^/]+$/, 'one path segment, whatever the id holds');
    assert.deepEqual(parseHash(href), { page: 'timeline', datasetId: 3, userId: null, userExt: ext });
  }
  assert.deepEqual(parseHash('#/datasets/2/timeline/49'), { page: 'timeline', datasetId: 2, userId: 49 });
  assert.deepEqual(parseHash('#/datasets/2/timeline'), { page: 'timeline', datasetId: 2, userId: null });
  for (const bad of ['#/datasets/2/timeline/abc', '#/datasets/2/timeline/user/%E0%A4%A', '#/datasets/2/timeline/user'])
    assert.equal(parseHash(bad).page, 'notfound', bad);
});

test("an entities record's address names its user by the dataset's own id; the older row-id forms still open", () => {
  for (const view of ['annotate', 'agreement'] as const) {
    for (const ext of ['u1', '49', 'a/b c', 'Zoë 🎧', '%25']) {
      const href = hrefFor({ page: 'entities', datasetId: 3, view, recordId: null, user: ext });
      assert.match(href, /^#\/datasets\/3\/entities(\/agreement)?\/user\/[^/]+$/, 'one path segment, whatever the id holds');
      assert.deepEqual(parseHash(href), { page: 'entities', datasetId: 3, view, recordId: null, user: ext });
    }
  }
  assert.equal(hrefFor({ page: 'entities', datasetId: 1, view: 'annotate', recordId: 7, user: 'u2' }), '#/datasets/1/entities/user/u2');
  assert.deepEqual(parseHash('#/datasets/2/entities/42'), { page: 'entities', datasetId: 2, view: 'annotate', recordId: 42 });
  assert.deepEqual(parseHash('#/datasets/2/entities/agreement/42'), { page: 'entities', datasetId: 2, view: 'agreement', recordId: 42 });
  assert.deepEqual(parseHash('#/datasets/2/entities/agreement'), { page: 'entities', datasetId: 2, view: 'agreement', recordId: null });
  assert.deepEqual(parseHash('#/datasets/2/entities/profile'), { page: 'entities', datasetId: 2, view: 'profile', recordId: null });
  assert.deepEqual(parseHash('#/datasets/2/entities'), { page: 'entities', datasetId: 2, view: 'annotate', recordId: null });
  for (const bad of [
    '#/datasets/2/entities/abc',
    '#/datasets/2/entities/user',
    '#/datasets/2/entities/user/%E0%A4%A',
    '#/datasets/2/entities/agreement/profile',
    '#/datasets/2/entities/profile/1',
    '#/datasets/2/entities/user/u1/x',
  ])
    assert.equal(parseHash(bad).page, 'notfound', bad);
});
