/**
 * Batch generation over a split, in the worker that owns the tensors. Item families rank the catalog with a
 * constrained beam (item-decoder.ts); yes/no templates choose among their answers and rating and text templates
 * decode freely (text-decode.ts). Rows are written as they come, so a set stopped or cut off resumes where it was.
 */
import type { Db } from '../db/connection';
import type { GenerationRow } from '../../preload/api-generation';
import { renderExample, type ExampleRef } from '../templates/examples';
import { encodeRich } from '../training/corpus';
import { ItemDecoder } from './item-decoder';
import type { GenerateJob, GenerateMessage, GenerationContext } from './job';
import { kindOf } from './kinds';
import { prepareGeneration } from './setup';
import { decodeChoice, decodeText } from './text-decode';

function emptyRow(index: number, ref: ExampleRef, ex: ReturnType<typeof renderExample>): GenerationRow {
  const spec = ref.template;
  return {
    index,
    template: spec.id,
    seen: spec.seen,
    userId: ref.datum.user.id,
    userExt: ref.datum.user.extId,
    input: ex.input.text,
    output: '',
    reference: ex.target.text,
    score: 0,
    rank: null,
    sampledRank: null,
    valid: null,
    items: null,
    target: null,
  };
}

/** Rows reach the workspace in small batches, at least twice a second, so a cut-off set loses little. */
class RowSink {
  private pending: GenerationRow[] = [];
  private flushed = performance.now();
  constructor(private readonly send: (m: GenerateMessage) => void) {}
  push(row: GenerationRow): void {
    this.pending.push(row);
    if (this.pending.length >= 10 || performance.now() - this.flushed > 500) this.flush();
  }
  /** Item batches are sent as soon as they are decoded. */
  pushAll(rows: readonly GenerationRow[]): void {
    this.pending.push(...rows);
    this.flush();
  }
  flush(): void {
    if (this.pending.length) this.send({ type: 'rows', rows: this.pending });
    this.pending = [];
    this.flushed = performance.now();
  }
}

/** Renders one example and decodes it, or queues it with the item decoder. */
function generateOne(ctx: GenerationContext, ref: ExampleRef, index: number, items: ItemDecoder, sink: RowSink): void {
  const ex = renderExample(ctx.data, ref, ctx.job.seed);
  const input = encodeRich(ctx.tokenizer, ex.input);
  const spec = ref.template;
  const kind = kindOf(spec);
  const row = emptyRow(index, ref, ex);
  if (kind === 'item') {
    items.add({ ref, row, input, target: ex.meta.positiveItemId, candidates: ex.meta.candidateIds });
    return;
  }
  if (kind === 'choice') decodeChoice(ctx, spec, input, row);
  else decodeText(ctx, spec, input, row);
  sink.push(row);
}

export async function runGeneration(
  db: Db,
  job: GenerateJob,
  send: (m: GenerateMessage) => void,
  shouldStop: () => boolean,
): Promise<void> {
  const { ctx, wanted, backend } = await prepareGeneration(db, job, send);
  send({ type: 'ready', total: wanted.length, backend });
  const done = new Set(job.done);
  const sink = new RowSink(send);
  const items = new ItemDecoder(ctx, (rows) => sink.pushAll(rows));
  for (let index = 0; index < wanted.length; index++) {
    if (done.has(index)) continue;
    if (shouldStop()) {
      items.decode();
      sink.flush();
      send({ type: 'done', stopped: true });
      return;
    }
    generateOne(ctx, wanted[index]!, index, items, sink);
  }
  items.decode();
  if (items.examples > 0) send({ type: 'timing', catalogMs: items.catalogMs, examples: items.examples });
  sink.flush();
  send({ type: 'done', stopped: false });
}
