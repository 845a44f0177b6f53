/** Whether PyTorch is here, what to install when it is not, and a way to look again. */
import type { PyTorchInfo } from '../../../../../preload/api-bundle';

interface Props {
  torch: PyTorchInfo | null;
  checking: boolean;
  check: (refresh: boolean) => Promise<void>;
}

export function PyTorchLine({ torch, checking, check }: Props) {
  return (
    <p className="run-bundle-torch" data-testid="bundle-pytorch" data-available={torch ? String(torch.available) : 'unknown'}>
      {torch === null ? (
        <span className="muted">Looking for PyTorch…</span>
      ) : torch.available ? (
        <span>✓ {torch.message}</span>
      ) : (
        <span className="warning-text" role="note">
          {torch.message}
        </span>
      )}{' '}
      {torch && !torch.available && (
        <button
          type="button"
          className="link-button"
          disabled={checking}
          onClick={() => void check(true)}
          data-testid="bundle-pytorch-recheck"
        >
          {checking ? 'checking…' : 'Check again'}
        </button>
      )}
    </p>
  );
}
