/**
 * The results of a review, one card per question: who wins, by how much on each criterion, whether reviewers agree,
 * whether the left side is favoured, whether reviewers repeat themselves, and where (template, seen/unseen).
 * Every number is the back end's (`reviews.stats`); the labels are its too: Output 1/2 until finished.
 */
import type { ReviewStats } from '../../../../preload/api-review';
import { IntervalPlot, pct, ShareBar, type IntervalRow } from './ResultPlots';

type Labels = ReviewStats['labels'];
type Win = ReviewStats['winRate'];

const SHARE_TICKS = [0, 0.25, 0.5, 0.75, 1];
const fmtShare = (x: number): string => pct(x, 0);
const interval = (low: number | null, high: number | null, f: (x: number) => string): string =>
  low === null || high === null ? 'no interval yet' : `95% interval ${f(low)}–${f(high)}`;

/** A's share of the decisive judgments, the estimate the win-rate interval bounds; null with no decisive judgment. */
export const aOfDecisive = (w: Pick<Win, 'a' | 'b'>): number | null => (w.a + w.b === 0 ? null : w.a / (w.a + w.b));

export function WinRateCard({ win, labels }: { win: Win; labels: Labels }) {
  const decisive = aOfDecisive(win);
  return (
    <section className="card rev-card" data-testid="rev-win">
      <h2>Win rate</h2>
      <div className="rev-figures">
        <Figure label={`${labels.a} preferred`} value={win.a} testid="rev-win-a" tone="a" />
        <Figure label="Tie" value={win.tie} testid="rev-win-tie" tone="neutral" />
        <Figure label={`${labels.b} preferred`} value={win.b} testid="rev-win-b" tone="b" />
        <div className="rev-figure">
          <div className="rev-figure-value" data-testid="rev-win-n">
            {win.n}
          </div>
          <div className="rev-figure-label">judgments</div>
        </div>
      </div>
      <ShareBar a={win.a} tie={win.tie} b={win.b} labels={labels} testid="rev-win-bar" />
      <p className="rev-card-line" data-testid="rev-win-interval" data-low={win.low ?? ''} data-high={win.high ?? ''}>
        Of the decisive judgments, {labels.a} wins <strong>{pct(decisive)}</strong> ({interval(win.low, win.high, (x) => pct(x))}).
      </p>
      <IntervalPlot
        rows={[{ key: 'a', label: `${labels.a} of decisive`, value: decisive, low: win.low, high: win.high, tone: 'a' }]}
        domain={[0, 1]}
        ticks={SHARE_TICKS}
        format={fmtShare}
        reference={0.5}
        label={`${labels.a}'s share of decisive judgments with its 95% interval`}
      />
      <p className="hint">
        Shares of all judgments, the swapped repeats left out. The interval is Wilson&apos;s for {labels.a}&apos;s share of the non-tie
        judgments; it counts every judgment as independent, a little optimistic when several reviewers judge the same pairs.
      </p>
    </section>
  );
}

function Figure({ label, value, testid, tone }: { label: string; value: number; testid: string; tone: 'a' | 'b' | 'neutral' }) {
  return (
    <div className={`rev-figure rev-tone-${tone}`}>
      <div className="rev-figure-value" data-testid={testid} data-value={value}>
        {pct(value)}
      </div>
      <div className="rev-figure-label">{label}</div>
    </div>
  );
}

export function RubricCard({ rubric, labels }: { rubric: ReviewStats['rubric']; labels: Labels }) {
  const mean = (m: { mean: number | null; low: number | null; high: number | null; n: number }): string =>
    m.mean === null
      ? '—'
      : `${m.mean.toFixed(2)}${m.low !== null && m.high !== null ? ` [${m.low.toFixed(2)}, ${m.high.toFixed(2)}]` : ''}`;
  const rows: IntervalRow[] = rubric.flatMap((c) => [
    {
      key: `${c.criterion}-a`,
      label: c.criterion,
      title: `${c.criterion} · ${labels.a}`,
      value: c.a.mean,
      low: c.a.low,
      high: c.a.high,
      tone: 'a' as const,
    },
    {
      key: `${c.criterion}-b`,
      label: '',
      title: `${c.criterion} · ${labels.b}`,
      value: c.b.mean,
      low: c.b.low,
      high: c.b.high,
      tone: 'b' as const,
    },
  ]);
  return (
    <section className="card rev-card" data-testid="rev-rubric-results">
      <h2>Rubric means</h2>
      <table className="table rev-table">
        <thead>
          <tr>
            <th>Criterion</th>
            <th>{labels.a}</th>
            <th>{labels.b}</th>
          </tr>
        </thead>
        <tbody>
          {rubric.map((c) => (
            <tr key={c.criterion} data-testid="rev-rubric-mean" data-criterion={c.criterion}>
              <th scope="row">{c.criterion}</th>
              <td data-side="a" data-mean={c.a.mean ?? ''}>
                {mean(c.a)} <span className="muted">n={c.a.n}</span>
              </td>
              <td data-side="b" data-mean={c.b.mean ?? ''}>
                {mean(c.b)} <span className="muted">n={c.b.n}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="rev-plot-legend" aria-hidden="true">
        <span className="rev-tone-a">●</span> {labels.a} <span className="rev-tone-b">●</span> {labels.b}
      </div>
      <IntervalPlot
        rows={rows}
        domain={[1, 5]}
        ticks={[1, 2, 3, 4, 5]}
        format={(x) => x.toFixed(x % 1 === 0 ? 0 : 2)}
        label="Mean score per criterion and side with 95% intervals"
        testid="rev-rubric-plot"
      />
      <p className="hint">Mean of the 1–5 scores given, with a 95% t interval; unscored criteria and swapped repeats are left out.</p>
    </section>
  );
}

/** Landis and Koch's words for kappa, so a PM can read the number. */
export function kappaWords(k: number): string {
  if (k < 0) return 'worse than chance';
  if (k <= 0.2) return 'slight';
  if (k <= 0.4) return 'fair';
  if (k <= 0.6) return 'moderate';
  if (k <= 0.8) return 'substantial';
  return 'almost perfect';
}

const METHOD = { cohen: "Cohen's κ", fleiss: "Fleiss' κ" } as Record<string, string>;

export function AgreementCard({ agreement }: { agreement: ReviewStats['agreement'] }) {
  const { method, kappa, items, reviewers } = agreement;
  return (
    <section className="card rev-card" data-testid="rev-agreement" data-method={method} data-kappa={kappa ?? ''}>
      <h2>Agreement between reviewers</h2>
      {method === 'none' ? (
        <p className="muted">Agreement needs at least two reviewers who judged the same pairs.</p>
      ) : (
        <>
          <div className="rev-figures">
            <div className="rev-figure">
              <div className="rev-figure-value">{kappa === null ? '—' : kappa.toFixed(2)}</div>
              <div className="rev-figure-label">{METHOD[method] ?? method}</div>
            </div>
            <div className="rev-figure">
              <div className="rev-figure-value">{items}</div>
              <div className="rev-figure-label">pairs</div>
            </div>
            <div className="rev-figure">
              <div className="rev-figure-value">{reviewers}</div>
              <div className="rev-figure-label">reviewers each</div>
            </div>
          </div>
          <p className="rev-card-line">
            {kappa === null
              ? 'Undefined: every judgment used the same label, so chance alone explains the agreement.'
              : `${kappaWords(kappa)} agreement on the preference (A, B, tie) beyond chance.`}
          </p>
        </>
      )}
    </section>
  );
}

export function PositionBiasCard({ bias }: { bias: ReviewStats['positionBias'] }) {
  return (
    <section className="card rev-card" data-testid="rev-position-bias" data-left={bias.left ?? ''}>
      <h2>Position bias</h2>
      <p className="rev-card-line">
        The left output won <strong>{pct(bias.left)}</strong> of {bias.n} decisive judgments ({interval(bias.low, bias.high, (x) => pct(x))}
        ).
      </p>
      <IntervalPlot
        rows={[{ key: 'left', label: 'left side', value: bias.left, low: bias.low, high: bias.high, tone: 'neutral' }]}
        domain={[0, 1]}
        ticks={SHARE_TICKS}
        format={fmtShare}
        reference={0.5}
        label="Share of decisive judgments for the left side with its 95% interval"
      />
      <p className="hint">An unbiased panel sits near 50%: the order of the sides is random, so the side should not matter.</p>
    </section>
  );
}

export function SelfConsistencyCard({ consistency }: { consistency: ReviewStats['selfConsistency'] }) {
  const { agreeing, n, rate } = consistency;
  return (
    <section className="card rev-card" data-testid="rev-self-consistency" data-rate={rate ?? ''}>
      <h2>Self-consistency</h2>
      {n === 0 ? (
        <p className="muted">No swapped repeat has been judged yet by a reviewer who also judged its original.</p>
      ) : (
        <p className="rev-card-line">
          <strong>{pct(rate)}</strong> of the swapped repeats got the same preference as their original ({agreeing} of {n}).
        </p>
      )}
      <p className="hint">A share of pairs is shown a second time with the sides swapped; a steady reviewer gives the same answer.</p>
    </section>
  );
}

export function BreakdownCard({
  title,
  groups,
  labels,
  testid,
}: {
  title: string;
  groups: ReviewStats['byTemplate'];
  labels: Labels;
  testid: string;
}) {
  const entries = Object.entries(groups);
  return (
    <section className="card rev-card rev-card-wide" data-testid={testid}>
      <h2>{title}</h2>
      {entries.length === 0 ? (
        <p className="muted">No judgments yet.</p>
      ) : (
        <table className="table rev-table rev-breakdown">
          <thead>
            <tr>
              <th>Group</th>
              <th className="num">n</th>
              <th className="num">{labels.a}</th>
              <th className="num">Tie</th>
              <th className="num">{labels.b}</th>
              <th className="rev-breakdown-bar-col">Shares</th>
              <th>{labels.a} of decisive</th>
            </tr>
          </thead>
          <tbody>
            {entries.map(([group, w]) => (
              <tr key={group} data-testid="rev-breakdown-row" data-group={group} data-a={w.a}>
                <th scope="row">
                  <code>{group}</code>
                </th>
                <td className="num">{w.n}</td>
                <td className="num">{pct(w.a)}</td>
                <td className="num">{pct(w.tie)}</td>
                <td className="num">{pct(w.b)}</td>
                <td className="rev-breakdown-bar-col">
                  <ShareBar a={w.a} tie={w.tie} b={w.b} labels={labels} />
                </td>
                <td className="nowrap">
                  {pct(aOfDecisive(w))}{' '}
                  <span className="muted">{w.low === null || w.high === null ? '' : `[${pct(w.low, 0)}, ${pct(w.high, 0)}]`}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
