/**
 * The right column: one example of the chosen dataset rendered through the editor's current text (debounced), with
 * its entity spans, token counts and the record's user and item; paging through the split with buttons and [ / ].
 * Below it, the warnings of the saved template over a sample of examples and those of the example shown.
 */
import type { DatasetSummary } from '../../../../preload/api';
import { Spinner } from '../../components/bits';
import { hrefFor } from '../../route';
import { PreviewBody, PreviewPager } from './PreviewParts';
import { usePreview, type PreviewSource } from './usePreview';
import { WarningsCard } from './WarningsCard';

interface PreviewPanelProps extends PreviewSource {
  dataset: DatasetSummary;
  /** Switches the preview to another dataset (the sample, from the no-review-text notice). */
  onDataset?: (id: number) => void;
}

export function PreviewPanel({ dataset, templateId, version, draft, dirty, seed, place, onPlace, onDataset }: PreviewPanelProps) {
  const { result, error, loading } = usePreview({ datasetId: dataset.id, templateId, version, draft, dirty, seed, place, onPlace });
  const total = result?.total ?? 0;
  return (
    <section
      className="tpl-preview"
      aria-label="Preview"
      data-testid="tpl-preview"
      data-state={loading ? 'loading' : error ? 'error' : 'ready'}
    >
      <div className="card tpl-preview-card">
        <header className="tpl-preview-head">
          <h3 className="card-title">Preview {dirty && <span className="hint">(unsaved text)</span>}</h3>
          <PreviewPager place={place} total={total} loading={loading} onPlace={onPlace} />
        </header>
        {error ? (
          <div className="error-box" role="alert" data-testid="tpl-preview-error">
            {error}
            {dataset.split === null && (
              <p className="hint">
                {dataset.name} has no train/valid/test split yet; make one on the <a href={hrefFor({ page: 'datasets' })}>Datasets</a> page.
              </p>
            )}
          </div>
        ) : result === null ? (
          <Spinner label="Rendering…" />
        ) : (
          <PreviewBody dataset={dataset} result={result} place={place} onDataset={onDataset} />
        )}
      </div>
      <WarningsCard
        datasetId={dataset.id}
        templateId={templateId}
        version={version}
        seed={seed}
        current={result?.warnings ?? null}
        split={place.split}
        onShow={(index) => onPlace({ split: place.split, index })}
      />
    </section>
  );
}
