import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyDraft, score, START, unscored } from '../../../renderer/src/pages/reviews/draft';

test('unscored names the rubric criteria a save would store empty, left before right', () => {
  const criteria = ['fluency', 'faithfulness'];
  let { draft, cursor } = score(emptyDraft(), START, 4, criteria);
  assert.deepEqual(
    unscored(draft, criteria).map((x) => x.label),
    ['faithfulness (left)', 'fluency (right)', 'faithfulness (right)'],
  );
  ({ draft, cursor } = score(draft, cursor, 3, criteria));
  ({ draft } = score(draft, { side: 'right', criterion: 0 }, 5, criteria));
  ({ draft } = score(draft, { side: 'right', criterion: 1 }, 2, criteria));
  assert.deepEqual(unscored(draft, criteria), []);
  assert.deepEqual(unscored(emptyDraft(), [])[0], undefined);
});
