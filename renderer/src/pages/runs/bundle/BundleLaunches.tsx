/** The torchrun launches of a bundle, one row each, and the steps imported back. */
import type { BundleStatus } from '../../../../../preload/api-bundle';
import { fmtLoss } from '../RunList';
import { OwnerNote } from '../../../components/JobOwner';

export function BundleLaunches({ status }: { status: BundleStatus }) {
  return (
    <>
      {status.launches.length > 0 && (
        <table className="table compact" data-testid="bundle-launches">
          <thead>
            <tr>
              <th>launch</th>
              <th className="num">processes</th>
              <th>steps</th>
              <th>status</th>
              <th className="num">loss</th>
              <th>where</th>
            </tr>
          </thead>
          <tbody>
            {status.launches.map((l) => (
              <tr key={l.id} data-testid="bundle-launch-row" data-status={l.status} title={l.error ?? undefined}>
                <td>#{l.id}</td>
                <td className="num">{l.processes}</td>
                <td className="nowrap">
                  {l.stepsDone} / {l.endStep}
                </td>
                <td>
                  {l.status} <OwnerNote owner={l.owner} running={l.status === 'running'} />
                </td>
                <td className="num">{fmtLoss(l.lastLoss)}</td>
                <td className="muted small">
                  {l.error ??
                    (l.detail
                      ? `${String(l.detail.world)} × ${String(l.detail.device)} (${String(l.detail.backend)}), torch ${String(l.detail.torch)}`
                      : '')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {status.imports.length > 0 && (
        <p className="muted small" data-testid="bundle-imports">
          Imported from PyTorch: {status.imports.map((i) => `step ${i.step}`).join(', ')}.
        </p>
      )}
    </>
  );
}
