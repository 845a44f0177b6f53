/** The bundle's start (a checkpoint or the initial weights) and its number of steps, shown beside Write and Rewrite. */
import type { WriteOptionsState } from './useBundlePanel';

export function BundleWriteOptions({ options: o }: { options: WriteOptionsState }) {
  return (
    <span className="run-bundle-options">
      <label className="small">
        from{' '}
        <select value={o.start} onChange={(e) => o.setFrom(Number(e.target.value))} data-testid="bundle-from">
          <option value={0}>initial weights (step 0)</option>
          {o.checkpointSteps
            .filter((x) => x > 0)
            .map((x) => (
              <option key={x} value={x}>
                checkpoint at step {x}
              </option>
            ))}
        </select>
      </label>
      <label className="small">
        steps{' '}
        <input
          type="number"
          min={1}
          value={o.bundleSteps}
          placeholder={o.remaining ? `${o.remaining} (to the end)` : 'how many?'}
          onChange={(e) => o.setBundleSteps(e.target.value)}
          data-testid="bundle-steps-input"
          style={{ width: '8em' }}
        />
      </label>
    </span>
  );
}
