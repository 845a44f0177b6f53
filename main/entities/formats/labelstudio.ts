/**
 * Label Studio JSON: an array of tasks `{id, data: {text, record_id, user}, annotations: [{result: [...]}]}`,
 * result items `{from_name: "label", to_name: "text", type: "labels", value: {start, end, text, labels: [L]}}`.
 * Offsets count UTF-16 units, as Label Studio and browsers do; they are converted to code points with the task's own text.
 */
import { CodePoints } from '../spans';
import { asSource, FormatError, isInt, type ImportedDoc, type ImportedSpan, type SpanFormatModule } from './types';

export const labelstudio: SpanFormatModule = {
  extension: 'json',
  mime: 'application/json',
  write(records) {
    let spans = 0;
    const tasks = records.map((r) => {
      const cps = new CodePoints(r.text);
      spans += r.spans.length;
      return {
        id: r.id,
        data: { text: r.text, record_id: r.id, user: r.userExtId },
        annotations: [
          {
            result: r.spans.map((s, i) => ({
              id: `r${r.id}-${i + 1}`,
              from_name: 'label',
              to_name: 'text',
              type: 'labels',
              origin: s.source === 'human' ? 'manual' : 'prediction',
              value: { start: cps.utf16[s.start], end: cps.utf16[s.end], text: s.text, labels: [s.label] },
              meta: { source: s.source },
            })),
          },
        ],
      };
    });
    return { text: `${JSON.stringify(tasks, null, 1)}\n`, spans };
  },
  read(text) {
    let tasks: unknown;
    try {
      tasks = JSON.parse(text);
    } catch (err) {
      throw new FormatError(1, null, `not JSON (${(err as Error).message})`);
    }
    if (!Array.isArray(tasks)) throw new FormatError(1, null, 'expected a JSON array of Label Studio tasks');
    return tasks.map((task: unknown, i): ImportedDoc => {
      const line = i + 1;
      if (typeof task !== 'object' || task === null) throw new FormatError(line, null, 'a task must be an object');
      const t = task as Record<string, unknown>;
      const data = (t.data ?? {}) as Record<string, unknown>;
      if (typeof data.text !== 'string') throw new FormatError(line, 'data.text', 'expected the task text');
      const cps = new CodePoints(data.text);
      const rid = data.record_id;
      if (rid !== undefined && (!isInt(rid) || rid < 1)) throw new FormatError(line, 'data.record_id', 'expected a positive integer');
      const anns = Array.isArray(t.annotations) ? (t.annotations as Record<string, unknown>[]) : [];
      const preds = Array.isArray(t.predictions) ? (t.predictions as Record<string, unknown>[]) : [];
      const chosenIndex = anns.findIndex((a) => !a.was_cancelled);
      const [results, where] =
        chosenIndex >= 0
          ? [anns[chosenIndex]!.result, `annotations[${chosenIndex}].result`]
          : preds.length > 0
            ? [preds[0]!.result, 'predictions[0].result']
            : [[], 'annotations'];
      if (!Array.isArray(results)) throw new FormatError(line, where, 'expected a list of results');
      const spans: ImportedSpan[] = [];
      results.forEach((res: unknown, k) => {
        const field = `${where}[${k}]`;
        const r = (res ?? {}) as Record<string, unknown>;
        if (r.type !== undefined && r.type !== 'labels') return; // other control types (choices, ratings) carry no spans
        const v = (r.value ?? {}) as Record<string, unknown>;
        const labels = v.labels;
        if (!isInt(v.start) || !isInt(v.end)) throw new FormatError(line, `${field}.value`, 'expected integer start and end');
        if (!Array.isArray(labels) || labels.length !== 1 || typeof labels[0] !== 'string')
          throw new FormatError(line, `${field}.value.labels`, 'expected exactly one label');
        const start = cps.fromUtf16(v.start);
        const end = cps.fromUtf16(v.end);
        if (start === undefined || end === undefined) {
          throw new FormatError(
            line,
            `${field}.value`,
            `offsets [${v.start},${v.end}) fall outside the text or inside a character (UTF-16 units expected)`,
          );
        }
        const meta = (r.meta ?? {}) as Record<string, unknown>;
        const source = asSource(meta.source) ?? (r.origin === 'prediction' ? 'auto' : undefined);
        spans.push({
          start,
          end,
          label: labels[0],
          field,
          ...(typeof v.text === 'string' ? { text: v.text } : {}),
          ...(source ? { source } : {}),
        });
      });
      return { line, text: data.text, spans, ...(isInt(rid) ? { recordId: rid } : {}) };
    });
  },
};
