/** What can be done with a written bundle: train it with torchrun (or stop it), import weights back, rewrite it. */
import type { BundleStatus } from '../../../../../preload/api-bundle';
import { BundleWriteOptions } from './BundleWriteOptions';
import type { BundlePanelState } from './useBundlePanel';

type Bundle = NonNullable<BundleStatus['bundle']>;

function LaunchControls({ s }: { s: BundlePanelState }) {
  if (s.liveLaunch)
    return (
      <button type="button" className="button small" data-testid="bundle-stop" onClick={() => void s.stop()}>
        Stop torchrun
      </button>
    );
  return (
    <>
      <label className="small">
        processes{' '}
        <input
          type="number"
          min={1}
          max={64}
          value={s.processes}
          onChange={(e) => s.setProcesses(Math.max(1, Number(e.target.value) || 1))}
          data-testid="bundle-processes"
          style={{ width: '4em' }}
        />
      </label>
      <button
        type="button"
        className="button small primary"
        disabled={!s.torch?.available || s.busy !== null}
        title={s.torch && !s.torch.available ? s.torch.message : undefined}
        onClick={() => void s.launch()}
        data-testid="bundle-launch"
      >
        Train with torchrun
      </button>
    </>
  );
}

function ImportControls({ s, bundle }: { s: BundlePanelState; bundle: Bundle }) {
  const newest = bundle.checkpoints.at(-1) ?? null;
  return (
    <>
      <button
        type="button"
        className="button small"
        disabled={!newest || newest.imported || s.liveLaunch !== null || s.busy !== null}
        title={newest ? `step-${newest.step} from the bundle’s checkpoints` : 'train the bundle first'}
        onClick={() => void s.importFrom()}
        data-testid="bundle-import"
      >
        {s.busy?.startsWith('Importing') ? 'Importing…' : newest ? `Import weights (step ${newest.step})` : 'Import weights'}
      </button>
      <button
        type="button"
        className="button small"
        disabled={s.busy !== null}
        onClick={() => void s.pickFile()}
        data-testid="bundle-import-file"
      >
        Import a file…
      </button>
      <input
        ref={s.fileInput}
        type="file"
        accept=".safetensors"
        hidden
        data-testid="bundle-import-input"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void s.uploadPicked(f);
        }}
      />
    </>
  );
}

export function BundleActions({ s, bundle, onRewrite }: { s: BundlePanelState; bundle: Bundle; onRewrite: () => void }) {
  return (
    <div className="run-bundle-actions">
      <LaunchControls s={s} />
      <ImportControls s={s} bundle={bundle} />
      <span className="run-bundle-rewrite">
        <BundleWriteOptions options={s.options} />
        <button
          type="button"
          className="button small"
          disabled={s.liveLaunch !== null || !s.options.canWrite || s.busy !== null}
          onClick={onRewrite}
          data-testid="bundle-rewrite"
        >
          Rewrite bundle
        </button>
      </span>
    </div>
  );
}
