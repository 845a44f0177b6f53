/**
 * Which spans of a record stand for it when nobody names an annotator — in the default export and in training:
 * the adjudicated final spans, else the latest human annotation (a curator's correction beats the machine's guess;
 * an annotation left empty is an answer too), else the machine's. Pure.
 */
import { MACHINE_ANNOTATOR, type Span } from '../../preload/api-entities';

/** Where a record's chosen spans come from: `final`, a human annotator's name, or the machine annotator. */
export type SpanOrigin = 'final' | typeof MACHINE_ANNOTATOR | (string & {});

export interface RecordVersions {
  adjudicated: boolean;
  finals: readonly Span[] | undefined;
  /** Annotator → spans (annotators who saved an empty list may be missing here). */
  spans: ReadonlyMap<string, readonly Span[]> | undefined;
  /** Annotator → when they last saved this record (ISO time). */
  saved: ReadonlyMap<string, string> | undefined;
}

export function chooseSpans(v: RecordVersions): { spans: readonly Span[]; from: SpanOrigin } {
  if (v.adjudicated) return { spans: v.finals ?? [], from: 'final' };
  let latest: string | null = null;
  let at = '';
  for (const [who, when] of v.saved ?? []) {
    if (who.startsWith('@')) continue;
    if (latest === null || when > at || (when === at && who < latest)) {
      latest = who;
      at = when;
    }
  }
  if (latest !== null) return { spans: v.spans?.get(latest) ?? [], from: latest };
  return { spans: v.spans?.get(MACHINE_ANNOTATOR) ?? [], from: MACHINE_ANNOTATOR };
}

/** Spans and records per origin, biggest first: what a dialog says an export will write. */
export function tallyOrigins(
  chosen: Iterable<{ spans: readonly Span[]; from: SpanOrigin }>,
): { from: SpanOrigin; records: number; spans: number }[] {
  const m = new Map<SpanOrigin, { from: SpanOrigin; records: number; spans: number }>();
  for (const c of chosen) {
    const t = m.get(c.from) ?? { from: c.from, records: 0, spans: 0 };
    t.records += 1;
    t.spans += c.spans.length;
    m.set(c.from, t);
  }
  const rank = (f: SpanOrigin) => (f === 'final' ? 0 : f === MACHINE_ANNOTATOR ? 2 : 1);
  return [...m.values()].sort((a, b) => rank(a.from) - rank(b.from) || b.spans - a.spans || (a.from < b.from ? -1 : 1));
}
