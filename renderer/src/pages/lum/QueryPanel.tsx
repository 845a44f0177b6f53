/**
 * Step 2, knowledge querying: for a chosen user and a set of conditions, one group-query pass over the user's
 * history gives an interest vector per condition; each condition's nearest items sit beside the history, and a plot
 * sets each condition's best scores against the catalog's spread.
 */
import type { LumRun } from '../../../../preload/api-lum';
import { EmptyState, ProgressBar } from '../../components/bits';
import type { LumFields } from './lumData';
import { QueryForm } from './QueryForm';
import { QueryResult } from './QueryResult';
import { ScorePlot } from './ScorePlot';
import { useLumQuery } from './useLumQuery';

export function QueryPanel({ run, fields }: { run: LumRun; fields: LumFields | null | undefined }) {
  const q = useLumQuery(run, fields);
  const { field, busy, result, error } = q;
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

  const u = result?.users[0];
  return (
    <section className="card lum-panel" data-testid="lum-query">
      <h3>Query the user model</h3>
      <p className="hint">
        One pass over the user's whole history with group query: every condition sees the history, never another condition. Scores are dot
        products with each item's LUM embedding; the user's own items are left out.
        {field === null && ' This run has no condition tokens, so every condition gives the same vector.'}
      </p>
      <QueryForm q={q} />
      {busy && <ProgressBar done={0} total={null} label="querying" testid="lum-query-progress" />}
      {error && (
        <div className="error-box" role="alert" data-testid="lum-query-error">
          {error}
        </div>
      )}
      {!result && !busy && !error && <p className="muted">Pick a user and some conditions, then press Query.</p>}
      {u && result && (
        <>
          <QueryResult u={u} />
          <ScorePlot result={u.results} />
        </>
      )}
    </section>
  );
}
