/**
 * Prodigy / spaCy JSONL: `{text, meta: {record_id, user}, tokens: [{text, start, end, id, ws}],
 * spans: [{start, end, token_start, token_end, label, text, source}], answer}`. Offsets count code points
 * (Python's str indices); token_end is inclusive. Spans without start/end are read from their tokens.
 */
import { CodePoints } from '../spans';
import { tokenizeForSpans, tokenRange } from '../tokens';
import { asSource, FormatError, isInt, readJsonl, recordIdOf, type ImportedSpan, type SpanFormatModule } from './types';

export const prodigy: SpanFormatModule = {
  extension: 'jsonl',
  mime: 'application/x-ndjson',
  write(records) {
    let spans = 0;
    const lines = records.map((r) => {
      const cps = new CodePoints(r.text);
      const tokens = tokenizeForSpans(cps, r.spans);
      spans += r.spans.length;
      return JSON.stringify({
        text: r.text,
        meta: { record_id: r.id, user: r.userExtId },
        tokens: tokens.map((t, id) => ({ text: t.text, start: t.start, end: t.end, id, ws: t.ws })),
        spans: r.spans.map((s) => {
          const range = tokenRange(tokens, s.start, s.end);
          return {
            start: s.start,
            end: s.end,
            token_start: range?.first ?? null,
            token_end: range?.last ?? null,
            label: s.label,
            text: s.text,
            source: s.source,
          };
        }),
        answer: 'accept',
      });
    });
    return { text: lines.map((l) => `${l}\n`).join(''), spans };
  },
  read(text) {
    return readJsonl(text, (o, line) => {
      if (typeof o.text !== 'string') throw new FormatError(line, 'text', 'expected the record text');
      const tokens = Array.isArray(o.tokens) ? (o.tokens as Record<string, unknown>[]) : [];
      const raw = o.spans ?? [];
      if (!Array.isArray(raw)) throw new FormatError(line, 'spans', 'expected a list of spans');
      const spans = raw.map((sp: unknown, k): ImportedSpan => {
        const field = `spans[${k}]`;
        const s = (sp ?? {}) as Record<string, unknown>;
        if (typeof s.label !== 'string') throw new FormatError(line, `${field}.label`, 'expected a label');
        let { start, end } = s;
        if (!isInt(start) || !isInt(end)) {
          const ts = tokens[s.token_start as number];
          const te = tokens[s.token_end as number];
          if (!ts || !te || !isInt(ts.start) || !isInt(te.end))
            throw new FormatError(line, field, 'expected start and end, or token_start and token_end naming tokens');
          start = ts.start;
          end = te.end;
        }
        const source = asSource(s.source);
        return {
          start: start as number,
          end: end as number,
          label: s.label,
          field,
          ...(typeof s.text === 'string' ? { text: s.text } : {}),
          ...(source ? { source } : {}),
        };
      });
      const recordId = recordIdOf(o, line);
      return { line, text: o.text, spans, ...(recordId ? { recordId } : {}) };
    });
  },
};
