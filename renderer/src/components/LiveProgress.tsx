/** A running job's row: its bar, then its phase and whatever figures the page adds (counts, ETA). */
import type { ReactNode } from 'react';
import { ProgressBar } from './bits';

interface LiveProgressProps {
  testid: string;
  done: number;
  total: number | null;
  label: string;
  phase: ReactNode;
  phaseTestid?: string;
  children?: ReactNode;
}

export function LiveProgress({ testid, done, total, label, phase, phaseTestid, children }: LiveProgressProps) {
  return (
    <div className="job-progress" data-testid={testid}>
      <ProgressBar done={done} total={total} label={label} />
      <div className="job-progress-text">
        <span className="job-phase" data-testid={phaseTestid}>
          {phase}
        </span>
        {children}
      </div>
    </div>
  );
}
