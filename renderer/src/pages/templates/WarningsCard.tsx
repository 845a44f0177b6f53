/** The warnings of the saved template over a sample of examples, and those of the example in the preview. */
import { useEffect, useState } from 'react';
import type { ExampleSplit, TemplateWarning } from '../../../../preload/api-templates';
import { call } from '../../client';
import { Spinner } from '../../components/bits';
import { toShown } from '../../errors';
import { fmtInt } from '../../format';

interface WarningsCardProps {
  datasetId: number;
  templateId: string | null;
  version: number | null;
  seed: number;
  /** Warnings of the example in the preview (of the unsaved text when it is dirty). */
  current: readonly TemplateWarning[] | null;
  split: ExampleSplit;
  onShow: (index: number) => void;
}

export function WarningsCard({ datasetId, templateId, version, seed, current, split, onShow }: WarningsCardProps) {
  const [saved, setSaved] = useState<TemplateWarning[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setSaved(null);
    setError(null);
    if (templateId === null) return;
    let alive = true;
    call('templates.warnings', { datasetId, id: templateId, seed }).then(
      (r) => alive && setSaved(r.find((x) => x.id === templateId)?.warnings ?? []),
      (e: unknown) => alive && setError(toShown(e, '', 0).message),
    );
    return () => {
      alive = false;
    };
  }, [datasetId, templateId, version, seed]);

  return (
    <div className="card tpl-warnings" data-testid="tpl-warnings">
      <h3 className="card-title">Warnings</h3>
      {templateId === null ? (
        <p className="hint">Checked over a sample of the dataset once the template is saved.</p>
      ) : error ? (
        <p className="field-error">{error}</p>
      ) : saved === null ? (
        <Spinner label="Checking examples…" />
      ) : saved.length === 0 ? (
        <p className="ok" data-testid="tpl-warnings-none">
          ✓ No warning for the saved version over the sampled examples.
        </p>
      ) : (
        <WarningList warnings={saved} onShow={onShow} split={split} testid="tpl-warnings-saved" />
      )}
      {current && current.length > 0 && (
        <>
          <h4 className="tpl-sub">This example</h4>
          <WarningList warnings={current} onShow={onShow} split={split} testid="tpl-warnings-current" />
        </>
      )}
    </div>
  );
}

const KIND_TITLE: Record<TemplateWarning['kind'], string> = {
  target_leak: 'Target leaks into the input',
  test_in_history: 'Test item in a training history',
  fixed_position: 'Ground truth at a fixed candidate position',
  empty_render: 'Renders empty',
  empty_variable: 'Empty variable',
  answer_choice: 'Target outside the answer choices',
};

function WarningList({
  warnings,
  onShow,
  split,
  testid,
}: {
  warnings: readonly TemplateWarning[];
  onShow: (index: number) => void;
  split: ExampleSplit;
  testid: string;
}) {
  return (
    <ul className="tpl-warning-list" data-testid={testid}>
      {warnings.map((w, i) => (
        <li key={`${w.kind}-${i}`} className="tpl-warning" data-kind={w.kind}>
          <div className="tpl-warning-head">
            <strong>{KIND_TITLE[w.kind]}</strong>
            <span className="tpl-warning-count" title={`${w.count} of the ${w.checked} examples checked show it`}>
              {fmtInt(w.count)} / {fmtInt(w.checked)}
            </span>
          </div>
          <div className="tpl-warning-message">{w.message}</div>
          {w.example !== null && (
            <button type="button" className="link-button small" onClick={() => onShow(w.example ?? 0)} data-testid="tpl-warning-show">
              Show example {fmtInt(w.example + 1)} ({split})
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
