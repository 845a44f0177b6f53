/** A dataset's name edited in place: Enter saves, Esc cancels, a refused name says why. */
import { useState } from 'react';
import type { DatasetSummary } from '../../../../preload/api';
import { call, CallFailed } from '../../client';
import { useWorkspace } from '../../data';

export function RenameForm({ dataset, onDone }: { dataset: DatasetSummary; onDone: () => void }) {
  const { patchDataset } = useWorkspace();
  const [name, setName] = useState(dataset.name);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    if (name.trim() === dataset.name) {
      onDone();
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const updated = await call('datasets.rename', { id: dataset.id, name });
      patchDataset(updated);
      onDone();
    } catch (err) {
      setError(err instanceof CallFailed || err instanceof Error ? err.message : String(err));
      setSaving(false);
    }
  };

  return (
    <form
      className="rename-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <input
        autoFocus
        value={name}
        onChange={(e) => setName(e.target.value)}
        onFocus={(e) => e.currentTarget.select()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            onDone();
          }
        }}
        aria-label={`New name for ${dataset.name}`}
        aria-invalid={error ? true : undefined}
        maxLength={120}
        disabled={saving}
        data-testid="dataset-rename-input"
      />
      <button type="submit" className="button small primary" disabled={saving} data-testid="dataset-rename-save">
        Save
      </button>
      <button type="button" className="button small" onClick={onDone} disabled={saving}>
        Cancel
      </button>
      {error && (
        <div className="field-error" role="alert" data-testid="rename-error">
          {error}
        </div>
      )}
      <div className="hint">Enter to save, Esc to cancel</div>
    </form>
  );
}
