/** A query's answer: the user's history beside each condition's nearest items (those carrying it marked). */
import type { LumQueryResult } from '../../../../preload/api-lum';
import { color } from '../runs/curves';

export function QueryResult({ u }: { u: LumQueryResult['users'][number] }) {
  return (
    <div className="lum-query-result" data-testid="lum-query-result">
      <div className="lum-history" data-testid="lum-history">
        <h4>
          History <span className="muted">(newest first, {u.historyLength} read)</span>
        </h4>
        <ol>
          {u.history.map((h, i) => (
            <li key={`${h.extId}-${i}`}>
              <span className="lum-item-title">{h.title ?? h.extId}</span>
              <span className="muted"> {h.values.join(', ')}</span>
              {h.rating !== null && <span className="lum-rating"> ★{h.rating}</span>}
            </li>
          ))}
        </ol>
      </div>
      {u.results.map((r, q) => (
        <div key={r.condition} className="lum-neighbours" data-testid="lum-neighbours">
          <h4>
            <span className="legend-swatch" style={{ background: color(q) }} /> {r.condition}
          </h4>
          <span className="hint" data-testid="lum-matching">
            {Math.round(100 * r.matching)}% of these carry it
          </span>
          <ol>
            {r.top.map((t) => (
              <li key={t.extId} className={t.values.includes(r.condition.slice(r.condition.indexOf('=') + 1)) ? 'lum-match' : undefined}>
                <span className="lum-item-title">{t.title ?? t.extId}</span> <span className="muted">{t.score.toFixed(2)}</span>
              </li>
            ))}
          </ol>
        </div>
      ))}
    </div>
  );
}
