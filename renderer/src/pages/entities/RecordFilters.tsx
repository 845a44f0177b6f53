/** The record list's filters: status tabs with counts, text search, label, annotator; and how many records match. */
import type { EntityStats, LabelSet } from '../../../../preload/api-entities';
import { FilterBox } from '../../components/bits';
import { fmtInt } from '../../format';
import type { ListFilter, StatusFilter } from './listFilter';

const STATUSES: StatusFilter[] = ['any', 'unreviewed', 'accepted', 'rejected', 'disputed'];

interface RecordFiltersProps {
  filter: ListFilter;
  onFilter: (f: ListFilter) => void;
  labels: LabelSet | null;
  stats: EntityStats | null;
  total: number | null;
}

export function RecordFilters({ filter, onFilter, labels, stats, total }: RecordFiltersProps) {
  const count = (s: StatusFilter): number | null => (stats ? (s === 'any' ? stats.records : stats.byStatus[s]) : null);
  return (
    <>
      <div className="ent-status-tabs" role="tablist" aria-label="Status">
        {STATUSES.map((s) => (
          <button
            key={s}
            type="button"
            role="tab"
            aria-selected={filter.status === s}
            className={`ent-status-tab${filter.status === s ? ' current' : ''}`}
            onClick={() => onFilter({ ...filter, status: s })}
            data-testid={`ent-filter-status-${s}`}
          >
            {s} <span className="ent-count">{count(s) === null ? '' : fmtInt(count(s) ?? 0)}</span>
          </button>
        ))}
      </div>
      <div className="ent-filters">
        <FilterBox value={filter.text} onChange={(v) => onFilter({ ...filter, text: v })} placeholder="Search text" />
        <select
          value={filter.label}
          onChange={(e) => onFilter({ ...filter, label: e.target.value })}
          aria-label="Label"
          data-testid="ent-filter-label"
        >
          <option value="">any label</option>
          {(labels?.labels ?? []).map((l) => (
            <option key={l.name} value={l.name}>
              {l.name}
            </option>
          ))}
        </select>
        <input
          list="ent-annotators"
          value={filter.annotator}
          placeholder="annotator"
          aria-label="Annotator"
          onChange={(e) => onFilter({ ...filter, annotator: e.target.value })}
          data-testid="ent-filter-annotator"
          maxLength={60}
          className="ent-annotator-filter"
        />
        <datalist id="ent-annotators">
          {(stats?.annotators ?? []).map((a) => (
            <option key={a.annotator} value={a.annotator} />
          ))}
        </datalist>
        <span className="table-total" data-testid="ent-list-total">
          {total === null ? '…' : `${fmtInt(total)} records`}
        </span>
      </div>
    </>
  );
}
