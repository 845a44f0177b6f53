/** The Templates page's toolbar: the dataset the preview renders, the seed, and export, import and restore of the set. */
import { useState } from 'react';
import type { DatasetSummary } from '../../../../preload/api';
import type { Template } from '../../../../preload/api-templates';
import { hrefFor } from '../../route';

interface Props {
  templates: Template[] | null;
  dataset: DatasetSummary | null | undefined;
  datasets: DatasetSummary[];
  choose: (id: number) => void;
  seed: number;
  setSeed: (seed: number) => void;
  onExport: () => void;
  onImport: () => void;
  onRestore: () => void;
}

export function TemplatesToolbar({ templates, dataset, datasets, choose, seed, setSeed, onExport, onImport, onRestore }: Props) {
  const [seedText, setSeedText] = useState(String(seed));
  return (
    <div className="tpl-toolbar">
      <label className="tpl-inline-field">
        Dataset
        {dataset === undefined ? (
          <span className="muted">…</span>
        ) : datasets.length === 0 ? (
          <a href={hrefFor({ page: 'datasets' })}>import one</a>
        ) : (
          <select value={dataset?.id ?? ''} onChange={(e) => choose(Number(e.target.value))} data-testid="tpl-dataset">
            {datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        )}
      </label>
      <label className="tpl-inline-field" title="Seeds the negative sampling, candidate shuffles and warning samples">
        Seed
        <input
          type="number"
          value={seedText}
          onChange={(e) => {
            setSeedText(e.target.value);
            const n = Number(e.target.value);
            if (e.target.value.trim() !== '' && Number.isInteger(n)) setSeed(n);
          }}
          className="tpl-seed"
          data-testid="tpl-seed"
        />
      </label>
      <button
        type="button"
        className="button small"
        onClick={onExport}
        disabled={!templates || templates.length === 0}
        data-testid="tpl-export"
      >
        Export YAML
      </button>
      <button type="button" className="button small" onClick={onImport} data-testid="tpl-import">
        Import YAML…
      </button>
      <button type="button" className="button small" onClick={onRestore} data-testid="tpl-restore-builtin">
        Restore built-in set…
      </button>
    </div>
  );
}
