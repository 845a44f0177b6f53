/** How a generation set reads in lists and headings: its status badge, what it generated, how it decoded, how fast. */
import type { GenerationSet } from '../../../../preload/api-generation';
import { fmtInt } from '../../format';
import { FREE_BEAM_MAX, ITEM_WIDTH } from './decodingKinds';

export function SetStatus({ status }: { status: GenerationSet['status'] }) {
  return (
    <span className={`badge run-status run-status-${status}`} data-testid="gen-set-status" data-status={status}>
      {status}
    </span>
  );
}

/** "catalog beam ×20" (item families), "sample T=0.8 top-k 40 · seed 3", "beam ×8", "greedy". */
export function describeDecoding(s: GenerationSet): string {
  const d = s.decoding;
  if (s.family === 'sequential' || s.family === 'direct')
    return `catalog beam ×${Math.max(ITEM_WIDTH.min, Math.min(ITEM_WIDTH.max, d.width))}`;
  if (d.method === 'beam') return `beam ×${Math.min(d.width, FREE_BEAM_MAX)}`;
  if (d.method === 'sample')
    return `sample T=${d.temperature}${d.topK ? ` top-k ${d.topK}` : ''}${d.topP < 1 ? ` top-p ${d.topP}` : ''} · seed ${d.seed}`;
  return 'greedy';
}

/** "4.21 ms per example": the catalog beam's time per example (many users decoded together), once an item set ran. */
export function describeSpeed(s: GenerationSet): string | null {
  const ms = s.msPerExample;
  return ms === null ? null : `${ms < 10 ? ms.toFixed(2) : ms.toFixed(1)} ms per example`;
}

/** "sequential · test · 2-3, 2-13 · first 6". */
export function describeSet(s: GenerationSet): string {
  const parts: string[] = [s.family, s.split, s.templates ? s.templates.join(', ') : 'all templates'];
  if (s.limit !== null) parts.push(`first ${fmtInt(s.limit)}`);
  return parts.join(' · ');
}
