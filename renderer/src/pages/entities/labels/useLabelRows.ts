/** The label dialog's state: its rows and nesting as edited, what is wrong with each row, and add, delete, save. */
import { useState } from 'react';
import type { LabelDef, LabelSet, Nesting } from '../../../../../preload/api-entities';
import { LabelName } from '../../../../../preload/api-entities';
import { call, CallFailed } from '../../../client';

const PALETTE = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#42d4f4', '#f032e6', '#9a6324', '#469990', '#808000'];

export interface Row extends LabelDef {
  /** The name it had when the dialog opened (to tell a rename from a new label). */
  was: string | null;
}

export function useLabelRows(datasetId: number, set: LabelSet | null, onSaved: () => void, onClose: () => void) {
  const [rows, setRows] = useState<Row[]>(() => (set?.labels ?? []).map((l) => ({ ...l, was: l.name })));
  const [nesting, setNesting] = useState<Nesting>(() => set?.nesting ?? { mode: 'rules', rules: [] });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
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

  return { rows, nesting, setNesting, error, busy, usage, names, problems, patch, add, remove, save };
}
