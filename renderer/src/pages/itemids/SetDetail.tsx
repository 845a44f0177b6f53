/**
 * One identifier set: its build's progress while it builds (and how it ended, for a build this window started),
 * then its figures, codebook usage, residual error, the 2-D map and the prefix browser.
 */
import { useState } from 'react';
import type { DatasetSummary } from '../../../../preload/api';
import type { ItemIdSet, ItemIdStats } from '../../../../preload/api-itemids';
import { Chips, ProgressBar, Spinner } from '../../components/bits';
import { fmtDuration, fmtInt } from '../../format';
import { useJob } from '../../jobs';
import { useItemLabels } from '../generations/genData';
import { SetStatus } from './IdSetList';
import { useItemMap } from './itemIdsData';
import { ItemMap } from './ItemMap';
import { PrefixBrowser } from './PrefixBrowser';
import { CodebookUsage, ResidualPlot } from './SetCharts';

interface Props {
  dataset: DatasetSummary;
  set: ItemIdSet;
  /** The build job this window started for the set, kept after it ends so its outcome stays in view. */
  jobId: string | null;
}

const fmtSeconds = (s: number): string => (s < 10 ? `${s.toFixed(2)} s` : fmtDuration(s));

/** The build's job: a bar with phase, steps and ETA while it runs; full, with how long it took, once it ended. */
function BuildProgress({ set, jobId }: { set: ItemIdSet; jobId: string | null }) {
  const job = useJob(jobId);
  if (set.status !== 'building' && !job) return null;
  const info = job?.info;
  const ended = set.status !== 'building';
  return (
    <div className="job-progress ids-progress" data-testid="ids-progress" data-state={ended ? set.status : 'building'}>
      <ProgressBar
        done={ended ? 1 : (info?.done ?? 0)}
        total={ended ? 1 : (info?.total ?? null)}
        label={`build of ${set.name} v${set.version}`}
      />
      <div className="job-progress-text" data-testid="ids-progress-text">
        <span className="job-phase">{ended ? set.status : (info?.phase ?? 'starting')}</span>
        {!ended && info && info.total !== null && (
          <span>
            {fmtInt(info.done)} / {fmtInt(info.total)} steps
          </span>
        )}
        {!ended && <span>ETA {fmtDuration(info?.etaSeconds ?? null)}</span>}
        {ended && set.stats && <span>built in {fmtSeconds(set.stats.seconds)}</span>}
      </div>
    </div>
  );
}

function Figures({ stats }: { stats: ItemIdStats }) {
  const figure = (value: string, label: string, testid: string, warn = false) => (
    <div className={`figure${warn ? ' figure-warn' : ''}`}>
      <div className="figure-value" data-testid={testid}>
        {value}
      </div>
      <div className="figure-label">{label}</div>
    </div>
  );
  return (
    <div className="stat-row ids-figures" data-testid="ids-figures">
      {figure(fmtInt(stats.items), 'items', 'ids-items-count')}
      {figure(fmtInt(stats.uniqueItems), 'unique identifiers', 'ids-unique')}
      {figure(fmtInt(stats.collisions), 'collisions (shared before the last level)', 'ids-collisions', stats.collisions > 0)}
      {figure(fmtInt(stats.coldItems), 'cold items (content only)', 'ids-cold')}
      {figure(stats.tokensPerItem === null ? '—' : fmtInt(stats.tokensPerItem), 'tokens per item', 'ids-tokens')}
      {figure(fmtSeconds(stats.seconds), 'to build', 'ids-seconds')}
    </div>
  );
}

export function SetDetail({ dataset, set, jobId }: Props) {
  // The page keys this view by set, so a new set starts from every item.
  const [prefix, setPrefix] = useState<number[]>([]);
  const done = set.status === 'done' && set.stats !== null;
  return (
    <section className="ids-detail" data-testid="ids-detail" data-set-id={set.id} data-status={set.status}>
      <header className="run-detail-head">
        <h2>
          {set.name} v{set.version} <span className="badge ids-scheme-badge">{set.scheme}</span> <SetStatus status={set.status} />
        </h2>
        <span className="ids-config" title="The build settings, defaults included">
          <Chips value={Object.fromEntries(Object.entries(set.config).filter(([k]) => k !== 'scheme'))} />
        </span>
      </header>
      <BuildProgress set={set} jobId={set.jobId ?? jobId} />
      {set.error && (
        <div className="error-box" role="alert" data-testid="ids-error">
          <strong>The build {set.status === 'interrupted' ? 'was interrupted' : 'failed'}:</strong> {set.error}
        </div>
      )}
      {done && <DoneSet dataset={dataset} set={set} stats={set.stats!} prefix={prefix} onPrefix={setPrefix} />}
    </section>
  );
}

function DoneSet({
  dataset,
  set,
  stats,
  prefix,
  onPrefix,
}: {
  dataset: DatasetSummary;
  set: ItemIdSet;
  stats: ItemIdStats;
  prefix: number[];
  onPrefix: (p: number[]) => void;
}) {
  const map = useItemMap(set.id);
  const labels = useItemLabels(dataset.id, dataset.items);
  const coded = stats.levels.length > 0;
  return (
    <>
      <Figures stats={stats} />
      {coded && (
        <div className="ids-charts">
          <CodebookUsage set={set} stats={stats} />
          <ResidualPlot set={set} stats={stats} />
        </div>
      )}
      <div className="card chart-card">
        <div className="chart-card-header">
          <h3>Map of the items</h3>
          <span className="hint">the embedding the set was built from, projected on its two main directions</span>
        </div>
        {map === undefined ? (
          <Spinner label="Reading the map…" />
        ) : map === null ? null : (
          <ItemMap points={map} labels={labels} onPick={(first) => onPrefix([first])} />
        )}
      </div>
      <PrefixBrowser set={set} map={map} prefix={prefix} onPrefix={onPrefix} />
    </>
  );
}
