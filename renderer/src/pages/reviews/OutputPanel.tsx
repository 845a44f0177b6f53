/**
 * One of the two outputs, labelled only "Left" or "Right": its text with the words the other output lacks and the
 * item's entities marked, and its row of rubric scores (one focusable row; digits score through the cursor).
 */
import type { Ref } from 'react';
import type { Criterion } from '../../../../preload/api-review';
import type { Side, SideScores } from './draft';
import { segments } from './highlight';
import type { Range } from './wordDiff';

const LABEL: Record<Side, string> = { left: 'Left', right: 'Right' };

export function HighlightedText({ text, diff, entities, testid }: { text: string; diff: Range[]; entities: Range[]; testid: string }) {
  if (text.trim() === '') return <p className="rev-output-text muted">(empty output)</p>;
  return (
    <p className="rev-output-text" data-testid={testid}>
      {segments(text, diff, entities).map((s, k) => {
        const cls = [s.diff ? 'rev-diff' : '', s.entity ? 'rev-entity' : ''].filter(Boolean).join(' ');
        return cls ? (
          <mark key={k} className={cls} data-diff={s.diff || undefined} data-entity={s.entity || undefined}>
            {s.text}
          </mark>
        ) : (
          <span key={k}>{s.text}</span>
        );
      })}
    </p>
  );
}

interface ScoreRowProps {
  side: Side;
  rubric: Criterion[];
  scores: SideScores;
  /** The criterion the next digit sets, when this row has the cursor. */
  current: number | null;
  rowRef: Ref<HTMLDivElement>;
  onFocusRow: (side: Side) => void;
  onScore: (side: Side, criterion: number, value: number) => void;
}

function ScoreRow({ side, rubric, scores, current, rowRef, onFocusRow, onScore }: ScoreRowProps) {
  return (
    <div
      ref={rowRef}
      className={`rev-scores${current !== null ? ' rev-scores-active' : ''}`}
      role="group"
      aria-label={`${LABEL[side]} output scores: digits 1 to 5 score ${current !== null ? (rubric[current]?.name ?? '') : 'the highlighted criterion'}`}
      tabIndex={0}
      data-score-row={side}
      data-testid={`rev-scores-${side}`}
      data-current={current ?? ''}
      onFocus={() => onFocusRow(side)}
    >
      {rubric.map((c, k) => {
        const value = scores[c.name];
        return (
          <div
            key={c.name}
            className={`rev-criterion${current === k ? ' rev-criterion-current' : ''}`}
            data-testid="rev-criterion"
            data-criterion={c.name}
            data-score={value ?? ''}
          >
            <span className="rev-criterion-name" title={c.description || undefined}>
              {c.name}
            </span>
            <span className="rev-score-buttons">
              {[1, 2, 3, 4, 5].map((v) => (
                <button
                  key={v}
                  type="button"
                  tabIndex={-1}
                  className={`rev-score${value === v ? ' rev-score-on' : ''}`}
                  aria-pressed={value === v}
                  aria-label={`${LABEL[side]} ${c.name} ${v}`}
                  onClick={() => onScore(side, k, v)}
                >
                  {v}
                </button>
              ))}
            </span>
          </div>
        );
      })}
    </div>
  );
}

export function OutputPanel({
  side,
  text,
  diff,
  entities,
  preferred,
  ...row
}: Omit<ScoreRowProps, 'side'> & { side: Side; text: string; diff: Range[]; entities: Range[]; preferred: boolean }) {
  return (
    <div className={`card rev-output${preferred ? ' rev-output-preferred' : ''}`} data-testid={`rev-output-${side}`}>
      <div className="rev-output-head">
        <h3>{LABEL[side]}</h3>
        {preferred && <span className="badge rev-preferred-badge">preferred</span>}
      </div>
      <HighlightedText text={text} diff={diff} entities={entities} testid={`rev-text-${side}`} />
      <ScoreRow side={side} {...row} />
    </div>
  );
}
