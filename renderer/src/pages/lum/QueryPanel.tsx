/**
 * Step 2, knowledge querying: for a chosen user and a set of conditions, one group-query pass over the user's
 * history gives an interest vector per condition; each condition's nearest items sit beside the history, and a plot
 * sets each condition's best scores against the catalog's spread.
 */
import { useEffect, useMemo, useState } from 'react';
import type { LumQueryResult, LumRun } from '../../../../preload/api-lum';
import { EmptyState, ProgressBar } from '../../components/bits';
import { call } from '../../client';
import { useReportError } from '../../errors';
import { useElementWidth } from '../../hooks';
import { color } from '../runs/curves';
import type { LumFields } from './lumData';

const MAX_CONDITIONS = 8;

export function QueryPanel({ run, fields }: { run: LumRun; fields: LumFields | null | undefined }) {
  const report = useReportError();
  const field = run.resolved ? run.resolved.condition : undefined;
  // A run without condition tokens still takes conditions (they all read as one null token): offer the default field's.
  const shownField = field ?? fields?.defaultField ?? null;
  const values = useMemo(() => fields?.fields.find((f) => f.field === shownField)?.top.map((t) => t.value) ?? [], [fields, shownField]);
  const [user, setUser] = useState('');
  const [users, setUsers] = useState<{ extId: string; interactions: number }[]>([]);
  const [picked, setPicked] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<LumQueryResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    call('rows.users', { datasetId: run.datasetId, limit: 500, sort: 'interactions', dir: 'desc' }).then(
      (page) => {
        if (!alive) return;
        setUsers(page.rows.map((u) => ({ extId: u.extId, interactions: u.interactions })));
        setUser((u) => u || page.rows[0]?.extId || '');
      },
      (e: unknown) => report(e, 'Loading users'),
    );
    return () => {
      alive = false;
    };
  }, [run.datasetId, report]);
  useEffect(() => setPicked((p) => (p.length ? p.filter((v) => values.includes(v)) : values.slice(0, 3))), [values]);

  if (run.lastCheckpoint === null)
    return (
      <section className="card lum-panel" data-testid="lum-query">
        <h3>Query the user model</h3>
        <EmptyState title="No checkpoint yet" testid="lum-query-empty">
          <p>
            Querying reads the run's newest checkpoint; it appears after the first {run.resolved?.checkpointEvery ?? 100} steps or when the
            run stops.
          </p>
        </EmptyState>
      </section>
    );

  const toggle = (v: string): void =>
    setPicked((p) => (p.includes(v) ? p.filter((x) => x !== v) : p.length >= MAX_CONDITIONS ? p : [...p, v]));
  const go = async (): Promise<void> => {
    if (!user.trim() || picked.length === 0 || !shownField) return;
    setBusy(true);
    setError(null);
    try {
      setResult(
        await call('lum.query', { runId: run.id, users: [user.trim()], conditions: picked.map((v) => `${shownField}=${v}`), top: 10 }),
      );
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const u = result?.users[0];
  return (
    <section className="card lum-panel" data-testid="lum-query">
      <h3>Query the user model</h3>
      <p className="hint">
        One pass over the user's whole history with group query: every condition sees the history, never another condition. Scores are dot
        products with each item's LUM embedding; the user's own items are left out.
        {field === null && ' This run has no condition tokens, so every condition gives the same vector.'}
      </p>
      <form
        className="lum-query-form"
        onSubmit={(e) => {
          e.preventDefault();
          void go();
        }}
      >
        <label className="field">
          <span className="field-label">User</span>
          <input
            list="lum-users"
            value={user}
            onChange={(e) => setUser(e.target.value)}
            data-testid="lum-query-user"
            placeholder="a user id of the dataset"
          />
          <datalist id="lum-users">
            {users.map((x) => (
              <option key={x.extId} value={x.extId}>
                {x.interactions} interactions
              </option>
            ))}
          </datalist>
        </label>
        <div className="field lum-conditions">
          <span className="field-label">
            Conditions on {shownField ?? '—'}{' '}
            <span className="muted">
              ({picked.length} of at most {MAX_CONDITIONS})
            </span>
          </span>
          <div className="lum-chips" role="group" aria-label="Conditions">
            {values.map((v) => (
              <button
                type="button"
                key={v}
                className={`chip lum-chip${picked.includes(v) ? ' on' : ''}`}
                aria-pressed={picked.includes(v)}
                data-testid="lum-condition-chip"
                onClick={() => toggle(v)}
              >
                {v}
              </button>
            ))}
          </div>
        </div>
        <button type="submit" className="button primary" disabled={busy || !user.trim() || picked.length === 0} data-testid="lum-query-run">
          {busy ? 'Querying…' : 'Query'}
        </button>
      </form>
      {busy && <ProgressBar done={0} total={null} label="querying" testid="lum-query-progress" />}
      {error && (
        <div className="error-box" role="alert" data-testid="lum-query-error">
          {error}
        </div>
      )}
      {!result && !busy && !error && <p className="muted">Pick a user and some conditions, then press Query.</p>}
      {u && result && (
        <>
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
                    <li
                      key={t.extId}
                      className={t.values.includes(r.condition.slice(r.condition.indexOf('=') + 1)) ? 'lum-match' : undefined}
                    >
                      <span className="lum-item-title">{t.title ?? t.extId}</span> <span className="muted">{t.score.toFixed(2)}</span>
                    </li>
                  ))}
                </ol>
              </div>
            ))}
          </div>
          <ScorePlot result={u.results} />
        </>
      )}
    </section>
  );
}

/** Per condition: its top items' scores as dots, over the catalog's mean ± one standard deviation. */
function ScorePlot({ result }: { result: LumQueryResult['users'][number]['results'] }) {
  const [ref, width] = useElementWidth<HTMLDivElement>(520);
  const [hover, setHover] = useState<string | null>(null);
  const rowH = 26;
  const left = 150;
  const right = 16;
  const height = result.length * rowH + 36;
  const lo = Math.min(...result.map((r) => r.mean - r.sd));
  const hi = Math.max(...result.flatMap((r) => r.top.map((t) => t.score)), ...result.map((r) => r.mean + r.sd));
  const x = (v: number): number => left + ((v - lo) / (hi - lo || 1)) * (width - left - right);
  return (
    <div className="lum-score-plot line-chart" ref={ref} data-testid="lum-score-plot">
      <svg width={width} height={height} role="img" aria-label="Scores of each condition's nearest items against the catalog's spread">
        {result.map((r, q) => {
          const y = 14 + q * rowH;
          return (
            <g key={r.condition} data-condition={r.condition}>
              <text x={left - 8} y={y + 4} textAnchor="end" className="tick">
                {r.condition.length > 22 ? `${r.condition.slice(0, 21)}…` : r.condition}
              </text>
              <rect
                x={x(r.mean - r.sd)}
                y={y - 6}
                width={Math.max(1, x(r.mean + r.sd) - x(r.mean - r.sd))}
                height={12}
                className="lum-spread"
              />
              <line x1={x(r.mean)} x2={x(r.mean)} y1={y - 8} y2={y + 8} stroke="#9aa3b1" />
              {r.top.map((t) => (
                <circle
                  key={t.extId}
                  cx={x(t.score)}
                  cy={y}
                  r={4}
                  fill={color(q)}
                  data-testid="lum-score-dot"
                  onMouseEnter={() => setHover(`${r.condition}: ${t.title ?? t.extId} ${t.score.toFixed(3)}`)}
                  onMouseLeave={() => setHover(null)}
                />
              ))}
            </g>
          );
        })}
        <text x={(left + width - right) / 2} y={height - 6} textAnchor="middle" className="axis-label">
          score (grey: catalog mean ± 1 sd; dots: the nearest items)
        </text>
      </svg>
      {hover && <div className="legend-hover">{hover}</div>}
    </div>
  );
}
