/** Nesting: none, any, or only the listed outer ⊃ inner pairs (partial overlaps are always refused). */
import { useState } from 'react';
import type { Nesting } from '../../../../../preload/api-entities';

interface NestingRulesProps {
  nesting: Nesting;
  setNesting: (n: Nesting) => void;
  names: readonly string[];
}

export function NestingRules({ nesting, setNesting, names }: NestingRulesProps) {
  const [outer, setOuter] = useState('');
  const [inner, setInner] = useState('');
  return (
    <>
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
    </>
  );
}
