import type { Handlers } from '../handler-types';
import type { ReviewService } from './service';

type ReviewCall = Extract<keyof Handlers, `reviews.${string}`>;

/** The reviews calls bound to the review service; nothing else lives here. */
export function reviewHandlers(studio: { reviews: ReviewService }): Pick<Handlers, ReviewCall> {
  const { reviews } = studio;
  return {
    'reviews.create': (args) => reviews.create(args),
    'reviews.list': ({ datasetId }) => reviews.list(datasetId),
    'reviews.get': ({ id }) => reviews.get(id),
    'reviews.pair': ({ id, reviewer, position }) => reviews.pair(id, reviewer, position),
    'reviews.judge': ({ id, reviewer, position, preference, scores, comment }) =>
      reviews.judge(id, reviewer, position, preference, scores, comment),
    'reviews.unjudge': ({ id, reviewer, position }) => ({ removed: reviews.unjudge(id, reviewer, position) }),
    'reviews.finish': ({ id }) => reviews.finish(id),
    'reviews.stats': ({ id }) => reviews.stats(id),
    'reviews.export': ({ id, format }) => reviews.export(id, format),
    'reviews.delete': ({ id }) => ({ deleted: reviews.delete(id) }),
  };
}
