/**
 * One set's rows, a page at a time, under filters (template, outcome, text): input (one line, expandable),
 * output, reference, score, ranks; an item row expands to the items it returned with the true one marked.
 * Rows grow while the set runs. `[` / `]` turn pages.
 */
import { Fragment, useEffect, useRef, useState } from 'react';
import type { GenerationRow, GenerationSet } from '../../../../preload/api-generation';
import { EmptyState, FilterBox, ProgressBar, Spinner } from '../../components/bits';
import { useDebounced, isTypingTarget } from '../../hooks';
import { fmtInt } from '../../format';
import { useJob } from '../../jobs';
import { hrefFor, navigate, type GenOutcome } from '../../route';
import { useItemLabels, useSetRows, useTemplates, type ItemLabel } from './genData';
import { fmtRank, fmtSampledRank, RowItems } from './RowItems';
import { describeDecoding, describeSet, describeSpeed, SetStatus } from './setDescriptions';
import { OwnerNote } from '../../components/JobOwner';

export const PAGE_SIZE = 25;
const OUTCOME_LABEL: Record<GenOutcome, string> = { any: 'any', hit: 'hit (rank ≤ 10)', miss: 'miss', invalid: 'invalid item' };

interface Props {
  datasetId: number;
  items: number;
  set: GenerationSet;
  outcome: GenOutcome;
}

export const isItemFamily = (family: GenerationSet['family']): boolean => family === 'sequential' || family === 'direct';

/** `[` and `]` turn the page unless the user is typing. */
function usePageKeys(prev: () => void, next: () => void): void {
  const latest = useRef({ prev, next });
  latest.current = { prev, next };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      if (document.querySelector('[role="dialog"]')) return;
      if (e.key === '[') latest.current.prev();
      else if (e.key === ']') latest.current.next();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function SetRows({ datasetId, items, set, outcome }: Props) {
  const [template, setTemplate] = useState('');
  const [text, setText] = useState('');
  const [offset, setOffset] = useState(0);
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const search = useDebounced(text.trim(), 250);
  const familyTemplates = useTemplates(set.family);
  const labels = useItemLabels(datasetId, items);
  const page = useSetRows(set.id, { offset, limit: PAGE_SIZE, template, outcome, text: search });
  const job = useJob(set.jobId);
  const itemFamily = isItemFamily(set.family);
  const total = page?.total ?? 0;

  // A new filter starts at the first page.
  useEffect(() => setOffset(0), [template, outcome, search, set.id]);

  const prev = (): void => setOffset((o) => Math.max(0, o - PAGE_SIZE));
  const next = (): void => setOffset((o) => (o + PAGE_SIZE < total ? o + PAGE_SIZE : o));
  usePageKeys(prev, next);

  const templates = set.templates ?? (familyTemplates ?? []).map((t) => t.id);
  const toggle = (index: number): void =>
    setOpen((s) => {
      const n = new Set(s);
      if (n.has(index)) n.delete(index);
      else n.add(index);
      return n;
    });

  return (
    <section className="gen-set card" data-testid="gen-set" data-set-id={set.id} data-status={set.status}>
      <header className="gen-set-head">
        <h2>
          Set #{set.id} <SetStatus status={set.status} />
          <OwnerNote owner={set.owner} running={set.status === 'running'} />
        </h2>
        <span className="muted">
          {describeSet(set)} · run #{set.runId} at step {set.checkpoint} · {describeDecoding(set)}
          {itemFamily && (set.excludeHistory ? ' · history excluded' : ' · history allowed')}
          {describeSpeed(set) && ` · ${describeSpeed(set)}`}
        </span>
        <a
          className="button small"
          href={hrefFor({ page: 'evaluation', datasetId, runId: set.runId, split: set.split })}
          data-testid="gen-set-evaluate"
        >
          Evaluate run #{set.runId}
        </a>
      </header>
      {set.status === 'running' && (
        <div className="job-progress" data-testid="gen-set-live">
          <ProgressBar done={set.done} total={set.total} label={`set ${set.id} progress`} />
          <div className="job-progress-text">
            <span className="job-phase">{job?.info.phase ?? 'starting'}</span>
            <span>
              {fmtInt(set.done)} / {set.total === null ? '?' : fmtInt(set.total)} examples
            </span>
          </div>
        </div>
      )}
      {set.error && (
        <div className="error-box" role="alert">
          <strong>The set failed:</strong> {set.error}
        </div>
      )}

      <div className="toolbar gen-filters" data-testid="gen-filters">
        <label className="gen-filter">
          Template
          <select value={template} data-testid="gen-filter-template" onChange={(e) => setTemplate(e.target.value)}>
            <option value="">all</option>
            {templates.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        {itemFamily && (
          <label className="gen-filter">
            Outcome
            <select
              value={outcome}
              data-testid="gen-filter-outcome"
              onChange={(e) =>
                navigate({ page: 'generations', datasetId, view: 'set', setId: set.id, outcome: e.target.value as GenOutcome })
              }
            >
              {(Object.keys(OUTCOME_LABEL) as GenOutcome[]).map((o) => (
                <option key={o} value={o}>
                  {OUTCOME_LABEL[o]}
                </option>
              ))}
            </select>
          </label>
        )}
        <FilterBox value={text} onChange={setText} placeholder="Search input, output, reference" />
        <span className="table-total" data-testid="gen-rows-total">
          {page ? `${fmtInt(total)} row${total === 1 ? '' : 's'}` : ''}
        </span>
      </div>

      {page === undefined ? (
        <Spinner label="Loading rows…" />
      ) : page === null ? null : page.rows.length === 0 ? (
        <EmptyState title={set.done === 0 ? 'No rows yet' : 'No row matches the filters'} testid="gen-rows-empty">
          <p>{set.done === 0 ? 'Rows appear here as the set generates them.' : 'Clear the search or pick another template or outcome.'}</p>
        </EmptyState>
      ) : (
        <div className="gen-rows-scroll">
          <table className="table gen-rows" data-testid="gen-rows">
            <thead>
              <tr>
                <th className="num">#</th>
                <th>Template</th>
                <th className="num">User</th>
                <th>Input</th>
                <th>Output</th>
                <th>Reference</th>
                <th className="num" title="Log-probability of the output">
                  Score
                </th>
                {itemFamily && (
                  <th className="num" title="Rank of the true item among the returned items (full catalog)">
                    Rank
                  </th>
                )}
                {itemFamily && (
                  <th className="num" title="Rank of the true item among the prompt's 100 sampled candidates">
                    Sampled rank
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {page.rows.map((row) => (
                <RowView
                  key={row.index}
                  row={row}
                  open={open.has(row.index)}
                  onToggle={() => toggle(row.index)}
                  itemFamily={itemFamily}
                  labels={labels}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page && total > PAGE_SIZE && (
        <div className="gen-pager" data-testid="gen-pager">
          <button type="button" className="button small" disabled={offset === 0} onClick={prev} data-testid="gen-prev">
            ← Previous
          </button>
          <span>
            {fmtInt(offset + 1)}–{fmtInt(Math.min(offset + PAGE_SIZE, total))} of {fmtInt(total)}
          </span>
          <button type="button" className="button small" disabled={offset + PAGE_SIZE >= total} onClick={next} data-testid="gen-next">
            Next →
          </button>
          <span className="hint">
            <kbd>[</kbd> <kbd>]</kbd>
          </span>
        </div>
      )}
    </section>
  );
}

function RowView({
  row,
  open,
  onToggle,
  itemFamily,
  labels,
}: {
  row: GenerationRow;
  open: boolean;
  onToggle: () => void;
  itemFamily: boolean;
  labels: Map<number, ItemLabel> | null;
}) {
  const outcome = row.items === null ? null : row.valid === false ? 'invalid' : row.rank !== null && row.rank <= 10 ? 'hit' : 'miss';
  return (
    <Fragment>
      <tr data-testid="gen-row" data-index={row.index} data-outcome={outcome ?? undefined} className={open ? 'gen-row-open' : undefined}>
        <td className="num">{row.index + 1}</td>
        <td className="nowrap">
          <code>{row.template}</code>{' '}
          <span className={`badge ${row.seen ? 'tpl-badge-seen' : 'tpl-badge-unseen'}`}>{row.seen ? 'seen' : 'unseen'}</span>
        </td>
        <td className="num" title={`internal id ${row.userId}`}>
          {row.userExt}
        </td>
        <td>
          <div className="gen-input-cell">
            <button
              type="button"
              className="link-button gen-expand"
              aria-expanded={open}
              data-testid="gen-row-expand"
              onClick={onToggle}
              title={open ? 'Collapse' : 'Show the whole input and the returned items'}
            >
              {open ? '▾' : '▸'}
            </button>
            <span className="gen-input-line" title={row.input}>
              {row.input}
            </span>
          </div>
        </td>
        <td className="gen-output">
          <span data-testid="gen-output">{row.output}</span>
          {!row.output && <span className="muted">(empty)</span>}
          {outcome && (
            <span className={`badge gen-outcome gen-outcome-${outcome}`} data-testid="gen-outcome">
              {outcome}
            </span>
          )}
        </td>
        <td className="gen-reference" data-testid="gen-reference">
          {row.reference}
        </td>
        <td className="num">{row.score.toFixed(2)}</td>
        {itemFamily && (
          <td className="num" data-testid="gen-rank">
            {fmtRank(row.rank, row.items === null ? null : row.items.length)}
          </td>
        )}
        {itemFamily && (
          <td className="num" data-testid="gen-sampled-rank">
            {fmtSampledRank(row)}
          </td>
        )}
      </tr>
      {open && (
        <tr className="gen-row-detail" data-testid="gen-row-detail">
          <td colSpan={itemFamily ? 9 : 7}>
            <div className="gen-detail">
              <div>
                <div className="gen-items-head">Input</div>
                <pre className="gen-input-full">{row.input}</pre>
              </div>
              <RowItems row={row} labels={labels} />
            </div>
          </td>
        </tr>
      )}
    </Fragment>
  );
}
