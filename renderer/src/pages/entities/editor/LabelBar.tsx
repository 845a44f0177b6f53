/** The label chips: each applies its label (its digit shown) to the selection without taking it away. */
import type { LabelDef } from '../../../../../preload/api-entities';

export function LabelBar({ labels, onApply }: { labels: readonly LabelDef[]; onApply: (digit: number) => void }) {
  const anyHotkey = labels.some((x) => x.hotkey !== null);
  return (
    <div className="ent-labelbar" data-testid="ent-labelbar">
      {labels.map((l, i) => {
        const digit = l.hotkey ?? (anyHotkey ? null : i + 1);
        return (
          <button
            key={l.name}
            type="button"
            className="ent-label-chip"
            style={{ borderColor: l.colour }}
            disabled={digit === null || digit > 9}
            title={l.description || `Apply ${l.name}`}
            onMouseDown={(e) => e.preventDefault() /* keep the text selection */}
            onClick={() => digit !== null && onApply(digit)}
            data-testid="ent-label-chip"
            data-label={l.name}
          >
            <span className="ent-label-dot" style={{ background: l.colour }} />
            {l.name}
            {digit !== null && <kbd>{digit}</kbd>}
          </button>
        );
      })}
    </div>
  );
}
