/**
 * The run beside the dataset's classic baselines: compute them (a worker job with progress) or refresh them,
 * then one comparison table for next-item ranking, one for ratings, and HR@10 / NDCG@10 as bars.
 */
import type { EvaluationReport } from '../../../../preload/api-generation';
import type { ExampleSplit } from '../../../../preload/api-templates';
import { ProgressRow } from '../../components/bits';
import { fmtCreated, fmtDuration } from '../../format';
import { useJob } from '../../jobs';
import { ratingCaption, rankingCaption } from './captions';
import { ComparisonTable, type ColumnGroup } from './ComparisonTable';
import { ratingComparison, rankingComparison } from './comparison';
import { useBaselines } from './evalData';
import { MetricBars } from './MetricBars';
import { RANKING_KEYS, RATING_KEYS, sampled } from './metrics';

const RANKING_GROUPS: readonly ColumnGroup[] = [
  { label: 'full catalog', keys: RANKING_KEYS },
  { label: '100 sampled candidates', keys: RANKING_KEYS.map(sampled), short: (k) => k.replace(' (100 sampled)', '') },
];
const RATING_GROUPS: readonly ColumnGroup[] = [{ label: 'rating error (lower is better)', keys: [...RATING_KEYS, 'unparsable'] }];

interface Props {
  datasetId: number;
  report: EvaluationReport | null;
  runLabel: string;
  /** The run's split seed: the baselines use it too, so their 100 candidates and rating split are the run's. */
  seed: number;
  split: ExampleSplit;
}

type Baselines = ReturnType<typeof useBaselines>;
type Stored = NonNullable<Baselines['report']>;

/** Compute (none stored yet) or Refresh (stored ones, with when and the seed). */
function BaselineActions({ b, stored, running }: { b: Baselines; stored: Stored | null; running: boolean }) {
  return (
    <span className="eval-baseline-actions">
      {stored ? (
        <>
          <span className="hint" data-testid="eval-baselines-when">
            computed {fmtCreated(stored.createdAt)} · split seed {stored.seed}
          </span>
          <button
            type="button"
            className="button small"
            disabled={running || b.loading}
            data-testid="eval-baselines-refresh"
            title="Compute them again on the dataset as it is now"
            onClick={() => b.compute(true)}
          >
            Refresh
          </button>
        </>
      ) : (
        !running && (
          <button
            type="button"
            className="button primary small"
            disabled={b.loading}
            data-testid="eval-baselines-compute"
            title="Most-popular, item-kNN, BPR-MF, SASRec, biased MF and the global mean on this dataset's splits, in a worker"
            onClick={() => b.compute(false)}
          >
            {b.loading ? 'Asking…' : 'Compute baselines'}
          </button>
        )
      )}
    </span>
  );
}

/** How the stored baselines were computed: the split, notes, and each model's time. */
function HowComputed({ stored }: { stored: Stored }) {
  return (
    <details className="eval-notes">
      <summary>How the baselines were computed</summary>
      <p className="hint">{stored.split}</p>
      <ul>
        {stored.notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
        {stored.models.map((m) => (
          <li key={m.name}>
            {m.name}: {m.seconds < 10 ? `${m.seconds.toFixed(2)} s` : fmtDuration(m.seconds)}
          </li>
        ))}
      </ul>
    </details>
  );
}

export function BaselinesPanel({ datasetId, report, runLabel, seed, split }: Props) {
  const b = useBaselines(datasetId, seed);
  const job = useJob(b.jobId);
  const running = b.jobId !== null;
  const stored = b.report ?? null;
  const ranking = rankingComparison(report, stored, runLabel);
  const ratings = ratingComparison(report, stored, runLabel);
  // A caption speaks of the run's rows only where the run has some (it may not have generated that family).
  const runSeedIn = (rows: readonly { studio: boolean }[]): number | null => (rows.some((r) => r.studio) ? seed : null);

  return (
    <section className="card eval-baselines" data-testid="eval-baselines">
      <div className="eval-section-head">
        <h2>Beside the baselines</h2>
        <BaselineActions b={b} stored={stored} running={running} />
      </div>
      {running && (
        <ProgressRow
          done={0}
          total={null}
          label="baselines progress"
          phase={job?.info.phase ?? 'starting'}
          testid="eval-baselines-progress"
        >
          <span className="muted">SASRec trains last and takes longest</span>
        </ProgressRow>
      )}
      {b.error && (
        <div className="error-box" role="alert" data-testid="eval-baselines-error">
          The baselines were not computed: {b.error}
        </div>
      )}
      {!stored && !running && (
        <p className="muted" data-testid="eval-baselines-none">
          {b.report === null
            ? 'No baselines are stored for this dataset and seed.'
            : 'Baselines are computed once per dataset and seed, then stored. Press “Compute baselines” to see them here (it shows stored ones at once).'}
        </p>
      )}

      {ranking.length > 0 && (
        <>
          <ComparisonTable
            rows={ranking}
            groups={RANKING_GROUPS}
            casesLabel="cases"
            caption={rankingCaption(split, runSeedIn(ranking), stored?.seed ?? seed)}
            testid="eval-compare-ranking"
          />
          <MetricBars
            rows={ranking}
            keys={['HR@10', 'NDCG@10']}
            testid="eval-bars"
            caption={`HR@10 and NDCG@10 over the full catalog minus history; ${split} split (leave-one-out); split seed ${stored?.seed ?? seed}.`}
          />
        </>
      )}
      {ratings.length > 0 && (
        <ComparisonTable
          rows={ratings}
          groups={RATING_GROUPS}
          casesLabel="cases"
          caption={ratingCaption(split, runSeedIn(ratings), stored?.seed ?? seed)}
          testid="eval-compare-rating"
        />
      )}
      {stored && <HowComputed stored={stored} />}
    </section>
  );
}
