/** Statistics: the shape of a dataset at a glance — sizes, density, text coverage, time range and distributions. */
import { useEffect, useState } from 'react';
import type { DatasetStats, DatasetSummary } from '../../../preload/api';
import { call } from '../client';
import { BarChart, type Bar } from '../components/BarChart';
import { DatasetScope } from '../components/DatasetScope';
import { Spinner } from '../components/bits';
import { useReportError } from '../errors';
import { fmtDay, fmtInt, fmtPercent, tsToDate } from '../format';
import { PageHeader } from '../components/PageHeader';

export function StatsPage({ datasetId }: { datasetId: number }) {
  return <DatasetScope datasetId={datasetId}>{(d) => <Stats key={d.id} dataset={d} />}</DatasetScope>;
}

function Stats({ dataset }: { dataset: DatasetSummary }) {
  const report = useReportError();
  const [stats, setStats] = useState<DatasetStats | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let alive = true;
    call('datasets.stats', { id: dataset.id }).then(
      (s) => alive && setStats(s),
      (err: unknown) => {
        if (!alive) return;
        setFailed(true);
        report(err, 'Loading statistics');
      },
    );
    return () => {
      alive = false;
    };
  }, [dataset.id, dataset.interactions, report]);

  return (
    <div className="page" data-testid="stats-page">
      <PageHeader title="Statistics" sub={dataset.name} />
      {!stats ? (
        failed ? (
          <p className="muted">Statistics could not be computed (see the error above).</p>
        ) : (
          <Spinner label="Computing statistics…" />
        )
      ) : (
        <>
          <StatCards stats={stats} />
          <div className="chart-grid">
            <ChartCard
              title="Ratings"
              note="interactions per rating value"
              testid="chart-ratings"
              data={stats.ratings}
              xLabel="rating"
              yLabel="interactions"
            />
            <ChartCard
              title="Interactions per user"
              note="how many users have that many interactions"
              testid="chart-per-user"
              data={stats.perUser}
              xLabel="interactions per user"
              yLabel="users"
              logOption
            />
            <ChartCard
              title="Interactions per item"
              note="popularity: how many items have that many interactions"
              testid="chart-per-item"
              data={stats.perItem}
              xLabel="interactions per item"
              yLabel="items"
              logOption
            />
            <ChartCard
              title="Sequence length"
              note="length of each user's behaviour sequence"
              testid="chart-sequence-length"
              data={stats.sequenceLength}
              xLabel="sequence length"
              yLabel="users"
              logOption
            />
          </div>
        </>
      )}
    </div>
  );
}

function StatCards({ stats }: { stats: DatasetStats }) {
  const pctOf = (n: number) => (stats.interactions ? fmtPercent(n / stats.interactions) : '—');
  const days =
    stats.firstTimestamp !== null && stats.lastTimestamp !== null
      ? Math.round((tsToDate(stats.lastTimestamp).getTime() - tsToDate(stats.firstTimestamp).getTime()) / 86_400_000)
      : null;
  return (
    <div className="stat-cards" data-testid="stat-cards">
      <StatCard label="Users" value={fmtInt(stats.users)} testid="stat-users" />
      <StatCard label="Items" value={fmtInt(stats.items)} testid="stat-items" />
      <StatCard label="Interactions" value={fmtInt(stats.interactions)} testid="stat-interactions" />
      <StatCard label="Density" value={fmtPercent(stats.density)} note="interactions ÷ (users × items)" testid="stat-density" />
      <StatCard
        label="With review"
        value={fmtInt(stats.withReview)}
        note={`${pctOf(stats.withReview)} of interactions`}
        testid="stat-reviews"
      />
      <StatCard
        label="With summary"
        value={fmtInt(stats.withSummary)}
        note={`${pctOf(stats.withSummary)} of interactions`}
        testid="stat-summaries"
      />
      <StatCard
        label="Time range"
        value={stats.firstTimestamp === null ? '—' : `${fmtDay(stats.firstTimestamp)} → ${fmtDay(stats.lastTimestamp)}`}
        note={days === null ? 'no timestamps' : `${fmtInt(days)} days`}
        testid="stat-time-range"
        wide
      />
    </div>
  );
}

function StatCard({ label, value, note, testid, wide }: { label: string; value: string; note?: string; testid: string; wide?: boolean }) {
  return (
    <div className={`card stat-card${wide ? ' stat-card-wide' : ''}`} data-testid={testid}>
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
      {note && <div className="stat-note">{note}</div>}
    </div>
  );
}

/** Bins of a long tail are log-spaced (the histogram module bins past 40 distinct values); each bar then covers [x, next x). */
function looksBinned(data: readonly Bar[]): boolean {
  if (data.length < 40) return false;
  return data.some((d, i) => i > 0 && d.x - (data[i - 1] as Bar).x !== 1);
}

function ChartCard({
  title,
  note,
  testid,
  data,
  xLabel,
  yLabel,
  logOption,
}: {
  title: string;
  note: string;
  testid: string;
  data: readonly Bar[];
  xLabel: string;
  yLabel: string;
  logOption?: boolean;
}) {
  // Long tails (counts spanning more than two orders of magnitude) read better on a log scale, so those charts start there.
  const [log, setLog] = useState(() => {
    if (!logOption) return false;
    const counts = data.map((d) => d.count).filter((c) => c > 0);
    return counts.length > 0 && Math.max(...counts) / Math.min(...counts) > 100;
  });
  return (
    <section className="card chart-card">
      <header className="chart-card-header">
        <div>
          <h2 className="card-title">{title}</h2>
          <div className="muted small">{note}</div>
        </div>
        {logOption && (
          <label className="checkbox small">
            <input type="checkbox" checked={log} onChange={(e) => setLog(e.target.checked)} data-testid={`${testid}-log`} />
            log scale
          </label>
        )}
      </header>
      <BarChart data={data} xLabel={xLabel} yLabel={yLabel} testid={testid} logScale={log} binned={looksBinned(data)} />
    </section>
  );
}
