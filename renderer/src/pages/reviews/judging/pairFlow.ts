/** Loading a pair, saving a judgment (warning once about empty rubric scores), going back, and undoing a save. */
import { call } from '../../../client';
import { draftOf, emptyDraft, sameDraft, toSide, unscored, type Draft } from '../draft';
import type { JudgeState } from './useJudgeState';

/** Shows the pair at `position` (default: this reviewer's first unjudged one), with `prefill` instead of what is stored. */
export async function loadPair(s: JudgeState, position?: number, prefill?: Draft): Promise<void> {
  const mine = ++s.seq.current;
  s.setBusy(true);
  try {
    const v = await call('reviews.pair', { id: s.review.id, reviewer: s.reviewer, ...(position === undefined ? {} : { position }) });
    if (mine !== s.seq.current) return;
    s.showView(v);
    const stored = v ? draftOf(v) : emptyDraft();
    s.setSaved(v?.judged ? stored : null);
    const d = prefill ?? stored;
    s.setDraft(d);
    s.setCursor(toSide(d, 'left', s.criteria));
    s.focusAfterRender.current = v ? 'left' : 'done';
  } catch (e) {
    if (mine === s.seq.current) s.fail(e, 'Loading the pair');
  } finally {
    if (mine === s.seq.current) s.setBusy(false);
  }
}

/** Criteria left empty count for nothing in the results: say so once, and save on a second press. True when it warned. */
function warnEmpty(s: JudgeState, position: number, d: Draft): boolean {
  const empty = unscored(d, s.criteria);
  const w = s.warned.current;
  if (empty.length === 0 || (w && w.position === position && sameDraft(w.draft, d))) return false;
  s.warned.current = { position, draft: d };
  s.setCursor({ side: empty[0]!.side, criterion: empty[0]!.criterion });
  const one = empty.length === 1;
  s.setStatus({
    kind: 'error',
    text: `${empty.length} rubric ${one ? 'score is' : 'scores are'} empty: ${empty.map((x) => x.label).join(', ')}. Score ${one ? 'it' : 'them'} (1–5), or press N again to save without.`,
  });
  return true;
}

export async function savePair(s: JudgeState): Promise<void> {
  const v = s.viewRef.current;
  const d = s.draftRef.current;
  if (!v || s.busyRef.current) return;
  if (d.preference === null) {
    s.setStatus({ kind: 'error', text: 'Pick a preference first: A (left is better), B (right is better) or T (tie).' });
    return;
  }
  if (warnEmpty(s, v.position, d)) return;
  s.warned.current = null;
  s.setBusy(true);
  try {
    const { id } = s.review;
    const r = await call('reviews.judge', {
      id,
      reviewer: s.reviewer,
      position: v.position,
      preference: d.preference,
      scores: d.scores,
      comment: d.comment,
    });
    s.undoStack.current.push({ position: v.position, draft: d });
    s.setDone(r.done);
    s.setStatus({ kind: 'info', text: `Saved pair ${v.position + 1}.` });
    await loadPair(s);
  } catch (e) {
    s.fail(e, 'Saving');
    s.setBusy(false);
  }
}

export function previousPair(s: JudgeState): void {
  if (s.busyRef.current) return;
  const v = s.viewRef.current;
  const at = v ? v.position - 1 : s.review.pairs - 1;
  if (at < 0) {
    s.setStatus({ kind: 'info', text: 'This is the first pair.' });
    return;
  }
  s.setStatus(null);
  void loadPair(s, at);
}

export async function undoSave(s: JudgeState): Promise<void> {
  if (s.busyRef.current) return;
  const last = s.undoStack.current.pop();
  if (!last) {
    s.setStatus({ kind: 'info', text: 'Nothing to undo: no judgment has been saved on this page yet.' });
    return;
  }
  s.setBusy(true);
  try {
    const r = await call('reviews.unjudge', { id: s.review.id, reviewer: s.reviewer, position: last.position });
    if (r.removed) s.setDone((n) => Math.max(0, n - 1));
    s.setStatus({
      kind: 'info',
      text: `Undid the judgment of pair ${last.position + 1}: it is no longer saved. Change it and press N to save it again.`,
    });
    await loadPair(s, last.position, last.draft);
  } catch (e) {
    s.undoStack.current.push(last);
    s.fail(e, 'Undoing');
    s.setBusy(false);
  }
}
