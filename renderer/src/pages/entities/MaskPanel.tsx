/** How the tokenizer splits the open record and which whole-entity mask groups a pretraining sample would draw. */
import { useEffect, useState } from 'react';
import type { MaskPreview } from '../../../../preload/api-entities';
import { call } from '../../client';
import { useReportError } from '../../errors';
import { MaskTokens } from './MaskTokens';

export function MaskPanel({ recordId, annotator, version }: { recordId: number; annotator: string; version: number }) {
  const report = useReportError();
  const [open, setOpen] = useState(false);
  const [seed, setSeed] = useState(1);
  const [ratio, setRatio] = useState(0.15);
  const [preview, setPreview] = useState<MaskPreview | null>(null);

  useEffect(() => {
    if (!open) return;
    let alive = true;
    call('entities.maskPreview', { recordId, annotator, seed, ratio }).then(
      (p) => alive && setPreview(p),
      (e: unknown) => report(e, 'Mask preview'),
    );
    return () => {
      alive = false;
    };
  }, [open, recordId, annotator, seed, ratio, version, report]);

  return (
    <details className="ent-mask card" open={open} onToggle={(e) => setOpen(e.currentTarget.open)} data-testid="ent-mask">
      <summary>Mask preview</summary>
      {open && preview && (
        <div className="ent-mask-body">
          <div className="ent-mask-controls">
            <span className="muted small">{preview.tokenizer}</span>
            <label className="small">
              ratio{' '}
              <input
                type="number"
                min={0.01}
                max={1}
                step={0.05}
                value={ratio}
                onChange={(e) => setRatio(Math.min(1, Math.max(0.01, Number(e.target.value) || 0.15)))}
                data-testid="ent-mask-ratio"
              />
            </label>
            <span className="small">seed {seed}</span>
            <button
              type="button"
              className="button small"
              onClick={() => setSeed((s) => (s * 48271 + 11) % 2147483647 || 1)}
              data-testid="ent-mask-reseed"
            >
              Reseed
            </button>
          </div>
          <MaskTokens preview={preview} />
          <p className="small muted" data-testid="ent-mask-summary">
            {preview.tokens.length} tokens · {preview.entities.length} entities · {preview.groups.length} mask units ·{' '}
            {preview.masked.length} units masked (
            {preview.masked.reduce((n, gi) => n + ((preview.groups[gi]?.tokenEnd ?? 0) - (preview.groups[gi]?.tokenStart ?? 0)), 0)} tokens)
          </p>
          <ul className="ent-mask-groups small">
            {preview.masked.map((gi) => {
              const g = preview.groups[gi];
              if (!g) return null;
              const ent = g.entity !== null ? preview.entities[g.entity] : undefined;
              return (
                <li key={gi}>
                  {ent ? (
                    <>
                      <strong>{ent.label}</strong> “{ent.text}”
                    </>
                  ) : (
                    <>token “{preview.tokens[g.tokenStart]?.text}”</>
                  )}{' '}
                  <span className="muted">
                    tokens {g.tokenStart}–{g.tokenEnd - 1}
                  </span>
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </details>
  );
}
