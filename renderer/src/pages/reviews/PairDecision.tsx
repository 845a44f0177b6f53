/** The reviewer's decision on a pair: the preference (A, T, B), a comment (C; Esc back), save, previous, undo. */
import type { RefObject } from 'react';
import type { Draft } from './draft';

const PREFERENCES = [
  { value: 'left', key: 'A', label: 'Left is better' },
  { value: 'tie', key: 'T', label: 'Tie' },
  { value: 'right', key: 'B', label: 'Right is better' },
] as const;

/** What the reviewer's decision calls back. */
export interface PairDecisionHandlers {
  onPrefer: (p: 'left' | 'right' | 'tie') => void;
  onComment: (text: string) => void;
  onLeaveComment: () => void;
  onSave: () => void;
  onPrevious: () => void;
  onUndo: () => void;
}

interface PairDecisionProps extends PairDecisionHandlers {
  draft: Draft;
  /** The pair's place in the review (0: the first, with no previous). */
  position: number;
  commentBox: RefObject<HTMLTextAreaElement | null>;
}

export function PairDecision(p: PairDecisionProps) {
  const { draft } = p;
  return (
    <div className="card rev-decide">
      <div className="rev-preference" role="group" aria-label="Preference" data-testid="rev-preference" data-value={draft.preference ?? ''}>
        {PREFERENCES.map((o) => (
          <button
            key={o.value}
            type="button"
            className={`button rev-prefer${draft.preference === o.value ? ' rev-prefer-on' : ''}`}
            aria-pressed={draft.preference === o.value}
            data-testid={`rev-prefer-${o.value}`}
            onClick={() => p.onPrefer(o.value)}
          >
            <kbd>{o.key}</kbd> {o.label}
          </button>
        ))}
      </div>
      <label className="field rev-comment">
        <span className="field-label">
          Comment <kbd>C</kbd> <span className="hint">Esc returns to the scores</span>
        </span>
        <textarea
          ref={p.commentBox}
          rows={2}
          maxLength={2000}
          value={draft.comment}
          data-testid="rev-comment"
          onChange={(e) => p.onComment(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              p.onLeaveComment();
            } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              p.onSave();
            }
          }}
        />
      </label>
      <div className="rev-decide-actions">
        <button type="button" className="button primary" data-testid="rev-save" onClick={p.onSave}>
          Save &amp; next <kbd>N</kbd>
        </button>
        <button type="button" className="button" data-testid="rev-previous" onClick={p.onPrevious} disabled={p.position === 0}>
          Previous <kbd>P</kbd>
        </button>
        <button type="button" className="button" data-testid="rev-undo" onClick={p.onUndo}>
          Undo last save <kbd>U</kbd>
        </button>
      </div>
    </div>
  );
}
