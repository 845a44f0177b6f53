/**
 * One set's rows, a page at a time, under filters (template, outcome, text): input (one line, expandable),
 * output, reference, score, ranks; an item row expands to the items it returned with the true one marked.
 * Rows grow while the set runs. `[` / `]` turn pages.
 */
import { useEffect, useState } from 'react';
import type { GenerationSet } from '../../../../preload/api-generation';
import { EmptyState, Spinner } from '../../components/bits';
import { useDebounced } from '../../hooks';
import type { GenOutcome } from '../../route';
import { useItemLabels, useSetRows, useTemplates } from './genData';
import { RowsPager } from './RowsPager';
import { RowsTable } from './RowsTable';
import { SetFilters } from './SetFilters';
import { SetHead } from './SetHead';
import { usePageKeys } from './usePageKeys';

export const PAGE_SIZE = 25;

interface Props {
  datasetId: number;
  items: number;
  set: GenerationSet;
  outcome: GenOutcome;
}

export const isItemFamily = (family: GenerationSet['family']): boolean => family === 'sequential' || family === 'direct';

export function SetRows({ datasetId, items, set, outcome }: Props) {
  const [template, setTemplate] = useState('');
  const [text, setText] = useState('');
  const [offset, setOffset] = useState(0);
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const search = useDebounced(text.trim(), 250);
  const familyTemplates = useTemplates(set.family);
  const labels = useItemLabels(datasetId, items);
  const page = useSetRows(set.id, { offset, limit: PAGE_SIZE, template, outcome, text: search });
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
      <SetHead datasetId={datasetId} set={set} itemFamily={itemFamily} />
      <SetFilters
        datasetId={datasetId}
        set={set}
        itemFamily={itemFamily}
        templates={templates}
        template={template}
        setTemplate={setTemplate}
        outcome={outcome}
        text={text}
        setText={setText}
        total={page ? total : null}
      />
      {page === undefined ? (
        <Spinner label="Loading rows…" />
      ) : page === null ? null : page.rows.length === 0 ? (
        <EmptyState title={set.done === 0 ? 'No rows yet' : 'No row matches the filters'} testid="gen-rows-empty">
          <p>{set.done === 0 ? 'Rows appear here as the set generates them.' : 'Clear the search or pick another template or outcome.'}</p>
        </EmptyState>
      ) : (
        <RowsTable rows={page.rows} open={open} toggle={toggle} itemFamily={itemFamily} labels={labels} />
      )}
      {page && total > PAGE_SIZE && <RowsPager offset={offset} pageSize={PAGE_SIZE} total={total} prev={prev} next={next} />}
    </section>
  );
}
