/**
 * The plain answer for a dataset without review text (ml-100k, say): the explanation and review families have
 * nothing to learn from or show, whatever the split — so say that, and offer what helps: import a dataset that has
 * reviews, or open the built-in sample (which has them) with one press.
 */
import { useEffect, useState } from 'react';
import type { DatasetSummary } from '../../../preload/api';
import { call } from '../client';
import { useWorkspace } from '../data';
import { hrefFor } from '../route';

/** Interactions with review text in a dataset (undefined while counting, null when it could not be read). */
export function useReviewTextCount(datasetId: number | null | undefined): number | null | undefined {
  const [count, setCount] = useState<{ id: number; n: number | null } | null>(null);
  useEffect(() => {
    if (datasetId === null || datasetId === undefined) return;
    let alive = true;
    call('datasets.stats', { id: datasetId }).then(
      (s) => alive && setCount({ id: datasetId, n: s.withReview }),
      () => alive && setCount({ id: datasetId, n: null }),
    );
    return () => {
      alive = false;
    };
  }, [datasetId]);
  return count && count.id === datasetId ? count.n : undefined;
}

/** The built-in sample (imported into every new workspace), if this workspace still has it. */
export function useSampleDataset(): DatasetSummary | null {
  const { datasets } = useWorkspace();
  return datasets?.find((d) => d.name === 'sample') ?? null;
}

export function NoReviewText({
  dataset,
  what,
  onOpenSample,
  testid = 'no-review-text',
}: {
  dataset: DatasetSummary;
  /** What needs the reviews, e.g. "explanation and review-summary templates". */
  what: string;
  onOpenSample: (sample: DatasetSummary) => void;
  testid?: string;
}) {
  const sample = useSampleDataset();
  return (
    <div className="notice no-review-text" role="status" data-testid={testid}>
      <p>
        <strong>{dataset.name} has no review text</strong>, so {what} have nothing to work with in any split. Import a dataset that has
        reviews (Amazon reviews, or a CSV with a review column){sample && sample.id !== dataset.id ? ', or open the built-in sample' : ''}.
      </p>
      <div className="no-review-text-actions">
        {sample && sample.id !== dataset.id && (
          <button type="button" className="button small primary" onClick={() => onOpenSample(sample)} data-testid="open-sample">
            Open the sample
          </button>
        )}
        <a className="button small" href={hrefFor({ page: 'datasets' })} data-testid="go-import">
          Import a dataset…
        </a>
      </div>
    </div>
  );
}
