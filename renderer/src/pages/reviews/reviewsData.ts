/**
 * The Reviews pages' reads, kept live by `reviews.changed` (another reviewer's save, a finish, a delete), and the
 * reviewer's name, remembered in this browser so it is asked once.
 */
import type { ReviewStats, ReviewSummary } from '../../../../preload/api-review';
import { call, on } from '../../client';
import { useLive } from '../../live';

/** The dataset's reviews, newest first. */
export function useReviewList(datasetId: number): ReviewSummary[] | null | undefined {
  return useLive(
    `reviews:${datasetId}`,
    async () => (await call('reviews.list', { datasetId })).sort((a, b) => b.id - a.id),
    (changed) => on('reviews.changed', changed),
    'Loading reviews',
  );
}

/** One review's summary: status, progress per reviewer, labels. */
export function useReview(id: number): ReviewSummary | null | undefined {
  return useLive(
    `review:${id}`,
    () => call('reviews.get', { id }),
    (changed) => on('reviews.changed', (p) => p.reviewId === id && changed()),
    `Loading review ${id}`,
  );
}

export function useReviewStats(id: number): ReviewStats | null | undefined {
  return useLive(
    `review-stats:${id}`,
    () => call('reviews.stats', { id }),
    (changed) => on('reviews.changed', (p) => p.reviewId === id && changed()),
    `Loading the results of review ${id}`,
  );
}

const REVIEWER_KEY = 'studio-reviewer';

export function rememberedReviewer(): string | null {
  try {
    const name = localStorage.getItem(REVIEWER_KEY)?.trim();
    return name ? name : null;
  } catch {
    return null; // storage disabled: the name is asked for each time
  }
}

export function rememberReviewer(name: string): void {
  try {
    localStorage.setItem(REVIEWER_KEY, name);
  } catch {
    // storage disabled: nothing to keep
  }
}

/**
 * A review's name, unless it names one of the runs while the review is open: the default name is "A vs B · family",
 * and a reviewer who reads it knows which run is which side's author before judging. Before the runs are known
 * (null), an open review's name is not shown at all.
 */
export function blindName(review: ReviewSummary, runNames: readonly string[] | null): string {
  if (review.status === 'finished') return review.name;
  const lower = review.name.toLowerCase();
  const leaks = runNames === null || runNames.some((n) => n.trim().length > 0 && lower.includes(n.trim().toLowerCase()));
  return leaks ? `Review #${review.id} · ${review.family === 'review' ? 'review summaries' : 'explanations'}` : review.name;
}
