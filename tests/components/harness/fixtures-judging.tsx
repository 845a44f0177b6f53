/** The judging view on a fake review of three pairs with a two-criterion rubric; judgments are kept per position. */
import type { ReviewPairView, ReviewSummary } from '../../../preload/api-review';
import { Judging } from '../../../renderer/src/pages/reviews/Judging';
import { answer } from './fake-api';

const REVIEW: ReviewSummary = {
  id: 7,
  datasetId: 1,
  name: 'fixture review',
  family: 'explanation',
  status: 'open',
  pairs: 3,
  rubric: [
    { name: 'fluency', description: 'Reads naturally' },
    { name: 'faithfulness', description: 'True to the facts' },
  ],
  reviewers: [],
  progress: {},
  labels: { a: 'Output 1', b: 'Output 2' },
  createdAt: '2026-01-01T00:00:00Z',
  finishedAt: null,
};

function pair(position: number, judged: ReviewPairView['judged']): ReviewPairView {
  return {
    position,
    total: 3,
    template: '3-1',
    seen: true,
    context: { user: `user ${position}`, history: ['Heat'], item: { title: 'Alien', attributes: {} }, rating: 5, review: 'Great film' },
    prompt: 'Explain why the user liked Alien',
    left: `left output ${position}`,
    right: `right output ${position}`,
    reference: null,
    entities: { left: [], right: [] },
    judged,
  };
}

export const FIXTURE_JUDGING = {
  judging: () => {
    const judged = new Map<number, NonNullable<ReviewPairView['judged']>>();
    answer('reviews.pair', (a) => {
      const at = a.position === undefined ? [0, 1, 2].find((i) => !judged.has(i)) : Number(a.position);
      return at === undefined ? null : pair(at, judged.get(at) ?? null);
    });
    answer('reviews.judge', (a) => {
      judged.set(Number(a.position), a as unknown as NonNullable<ReviewPairView['judged']>);
      return { saved: true, done: judged.size, total: 3 };
    });
    answer('reviews.unjudge', (a) => ({ removed: judged.delete(Number(a.position)) }));
    return <Judging datasetId={1} review={REVIEW} reviewer="rev" onBadReviewer={() => {}} />;
  },
};
