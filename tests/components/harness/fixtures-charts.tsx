/**
 * A run's charts on its first points, where one family's loss and the overall loss are the same number a few ulps
 * apart; and a page that throws while drawing, inside the window's page error boundary.
 */
import { useState } from 'react';
import type { MetricPoint, ValidationPoint } from '../../../preload/api-training';
import { PageErrorBoundary } from '../../../renderer/src/components/PageErrorBoundary';
import { RunCharts } from '../../../renderer/src/pages/runs/RunViewParts';

/** The overall loss and a family's loss computed in another order: equal but for the last bits. */
const LOSS = 5.123;
const ULPS_APART = LOSS * (1 + 2 ** -52);

const metric = (step: number): MetricPoint => ({
  step,
  phase: 'finetune',
  loss: LOSS,
  lr: 1e-3,
  gradNorm: 2.5,
  tokensPerSecond: 1800,
  elapsed: step + 1,
  byFamily: { sequential: ULPS_APART },
});

function Throws() {
  const [broken, setBroken] = useState(false);
  if (broken) throw new Error('cannot draw this');
  return (
    <button type="button" onClick={() => setBroken(true)} data-testid="break-page">
      Break
    </button>
  );
}

function Boundary() {
  const [at, setAt] = useState('#/a');
  return (
    <>
      <button type="button" onClick={() => setAt('#/b')} data-testid="go-elsewhere">
        Elsewhere
      </button>
      <PageErrorBoundary what="the test page" resetKey={at}>
        <Throws />
      </PageErrorBoundary>
    </>
  );
}

export const FIXTURE_CHARTS = {
  'run-charts': (params: Record<string, unknown>) => {
    const points = Number(params.points ?? 1);
    const metrics = Array.from({ length: points }, (_, i) => metric(i));
    const validation: ValidationPoint[] = [{ step: 0, loss: LOSS, byFamily: { sequential: ULPS_APART }, examples: 40 }];
    return <RunCharts metrics={metrics} validation={validation} />;
  },
  'page-error': () => <Boundary />,
};
