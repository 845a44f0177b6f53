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
