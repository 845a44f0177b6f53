/** The label set manager: names, colours, hotkeys, descriptions and nesting rules (entities.labels.save). */
import { useState } from 'react';
import type { LabelDef, LabelSet, Nesting } from '../../../../preload/api-entities';
import { LabelName } from '../../../../preload/api-entities';
import { call, CallFailed } from '../../client';
import { Dialog } from '../../components/Dialog';

const PALETTE = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#42d4f4', '#f032e6', '#9a6324', '#469990', '#808000'];

interface Row extends LabelDef {
  /** The name it had when the dialog opened (to tell a rename from a new label). */
  was: string | null;
}

export function LabelsDialog({
  datasetId,
  set,
  onClose,
  onSaved,
}: {
  datasetId: number;
  set: LabelSet | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [rows, setRows] = useState<Row[]>(() => (set?.labels ?? []).map((l) => ({ ...l, was: l.name })));
  const [nesting, setNesting] = useState<Nesting>(() => set?.nesting ?? { mode: 'rules', rules: [] });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [outer, setOuter] = useState('');
  const [inner, setInner] = useState('');
  const usage = set?.usage ?? {};

  const patch = (i: number, p: Partial<Row>) => setRows((rs) => rs.map((r, k) => (k === i ? { ...r, ...p } : r)));
  const names = rows.map((r) => r.name);
  const problems = rows.map((r, i) => {
    const p = LabelName.safeParse(r.name);
    if (!p.success) return p.error.issues[0]?.message ?? 'bad name';
    if (names.indexOf(r.name) !== i) return 'listed twice';
    if (r.hotkey !== null && rows.findIndex((x) => x.hotkey === r.hotkey) !== i) return `hotkey ${r.hotkey} is taken`;
    if (r.was !== null && r.was !== r.name && (usage[r.was] ?? 0) > 0)
      return `${r.was} is used by ${usage[r.was]} spans: a used label cannot be renamed here`;
    return null;
  });

  const add = () => {
    const free = [1, 2, 3, 4, 5, 6, 7, 8, 9].find((d) => !rows.some((r) => r.hotkey === d)) ?? null;
    let n = 1;
    while (names.includes(`LABEL_${n}`)) n++;
    setRows((rs) => [
      ...rs,
      { name: `LABEL_${n}`, colour: PALETTE[rs.length % PALETTE.length]!, hotkey: free, description: '', was: null },
    ]);
  };

  const remove = async (i: number) => {
    const r = rows[i]!;
    const used = r.was !== null ? (usage[r.was] ?? 0) : 0;
    if (used > 0) {
      if (!window.confirm(`${r.was} is used by ${used} spans. Delete the label and all its spans?`)) return;
      try {
        await call('entities.labels.delete', { datasetId, label: r.was!, deleteSpans: true });
        onSaved();
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
        return;
      }
    }
    setRows((rs) => rs.filter((_, k) => k !== i));
    setNesting((n) => ({ ...n, rules: n.rules.filter((x) => x.outer !== r.name && x.inner !== r.name) }));
  };

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await call('entities.labels.save', {
        datasetId,
        name: set?.name ?? 'labels',
        labels: rows.map(({ was: _was, ...l }) => l),
        nesting,
      });
      onSaved();
      onClose();
    } catch (e) {
      setError(e instanceof CallFailed || e instanceof Error ? e.message : String(e));
    }
    setBusy(false);
  };

  return (
    <Dialog
      title="Labels"
      onClose={onClose}
      wide
      backdropCloses={false}
      testid="ent-labels-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button primary"
            disabled={busy || problems.some(Boolean)}
            onClick={() => void save()}
            data-testid="ent-labels-save"
          >
            Save labels
          </button>
        </>
      }
    >
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
                  {[1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => (
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
      <button type="button" className="button small" onClick={add} data-testid="ent-label-add">
        + Add label
      </button>

      <h3 className="ent-section-title">Nesting</h3>
      <div className="ent-nesting">
        <select
          value={nesting.mode}
          onChange={(e) => setNesting({ ...nesting, mode: e.target.value as Nesting['mode'] })}
          data-testid="ent-nesting-mode"
        >
          <option value="rules">only the pairs listed below</option>
          <option value="any">any span may contain any other</option>
          <option value="none">no nesting at all</option>
        </select>
        <span className="hint">Partial overlaps are always refused: an entity is masked whole.</span>
      </div>
      {nesting.mode === 'rules' && (
        <>
          <ul className="ent-rules">
            {nesting.rules.map((r, i) => (
              <li key={`${r.outer}>${r.inner}`} data-testid="ent-nesting-rule">
                {r.outer} ⊃ {r.inner}{' '}
                <button
                  type="button"
                  className="link-button"
                  onClick={() => setNesting({ ...nesting, rules: nesting.rules.filter((_, k) => k !== i) })}
                >
                  remove
                </button>
              </li>
            ))}
            {nesting.rules.length === 0 && <li className="muted">No span may nest inside another yet.</li>}
          </ul>
          <div className="ent-nesting">
            <select value={outer} onChange={(e) => setOuter(e.target.value)} aria-label="Outer label" data-testid="ent-rule-outer">
              <option value="">outer…</option>
              {names.map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
            ⊃
            <select value={inner} onChange={(e) => setInner(e.target.value)} aria-label="Inner label" data-testid="ent-rule-inner">
              <option value="">inner…</option>
              {names.map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
            <button
              type="button"
              className="button small"
              disabled={!outer || !inner || nesting.rules.some((r) => r.outer === outer && r.inner === inner)}
              onClick={() => setNesting({ ...nesting, rules: [...nesting.rules, { outer, inner }] })}
              data-testid="ent-rule-add"
            >
              Allow
            </button>
          </div>
        </>
      )}
      {error && (
        <div className="error-box" role="alert" data-testid="ent-labels-error">
          {error}
        </div>
      )}
    </Dialog>
  );
}
