/**
 * A training run's ETA from its measured step time. The first steps of an attempt pay for kernel compilation and
 * cold caches (several times a later step), and the time before the first step (reading the dataset, training
 * the tokenizer) is no step at all: a rate over wall time since the job started said 5× the real remaining time.
 * So the estimate waits for `warmup` steps, then times at least `minTimed` more, and until then says nothing
 * (the UI shows "estimating…"). `elapsed` is the run's own clock (MetricPoint.elapsed), which includes the
 * validation passes, so their cost is in the estimate too.
 */
export class StepEta {
  private from: { done: number; elapsed: number } | null = null;
  private seen = 0;

  constructor(
    private readonly warmup = 3,
    private readonly minTimed = 3,
  ) {}

  /** After a step: `done` steps of `total` finished, `elapsed` seconds on the run's clock. Null while estimating. */
  update(done: number, total: number, elapsed: number): number | null {
    this.seen++;
    if (this.seen === this.warmup) this.from = { done, elapsed };
    if (!this.from || done - this.from.done < this.minTimed) return null;
    const perStep = (elapsed - this.from.elapsed) / (done - this.from.done);
    return Math.max(0, (total - done) * perStep);
  }
}
