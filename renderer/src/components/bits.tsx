/** Small presentational pieces shared by the pages. */
import type { ReactNode } from 'react';
import type { JobInfo } from '../../../preload/api';
import { fmtDuration, fmtInt, fmtValue } from '../format';

/** A JSON object as "key: value" chips. */
export function Chips({ value, max = 12 }: { value: Record<string, unknown>; max?: number }) {
  const entries = Object.entries(value);
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    <span className="chips">
      {entries.slice(0, max).map(([k, v]) => (
        <span className="chip" key={k}>
          <span className="chip-key">{k}:</span> {fmtValue(v)}
        </span>
      ))}
      {entries.length > max && <span className="chip chip-more">+{entries.length - max}</span>}
    </span>
  );
}

export function chipsTitle(value: Record<string, unknown>): string {
  return Object.entries(value)
    .map(([k, v]) => `${k}: ${fmtValue(v)}`)
    .join('\n');
}

/** Ratings on a 0–5 scale as stars (with the number); other scales as the number alone. */
export function Stars({ rating }: { rating: number | null }) {
  if (rating === null) return <span className="muted">—</span>;
  const onScale = rating >= 0 && rating <= 5;
  const full = Math.round(rating);
  return (
    <span className="stars" aria-label={`rating ${rating}`} title={`rating ${rating}`}>
      {onScale && (
        <span aria-hidden="true">
          <span className="stars-on">{'★'.repeat(full)}</span>
          <span className="stars-off">{'★'.repeat(5 - full)}</span>
        </span>
      )}
      <span className="stars-num">{Number.isInteger(rating) ? rating : rating.toFixed(1)}</span>
    </span>
  );
}

export function SplitBadge({ split }: { split: 'train' | 'valid' | 'test' | null }) {
  if (split === null) return <span className="muted">—</span>;
  return <span className={`badge badge-${split}`}>{split}</span>;
}

export function EmptyState({ title, children, testid }: { title: string; children?: ReactNode; testid?: string }) {
  return (
    <div className="empty-state" data-testid={testid}>
      <h3>{title}</h3>
      {children}
    </div>
  );
}

export function Spinner({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" /> {label}
    </div>
  );
}

/** A determinate bar when the total is known, an indeterminate stripe when it is not. */
export function ProgressBar({ done, total, testid, label }: { done: number; total: number | null; testid?: string; label: string }) {
  const pct = total && total > 0 ? Math.min(100, (done / total) * 100) : null;
  return (
    <div
      className={`progress${pct === null ? ' progress-indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={total ?? undefined}
      aria-valuenow={total ? done : undefined}
      data-testid={testid}
    >
      <div className="progress-fill" style={pct === null ? undefined : { width: `${pct}%` }} />
    </div>
  );
}

interface ProgressRowProps {
  done: number;
  total: number | null;
  label: string;
  phase: ReactNode;
  children?: ReactNode;
  testid?: string;
  barTestid?: string;
  textTestid?: string;
  phaseTestid?: string;
}

/** A progress bar with the line under it: the phase first, then what the caller adds (counts, rate, ETA, a hint). */
export function ProgressRow({ done, total, label, phase, children, testid, barTestid, textTestid, phaseTestid }: ProgressRowProps) {
  return (
    <div className="job-progress" data-testid={testid}>
      <ProgressBar done={done} total={total} testid={barTestid} label={label} />
      <div className="job-progress-text" data-testid={textTestid}>
        <span className="job-phase" data-testid={phaseTestid}>
          {phase}
        </span>
        {children}
      </div>
    </div>
  );
}

/** Rows done, rate, ETA and phase of a running job, under its bar. */
export function JobProgress({ info, testid }: { info: JobInfo; testid?: string }) {
  const pct = info.total ? Math.min(100, (info.done / info.total) * 100) : null;
  return (
    <ProgressRow
      done={info.done}
      total={info.total}
      label={`${info.label} progress`}
      phase={info.phase}
      barTestid={testid}
      textTestid={testid ? `${testid}-text` : undefined}
    >
      <span>
        {fmtInt(info.done)}
        {info.total !== null && ` / ${fmtInt(info.total)}`} rows{pct !== null && ` (${pct.toFixed(0)}%)`}
      </span>
      <span>{info.rate > 0 ? `${fmtInt(info.rate)} rows/s` : '—'}</span>
      <span>ETA {fmtDuration(info.etaSeconds)}</span>
    </ProgressRow>
  );
}

/** The filter box of a table: debounced by the caller; `/` anywhere focuses it, Esc clears it. */
export function FilterBox({ value, onChange, placeholder }: { value: string; onChange: (v: string) => void; placeholder: string }) {
  return (
    <div className="filter-box">
      <input
        type="search"
        value={value}
        placeholder={placeholder}
        aria-label={placeholder}
        data-testid="filter-input"
        data-filter-box=""
        maxLength={200}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            if (value) onChange('');
            else e.currentTarget.blur();
            e.stopPropagation();
          }
        }}
      />
      <kbd className="filter-hint" aria-hidden="true">
        /
      </kbd>
    </div>
  );
}

/** Text that is cut to one line in a cell; click shows all of it. */
export function Truncated({ text, onExpand }: { text: string | null; onExpand?: () => void }) {
  if (!text) return <span className="muted">—</span>;
  return (
    <span className="truncated" title={text}>
      {text}
      {onExpand && text.length > 60 && (
        <button
          type="button"
          className="link-button expand-button"
          onClick={(e) => {
            e.stopPropagation();
            onExpand();
          }}
          aria-label="Show full text"
        >
          more
        </button>
      )}
    </span>
  );
}
