/**
 * Example counts before a run uses them: per family and template, per split (seen templates train, every template
 * evaluates), the data points each family starts from, totals, and the builder's notes. Seeded and reproducible.
 */
import { useEffect, useState } from 'react';
import type { DatasetSummary } from '../../../../preload/api';
import type { ExampleCounts, ExampleSplit, Family, Template } from '../../../../preload/api-templates';
import { call } from '../../client';
import { Spinner } from '../../components/bits';
import { toShown } from '../../errors';
import { fmtInt } from '../../format';
import { hrefFor } from '../../route';
import { FAMILIES, FAMILY_TITLE } from './model';
import { SeenBadge } from './TemplateList';

const SPLITS: readonly ExampleSplit[] = ['train', 'valid', 'test'];

type Row = { template: string; family: Family; seen: boolean } & Record<ExampleSplit, number>;

function rowsOf(counts: ExampleCounts): Map<string, Row> {
  const rows = new Map<string, Row>();
  for (const c of counts.counts) {
    const row = rows.get(c.template) ?? { template: c.template, family: c.family, seen: c.seen, train: 0, valid: 0, test: 0 };
    row[c.split] += c.count;
    rows.set(c.template, row);
  }
  return rows;
}

const sum = (rows: readonly Row[], s: ExampleSplit): number => rows.reduce((n, r) => n + r[s], 0);

/** A count per split, then their total. */
function SplitCells({ count }: { count: (s: ExampleSplit) => number }) {
  return (
    <>
      {SPLITS.map((s) => (
        <td key={s} className="num">
          {fmtInt(count(s))}
        </td>
      ))}
      <td className="num">{fmtInt(SPLITS.reduce((n, s) => n + count(s), 0))}</td>
    </>
  );
}

function useExampleCounts(datasetId: number, seed: number) {
  const [counts, setCounts] = useState<ExampleCounts | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    setCounts(null);
    setError(null);
    call('examples.counts', { datasetId, seed }).then(
      (c) => alive && setCounts(c),
      (e: unknown) => alive && setError(toShown(e, '', 0).message),
    );
    return () => {
      alive = false;
    };
  }, [datasetId, seed]);
  return { counts, error };
}

interface FamilyProps {
  family: Family;
  rows: Row[];
  data: ExampleCounts['data'];
  names: Map<string, string>;
}

/** A family's head (its data points before templates), a row per template, and its subtotal. */
function FamilyRows({ family, rows, data, names }: FamilyProps) {
  return (
    <>
      <tr className="tpl-examples-family" data-testid="tpl-examples-family" data-family={family}>
        <th colSpan={2}>
          {FAMILY_TITLE[family]} <span className="muted">· {rows.length} templates · data points before templates:</span>
        </th>
        {SPLITS.map((s) => (
          <td key={s} className="num muted" title="Data points of this split before templates are applied">
            {fmtInt(data.find((d) => d.split === s)?.count ?? 0)}
          </td>
        ))}
        <td />
      </tr>
      {rows.map((r) => (
        <tr key={r.template} data-testid="tpl-examples-row" data-id={r.template}>
          <td>
            <a href={hrefFor({ page: 'templates', view: 'edit', templateId: r.template })} className="tpl-item-id">
              {r.template}
            </a>{' '}
            {names.get(r.template) ?? ''}
          </td>
          <td>
            <SeenBadge seen={r.seen} />
          </td>
          <SplitCells count={(s) => r[s]} />
        </tr>
      ))}
      <tr className="tpl-examples-subtotal">
        <td colSpan={2}>{FAMILY_TITLE[family]}: all templates</td>
        <SplitCells count={(s) => sum(rows, s)} />
      </tr>
    </>
  );
}

interface Props {
  dataset: DatasetSummary;
  seed: number;
  templates: readonly Template[] | null;
}

export function ExamplesView({ dataset, seed, templates }: Props) {
  const { counts, error } = useExampleCounts(dataset.id, seed);
  if (error) {
    return (
      <div className="error-box" role="alert" data-testid="tpl-examples-error">
        {error}
      </div>
    );
  }
  if (counts === null) return <Spinner label="Counting examples…" />;

  const names = new Map((templates ?? []).map((t) => [t.id, t.name]));
  const all = [...rowsOf(counts).values()];
  return (
    <section className="tpl-examples" data-testid="tpl-examples">
      <p className="page-sub">
        Examples built from {dataset.name} with seed {counts.seed}: leave-one-out for sequential and direct recommendation, 80/10/10 for
        rating, explanation and review; candidate templates get 99 sampled negatives plus the positive, yes/no templates one negative per
        positive. Unseen templates make no training examples.
      </p>
      <div className="card table-card">
        <table className="table tpl-examples-table">
          <thead>
            <tr>
              <th>Template</th>
              <th>Seen</th>
              {SPLITS.map((s) => (
                <th key={s} className="num">
                  {s}
                </th>
              ))}
              <th className="num">total</th>
            </tr>
          </thead>
          <tbody>
            {FAMILIES.map((family) => {
              const rows = all.filter((r) => r.family === family);
              if (rows.length === 0) return null;
              return (
                <FamilyRows key={family} family={family} rows={rows} data={counts.data.filter((d) => d.family === family)} names={names} />
              );
            })}
          </tbody>
          <tfoot>
            <tr className="tpl-examples-total" data-testid="tpl-examples-total">
              <th colSpan={2}>All families</th>
              <SplitCells count={(s) => sum(all, s)} />
            </tr>
          </tfoot>
        </table>
      </div>
      {counts.notes.length > 0 && (
        <div className="card tpl-notes" data-testid="tpl-examples-notes">
          <h3 className="card-title">Notes</h3>
          <ul>
            {counts.notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
