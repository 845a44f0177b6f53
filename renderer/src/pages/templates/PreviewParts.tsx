/** The preview's pager (split, previous, index, next) and its body (the record, the rendered input and target). */
import type { DatasetSummary } from '../../../../preload/api';
import type { ExampleSplit, PreviewResult } from '../../../../preload/api-templates';
import { NoReviewText, useReviewTextCount } from '../../components/NoReviewText';
import { fmtInt } from '../../format';
import { hrefFor } from '../../route';
import type { PreviewPlace } from './model';
import { RenderedView, SpanLegend } from './RenderedView';

const SPLITS: readonly ExampleSplit[] = ['train', 'valid', 'test'];

interface PagerProps {
  place: PreviewPlace;
  total: number;
  loading: boolean;
  onPlace: (p: PreviewPlace) => void;
}

export function PreviewPager({ place, total, loading, onPlace }: PagerProps) {
  return (
    <div className="tpl-pager">
      <select
        value={place.split}
        onChange={(e) => onPlace({ split: e.target.value as ExampleSplit, index: 0 })}
        aria-label="Split"
        data-testid="tpl-split"
      >
        {SPLITS.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="icon-button"
        onClick={() => onPlace({ ...place, index: place.index - 1 })}
        disabled={place.index <= 0}
        aria-label="Previous example"
        title="Previous example ([)"
        data-testid="tpl-prev"
      >
        ‹
      </button>
      <span className="tpl-index" data-testid="tpl-index" data-index={place.index}>
        {total > 0 ? `${fmtInt(place.index + 1)} / ${fmtInt(total)}` : '– / –'}
      </span>
      <button
        type="button"
        className="icon-button"
        onClick={() => onPlace({ ...place, index: place.index + 1 })}
        disabled={total === 0 || place.index >= total - 1}
        aria-label="Next example"
        title="Next example (])"
        data-testid="tpl-next"
      >
        ›
      </button>
      {loading && <span className="spinner tpl-busy" aria-label="Rendering" />}
    </div>
  );
}

/** The user and item of the example shown (its timeline a click away). */
function RecordLine({ dataset, result }: { dataset: DatasetSummary; result: PreviewResult }) {
  return (
    <div className="tpl-record" data-testid="tpl-record">
      <span>
        user{' '}
        <a
          href={hrefFor({ page: 'timeline', datasetId: dataset.id, userId: result.user.id })}
          data-testid="tpl-user-link"
          title="Open this user's timeline"
        >
          {result.user.extId}
        </a>
      </span>
      {result.item && (
        <span>
          item <span className="ext-id">{result.item.extId}</span>{' '}
          {result.item.title && <span className="muted">“{result.item.title}”</span>}
        </span>
      )}
      <span className="muted">
        {result.family} · {result.split}
      </span>
    </div>
  );
}

interface BodyProps {
  dataset: DatasetSummary;
  result: PreviewResult;
  place: PreviewPlace;
  onDataset?: (id: number) => void;
}

export function PreviewBody({ dataset, result, place, onDataset }: BodyProps) {
  const reviewText = useReviewTextCount(dataset.id);
  const total = result.total;
  const problems = result.problems;
  return (
    <>
      {problems.length === 0 && <RecordLine dataset={dataset} result={result} />}
      {problems.length > 0 ? (
        <ul className="tpl-problems error-box" data-testid="tpl-preview-problems">
          {problems.map((p, i) => (
            <li key={i}>
              {p.field}, line {p.line}, column {p.column}: {p.message}
            </li>
          ))}
          <li className="tpl-problems-hint">Fix the text to see it rendered.</li>
        </ul>
      ) : total === 0 && reviewText === 0 && (result.family === 'explanation' || result.family === 'review') ? (
        <NoReviewText
          dataset={dataset}
          what="explanation and review-summary templates"
          onOpenSample={(sample) => onDataset?.(sample.id)}
          testid="tpl-preview-no-reviews"
        />
      ) : total === 0 ? (
        <p className="muted" data-testid="tpl-preview-none">
          The {place.split} split of {dataset.name} has no {result.family} example. Try another split.
        </p>
      ) : (
        <>
          <h4 className="tpl-sub">
            Input <span className="tpl-tokens">{fmtInt(result.input.tokens)} tokens</span>
          </h4>
          <RenderedView rendered={result.input} testid="tpl-preview-input" />
          <h4 className="tpl-sub">
            Target <span className="tpl-tokens">{fmtInt(result.target.tokens)} tokens</span>
          </h4>
          <RenderedView rendered={result.target} testid="tpl-preview-target" />
          <div className="tpl-preview-foot">
            <SpanLegend texts={[result.input, result.target]} />
            <span className="hint" title="Token counts use this tokenizer">
              tokenizer: {result.tokenizer}
            </span>
          </div>
        </>
      )}
    </>
  );
}
