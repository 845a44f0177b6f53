/** doccano JSONL: `{text, label: [[start, end, "LABEL"]], record_id, user}`; code point offsets (Python), end-exclusive. Also reads `entities: [{start_offset, end_offset, label}]`. */
import { FormatError, isInt, readJsonl, recordIdOf, type ImportedSpan, type SpanFormatModule } from './types';

export const doccano: SpanFormatModule = {
  extension: 'jsonl',
  mime: 'application/x-ndjson',
  write(records) {
    let spans = 0;
    const text = records
      .map((r) => {
        spans += r.spans.length;
        return `${JSON.stringify({ text: r.text, label: r.spans.map((s) => [s.start, s.end, s.label]), record_id: r.id, user: r.userExtId })}\n`;
      })
      .join('');
    return { text, spans };
  },
  read(text) {
    return readJsonl(text, (o, line) => {
      if (typeof o.text !== 'string') throw new FormatError(line, 'text', 'expected the record text');
      const spans: ImportedSpan[] = [];
      const labels = o.label ?? o.labels;
      if (Array.isArray(labels)) {
        labels.forEach((l: unknown, k) => {
          const field = `label[${k}]`;
          if (!Array.isArray(l) || l.length !== 3 || !isInt(l[0]) || !isInt(l[1]) || typeof l[2] !== 'string')
            throw new FormatError(line, field, 'expected [start, end, "LABEL"]');
          spans.push({ start: l[0], end: l[1], label: l[2], field });
        });
      } else if (Array.isArray(o.entities)) {
        o.entities.forEach((e: unknown, k) => {
          const field = `entities[${k}]`;
          const x = (e ?? {}) as Record<string, unknown>;
          if (!isInt(x.start_offset) || !isInt(x.end_offset) || typeof x.label !== 'string')
            throw new FormatError(line, field, 'expected start_offset, end_offset and label');
          spans.push({ start: x.start_offset, end: x.end_offset, label: x.label, field });
        });
      } else if (labels !== undefined) throw new FormatError(line, 'label', 'expected a list of [start, end, "LABEL"]');
      const recordId = recordIdOf(o, line);
      return { line, text: o.text, spans, ...(recordId ? { recordId } : {}) };
    });
  },
};
