/**
 * The right column: one example of the chosen dataset rendered through the editor's current text (debounced), with
 * its entity spans, token counts and the record's user and item; paging through the split with buttons and [ / ].
 * Below it, the warnings of the saved template over a sample of examples and those of the example shown.
 */
import { useEffect, useRef, useState } from 'react';
import type { DatasetSummary } from '../../../../preload/api';
import type { ExampleSplit, PreviewResult, TemplateWarning } from '../../../../preload/api-templates';
import { call } from '../../client';
import { Spinner } from '../../components/bits';
import { NoReviewText, useReviewTextCount } from '../../components/NoReviewText';
import { toShown } from '../../errors';
import { fmtInt } from '../../format';
import { isTypingTarget } from '../../hooks';
import { hrefFor } from '../../route';
import { sendable, type Draft } from './model';
import { RenderedView, SpanLegend } from './RenderedView';

export interface PreviewPlace {
  split: ExampleSplit;
  index: number;
}

interface PreviewPanelProps {
  dataset: DatasetSummary;
  /** The saved template, previewed by id while the editor matches it. */
  templateId: string | null;
  /** The saved version, so warnings are fetched again after a save. */
  version: number | null;
  draft: Draft;
  dirty: boolean;
  seed: number;
  place: PreviewPlace;
  onPlace: (p: PreviewPlace) => void;
  /** Switches the preview to another dataset (the sample, from the no-review-text notice). */
  onDataset?: (id: number) => void;
}

const SPLITS: readonly ExampleSplit[] = ['train', 'valid', 'test'];

export function PreviewPanel({ dataset, templateId, version, draft, dirty, seed, place, onPlace, onDataset }: PreviewPanelProps) {
  const reviewText = useReviewTextCount(dataset.id);
  const [result, setResult] = useState<PreviewResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);
  const byId = templateId !== null && !dirty;
  const fieldsKey = byId ? '' : JSON.stringify(sendable(draft));

  useEffect(() => {
    const mine = ++seq.current;
    setLoading(true);
    const t = setTimeout(
      () => {
        const source = byId && templateId ? { id: templateId } : { fields: JSON.parse(fieldsKey) as Draft };
        call('templates.preview', { datasetId: dataset.id, source, split: place.split, index: place.index, seed }).then(
          (r) => {
            if (mine !== seq.current) return;
            setResult(r);
            setError(null);
            setLoading(false);
            // The back end clamps an index past the end of the split; follow it so the counter reads true.
            if (r.index !== place.index && r.total > 0) onPlace({ split: place.split, index: r.index });
          },
          (e: unknown) => {
            if (mine !== seq.current) return;
            setError(toShown(e, '', 0).message);
            setLoading(false);
          },
        );
      },
      byId ? 0 : 300,
    );
    return () => clearTimeout(t);
  }, [dataset.id, byId, templateId, version, fieldsKey, place.split, place.index, seed, onPlace]);

  // [ and ] page through examples wherever focus is not in a text field.
  const placeRef = useRef({ place, total: result?.total ?? 0 });
  placeRef.current = { place, total: result?.total ?? 0 };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      if (document.querySelector('[role="dialog"]')) return;
      if (e.key !== '[' && e.key !== ']') return;
      const { place: p, total } = placeRef.current;
      const next = e.key === '[' ? p.index - 1 : p.index + 1;
      if (next < 0 || (total > 0 && next >= total)) return;
      e.preventDefault();
      onPlace({ split: p.split, index: next });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onPlace]);

  const total = result?.total ?? 0;
  const problems = result?.problems ?? [];
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
          <>
            {problems.length === 0 && (
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
            )}
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

interface WarningsCardProps {
  datasetId: number;
  templateId: string | null;
  version: number | null;
  seed: number;
  /** Warnings of the example in the preview (of the unsaved text when it is dirty). */
  current: readonly TemplateWarning[] | null;
  split: ExampleSplit;
  onShow: (index: number) => void;
}

function WarningsCard({ datasetId, templateId, version, seed, current, split, onShow }: WarningsCardProps) {
  const [saved, setSaved] = useState<TemplateWarning[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setSaved(null);
    setError(null);
    if (templateId === null) return;
    let alive = true;
    call('templates.warnings', { datasetId, id: templateId, seed }).then(
      (r) => alive && setSaved(r.find((x) => x.id === templateId)?.warnings ?? []),
      (e: unknown) => alive && setError(toShown(e, '', 0).message),
    );
    return () => {
      alive = false;
    };
  }, [datasetId, templateId, version, seed]);

  return (
    <div className="card tpl-warnings" data-testid="tpl-warnings">
      <h3 className="card-title">Warnings</h3>
      {templateId === null ? (
        <p className="hint">Checked over a sample of the dataset once the template is saved.</p>
      ) : error ? (
        <p className="field-error">{error}</p>
      ) : saved === null ? (
        <Spinner label="Checking examples…" />
      ) : saved.length === 0 ? (
        <p className="ok" data-testid="tpl-warnings-none">
          ✓ No warning for the saved version over the sampled examples.
        </p>
      ) : (
        <WarningList warnings={saved} onShow={onShow} split={split} testid="tpl-warnings-saved" />
      )}
      {current && current.length > 0 && (
        <>
          <h4 className="tpl-sub">This example</h4>
          <WarningList warnings={current} onShow={onShow} split={split} testid="tpl-warnings-current" />
        </>
      )}
    </div>
  );
}

const KIND_TITLE: Record<TemplateWarning['kind'], string> = {
  target_leak: 'Target leaks into the input',
  test_in_history: 'Test item in a training history',
  fixed_position: 'Ground truth at a fixed candidate position',
  empty_render: 'Renders empty',
  empty_variable: 'Empty variable',
  answer_choice: 'Target outside the answer choices',
};

function WarningList({
  warnings,
  onShow,
  split,
  testid,
}: {
  warnings: readonly TemplateWarning[];
  onShow: (index: number) => void;
  split: ExampleSplit;
  testid: string;
}) {
  return (
    <ul className="tpl-warning-list" data-testid={testid}>
      {warnings.map((w, i) => (
        <li key={`${w.kind}-${i}`} className="tpl-warning" data-kind={w.kind}>
          <div className="tpl-warning-head">
            <strong>{KIND_TITLE[w.kind]}</strong>
            <span className="tpl-warning-count" title={`${w.count} of the ${w.checked} examples checked show it`}>
              {fmtInt(w.count)} / {fmtInt(w.checked)}
            </span>
          </div>
          <div className="tpl-warning-message">{w.message}</div>
          {w.example !== null && (
            <button type="button" className="link-button small" onClick={() => onShow(w.example ?? 0)} data-testid="tpl-warning-show">
              Show example {fmtInt(w.example + 1)} ({split})
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
