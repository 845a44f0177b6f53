import { CodePoints } from '../spans';
import { tokenizeForSpans, type Token } from '../tokens';
import { outermost, type ExportRecord } from './types';

/** Tokens (cut at span boundaries) and BIO tags of a record's outermost spans. */
export function bioOf(r: ExportRecord): { tokens: Token[]; tags: string[]; spans: number } {
  const spans = outermost(r.spans);
  const tokens = tokenizeForSpans(new CodePoints(r.text), spans);
  const tags = tokens.map(() => 'O');
  let t = 0;
  for (const s of spans) {
    while (t < tokens.length && tokens[t]!.start < s.start) t++;
    let first = true;
    while (t < tokens.length && tokens[t]!.end <= s.end) {
      tags[t++] = `${first ? 'B' : 'I'}-${s.label}`;
      first = false;
    }
  }
  return { tokens, tags, spans: spans.length };
}
