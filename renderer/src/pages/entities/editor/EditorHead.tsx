/** The span editor's head: which record, its status and save state, and the buttons for what the keys do. */
import type { ReactNode } from 'react';
import type { RecordDetail } from '../../../../../preload/api-entities';
import type { SaveState } from './useSpanSaver';

interface EditorHeadProps {
  detail: RecordDetail;
  annotator: string;
  saveState: SaveState;
  saves: number;
  canUndo: boolean;
  canRedo: boolean;
  onStep: (dir: 1 | -1) => void;
  onUndoRedo: (redo: boolean) => void;
  onReview: (decision: 'accepted' | 'rejected') => void;
}

function saveText(state: SaveState, yours: boolean): string {
  if (state === 'saved') return yours ? 'saved' : 'machine spans (not yet yours)';
  return state === 'saving' ? 'saving…' : state === 'unsaved' ? 'unsaved' : 'not saved';
}

function SmallButton(p: {
  onClick: () => void;
  disabled?: boolean;
  title: string;
  testid: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={`button small${p.className ? ` ${p.className}` : ''}`}
      disabled={p.disabled}
      onClick={p.onClick}
      title={p.title}
      data-testid={p.testid}
    >
      {p.children}
    </button>
  );
}

export function EditorHead({ detail, annotator, saveState, saves, canUndo, canRedo, onStep, onUndoRedo, onReview }: EditorHeadProps) {
  const own = detail.annotations.find((a) => a.annotator === annotator);
  return (
    <div className="ent-editor-head">
      <div>
        <h2>User {detail.userExtId}</h2>
        <div className="ent-editor-meta">
          <span className={`ent-status ent-status-${detail.status}`} data-testid="ent-record-status">
            {detail.status}
          </span>
          {own?.decision && <span className="muted">you {own.decision} it</span>}
          {detail.adjudicator && <span className="muted">final by {detail.adjudicator}</span>}
          <span className={`ent-save ent-save-${saveState}`} data-testid="ent-save-state" aria-live="polite">
            {saveText(saveState, Boolean(own) || saves > 0)}
          </span>
        </div>
      </div>
      <div className="ent-editor-actions">
        <SmallButton disabled={!detail.prevId} onClick={() => onStep(-1)} title="Previous record (k or ↑)" testid="ent-prev">
          ← Prev
        </SmallButton>
        <SmallButton disabled={!detail.nextId} onClick={() => onStep(1)} title="Next record (j or ↓)" testid="ent-next">
          Next →
        </SmallButton>
        <SmallButton onClick={() => onUndoRedo(false)} disabled={!canUndo} title="Undo (Ctrl/Cmd+Z)" testid="ent-undo">
          Undo
        </SmallButton>
        <SmallButton onClick={() => onUndoRedo(true)} disabled={!canRedo} title="Redo (Ctrl/Cmd+Shift+Z, Ctrl+Y)" testid="ent-redo">
          Redo
        </SmallButton>
        <SmallButton className="ent-accept" onClick={() => onReview('accepted')} title="Accept (a)" testid="ent-accept">
          Accept <kbd>a</kbd>
        </SmallButton>
        <SmallButton className="danger" onClick={() => onReview('rejected')} title="Reject (r)" testid="ent-reject">
          Reject <kbd>r</kbd>
        </SmallButton>
      </div>
    </div>
  );
}
