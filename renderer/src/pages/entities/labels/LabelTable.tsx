/** The label set's rows: name (checked as typed), colour, hotkey, description, spans using it, delete. */
import type { Row } from './useLabelRows';

const DIGITS = [1, 2, 3, 4, 5, 6, 7, 8, 9];

interface LabelTableProps {
  rows: readonly Row[];
  problems: readonly (string | null)[];
  usage: Readonly<Record<string, number>>;
  patch: (i: number, p: Partial<Row>) => void;
  remove: (i: number) => Promise<void>;
}

export function LabelTable({ rows, problems, usage, patch, remove }: LabelTableProps) {
  return (
    <table className="table ent-labels-table">
      <thead>
        <tr>
          <th>Name</th>
          <th>Colour</th>
          <th>Hotkey</th>
          <th>Description</th>
          <th className="align-right">Spans</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i} data-testid="ent-label-row">
            <td>
              <input
                value={r.name}
                onChange={(e) => patch(i, { name: e.target.value.toUpperCase() })}
                aria-label="Label name"
                aria-invalid={problems[i] ? true : undefined}
                data-testid="ent-label-name"
              />
              {problems[i] && <div className="field-error">{problems[i]}</div>}
            </td>
            <td>
              <input
                type="color"
                value={r.colour}
                onChange={(e) => patch(i, { colour: e.target.value })}
                aria-label={`${r.name} colour`}
                data-testid="ent-label-colour"
              />
            </td>
            <td>
              <select
                value={r.hotkey ?? ''}
                onChange={(e) => patch(i, { hotkey: e.target.value ? Number(e.target.value) : null })}
                aria-label={`${r.name} hotkey`}
                data-testid="ent-label-hotkey"
              >
                <option value="">—</option>
                {DIGITS.map((d) => (
                  <option key={d} value={d}>
                    {d}
                  </option>
                ))}
              </select>
            </td>
            <td>
              <input
                value={r.description}
                onChange={(e) => patch(i, { description: e.target.value })}
                maxLength={500}
                aria-label={`${r.name} description`}
              />
            </td>
            <td className="align-right">{r.was !== null ? (usage[r.was] ?? 0) : 0}</td>
            <td>
              <button
                type="button"
                className="icon-button"
                aria-label={`Delete ${r.name}`}
                title="Delete"
                onClick={() => void remove(i)}
                data-testid="ent-label-delete"
              >
                ×
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
