/** What a bundle export worker is asked to write, and what it reports back. */
import type { ResolvedConfig, RunConfig } from '../training/config';
import type { ItemIdSetRef } from '../training/runner';
import type { Manifest } from './format';

export interface ExportJob {
  runId: number;
  runName: string;
  datasetId: number;
  datasetName: string;
  runDir: string;
  config: RunConfig;
  /** The run's configuration as it resolved when it started (model shape, steps, warm-up, family weights). */
  resolved: ResolvedConfig;
  /** The checkpoint to start from; null for the run's initial weights (step 0). */
  checkpoint: { file: string; step: number } | null;
  /** Where a run `from` another starts when it has no checkpoint of its own. */
  source: { checkpoint: string; tokenizer: string } | null;
  /** The identifier set the run writes items with (its resolved configuration names it). */
  itemIdSet: ItemIdSetRef | null;
  /** Steps to bundle; null: up to the end of the run's schedule. */
  steps: number | null;
  /** The folder to create (must not exist, or be empty). */
  out: string;
  /** resources/bundle: train.py and the README template. */
  scriptDir: string;
}

export type ExportMessage =
  | { type: 'phase'; phase: string }
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; manifest: Manifest; bytes: number };
