/** The filters over a set's rows: template, outcome (item families; in the address), text; and the count shown. */
import type { GenerationSet } from '../../../../preload/api-generation';
import { FilterBox } from '../../components/bits';
import { fmtInt } from '../../format';
import { navigate, type GenOutcome } from '../../route';

const OUTCOME_LABEL: Record<GenOutcome, string> = { any: 'any', hit: 'hit (rank ≤ 10)', miss: 'miss', invalid: 'invalid item' };

interface SetFiltersProps {
  datasetId: number;
  set: GenerationSet;
  itemFamily: boolean;
  templates: readonly string[];
  template: string;
  setTemplate: (t: string) => void;
  outcome: GenOutcome;
  text: string;
  setText: (t: string) => void;
  /** The rows matching, once known. */
  total: number | null;
}

export function SetFilters(p: SetFiltersProps) {
  const { datasetId, set, itemFamily, templates, template, setTemplate, outcome, text, setText, total } = p;
  return (
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
        {total !== null ? `${fmtInt(total)} row${total === 1 ? '' : 's'}` : ''}
      </span>
    </div>
  );
}
