/** Asks who is reviewing, once per browser: judgments are stored per name, so reviewers never overwrite each other. */
import { useEffect, useRef, useState } from 'react';

export function ReviewerPrompt({
  initial,
  reviewers,
  error,
  onSubmit,
}: {
  initial: string;
  /** Who may review; empty means anyone. */
  reviewers: string[];
  error: string | null;
  onSubmit: (name: string) => void;
}) {
  const [name, setName] = useState(initial);
  const [issue, setIssue] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  // The shell moves focus to <main> after its children mount; take it back once that has happened.
  useEffect(() => {
    const t = setTimeout(() => input.current?.focus(), 0);
    return () => clearTimeout(t);
  }, []);
  const submit = (): void => {
    const n = name.trim();
    if (!n) return setIssue('type your name');
    if (n.length > 60) return setIssue('at most 60 characters');
    if (reviewers.length > 0 && !reviewers.includes(n)) return setIssue(`this review is for ${reviewers.join(', ')}`);
    onSubmit(n);
  };
  const shown = issue ?? error;
  return (
    <form
      className="card rev-prompt"
      data-testid="rev-reviewer-prompt"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h2>Who is reviewing?</h2>
      <p className="muted">
        Your judgments are saved under this name as you go. It is remembered in this browser.
        {reviewers.length > 0 && <> This review is for {reviewers.join(', ')}.</>}
      </p>
      <label className="field">
        <span className="field-label">Your name</span>
        <input
          ref={input}
          type="text"
          value={name}
          maxLength={80}
          autoComplete="off"
          list={reviewers.length > 0 ? 'rev-reviewer-names' : undefined}
          aria-invalid={shown ? true : undefined}
          data-testid="rev-reviewer-name"
          onChange={(e) => (setName(e.target.value), setIssue(null))}
        />
        {reviewers.length > 0 && (
          <datalist id="rev-reviewer-names">
            {reviewers.map((r) => (
              <option key={r} value={r} />
            ))}
          </datalist>
        )}
        {shown && (
          <span className="field-error" data-testid="rev-reviewer-error">
            {shown}
          </span>
        )}
      </label>
      <div>
        <button type="submit" className="button primary" data-testid="rev-reviewer-start">
          Start reviewing
        </button>
      </div>
    </form>
  );
}
