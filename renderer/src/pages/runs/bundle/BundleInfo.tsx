/** A written bundle: its folder, steps, items, first-batch loss, and the commands that train it. */
import type { BundleStatus } from '../../../../../preload/api-bundle';
import { fmtBytes, fmtCreated, fmtInt } from '../../../format';
import { fmtLoss } from '../RunList';

type Bundle = NonNullable<BundleStatus['bundle']>;

export function BundleInfo({ bundle: b }: { bundle: Bundle }) {
  return (
    <>
      <dl className="kv" data-testid="bundle-info">
        <dt>Folder</dt>
        <dd>
          <code className="run-path" data-testid="bundle-dir">
            {b.dir}
          </code>
        </dd>
        <dt>Steps</dt>
        <dd data-testid="bundle-steps">
          {fmtInt(b.startStep)}–{fmtInt(b.endStep - 1)} ({fmtInt(b.endStep - b.startStep)} batches, {fmtInt(b.tokens)} tokens,{' '}
          {fmtBytes(b.bytes)})
        </dd>
        <dt>Items</dt>
        <dd data-testid="bundle-itemids">
          {b.itemIds ? `identifier set ${b.itemIds} (itemids.json; its tokens are the tokenizer's added tokens)` : 'by their titles'}
        </dd>
        <dt>Studio loss of its first batch</dt>
        <dd>
          {fmtLoss(b.studioLoss)} <span className="muted small">(check: python3 train.py --parity)</span>
        </dd>
        <dt>Written</dt>
        <dd>{fmtCreated(b.createdAt)}</dd>
      </dl>
      <pre className="run-json-view" data-testid="bundle-commands">
        {`cd ${b.dir}\npython3 train.py --parity\ntorchrun --nproc_per_node=2 train.py\n# PyTorch 1.13 on Python 3.11 (Debian 12), whose torchrun fails: the same launcher, started by the script\npython3 train.py --nproc_per_node=2`}
      </pre>
    </>
  );
}
