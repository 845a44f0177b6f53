/**
 * One identifier build, start to finish, in the worker that owns it: the catalog and training sequences, the
 * scheme's codes (the RQ-VAE on the tensor back end when asked for), and what the service stores — codes,
 * identifiers, the 2-D map and the statistics the Item IDs page plots.
 */
import type { ItemIdStats } from '../../preload/api-itemids';
import { initBackend } from '../model/backend';
import type { CatalogRows } from './catalog';
import { schemeInput } from './catalog';
import { identifierOf } from './identifiers';
import { trainRqVae } from './rq-vae';
import { buildScheme, levelSizes, type SemanticOptions, type Scheme } from './schemes';
import type { CodeWrite } from './sql';

export interface BuildJob {
  datasetId: number;
  scheme: Scheme;
  semantic: SemanticOptions & { progressiveMasking: boolean; contrastive: boolean };
}

export type BuildMessage =
  | { type: 'phase'; phase: string }
  | { type: 'progress'; done: number; total: number; phase: string }
  | { type: 'done'; codes: CodeWrite[]; stats: ItemIdStats };

/** Pairs of items adjacent in a training sequence: the RQ-VAE's co-occurrence positives. */
function adjacentPairs(sequences: readonly (readonly number[])[]): [number, number][] {
  const out: [number, number][] = [];
  for (const s of sequences) for (let i = 1; i < s.length; i++) if (s[i] !== s[i - 1]) out.push([s[i - 1]!, s[i]!]);
  return out;
}

export async function buildIdentifiers(rows: CatalogRows, job: BuildJob, send: (m: BuildMessage) => void): Promise<void> {
  const t0 = performance.now();
  const { input, itemIds } = schemeInput(rows);
  const result = await buildScheme(input, {
    scheme: job.scheme,
    semantic: job.semantic,
    onPhase: (phase) => send({ type: 'phase', phase }),
    rqvae: async (e, warm, o) => {
      const choice = await initBackend();
      send({ type: 'phase', phase: `training the RQ-VAE on ${choice.backend}` });
      const fit = warm.flatMap((w, i) => (w ? [i] : []));
      const steps = 1500;
      const r = trainRqVae(
        Float32Array.from(e.values),
        input.items.length,
        e.dim,
        {
          sizes: levelSizes(o),
          seed: o.seed,
          steps,
          progressiveMasking: job.semantic.progressiveMasking,
          ...(job.semantic.contrastive ? { pairs: adjacentPairs(input.trainSequences) } : {}),
          onStep: (step, total, loss) => {
            if (step % 50 === 0 || step === total)
              send({ type: 'progress', done: step, total, phase: `RQ-VAE step ${step}, loss ${loss.toFixed(4)}` });
          },
        },
        fit,
      );
      const sizes = levelSizes(o);
      return {
        codes: r.codes,
        inputNorm: r.inputNorm,
        levels: sizes.map((size, l) => ({ size, codesUsed: r.codesUsed[l]!, residual: r.residuals[l]! })),
      };
    },
  });
  const titled = job.scheme === 'title';
  const codes: CodeWrite[] = itemIds.map((itemId, k) => {
    const item = rows.items.get(itemId)!;
    return {
      itemId,
      codes: result.codes[k]!,
      identifier: titled ? item.title?.trim() || item.extId : identifierOf(result.codes[k]!),
      cold: result.cold[k]!,
      x: result.map[2 * k]!,
      y: result.map[2 * k + 1]!,
    };
  });
  const stats: ItemIdStats = {
    items: itemIds.length,
    coldItems: result.cold.filter(Boolean).length,
    levels: result.levels,
    collisions: result.collisions,
    uniqueItems: result.uniqueItems,
    inputNorm: result.inputNorm,
    tokensPerItem: titled ? null : Math.max(0, ...result.codes.map((c) => c.length)),
    seconds: (performance.now() - t0) / 1000,
  };
  send({ type: 'done', codes, stats });
}
