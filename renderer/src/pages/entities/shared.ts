/** State the Entities views share: the dataset's label set (fresh on `entities.changed`) and the annotator's name. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { LabelSet } from '../../../../preload/api-entities';
import { call, on } from '../../client';
import { annotatorProblem, HUMAN_NAME_KEY, storedAnnotator } from '../../components/entities/spanModel';
import { useReportError } from '../../errors';

export function useLabelSet(datasetId: number): {
  set: LabelSet | null;
  loaded: boolean;
  reload: () => void;
  colours: Map<string, string>;
} {
  const report = useReportError();
  const [set, setSet] = useState<LabelSet | null>(null);
  const [loaded, setLoaded] = useState(false);
  const seq = useRef(0);
  const reload = useCallback(() => {
    const mine = ++seq.current;
    call('entities.labels.list', { datasetId }).then(
      (sets) => {
        if (mine !== seq.current) return;
        setSet(sets[0] ?? null);
        setLoaded(true);
      },
      (e: unknown) => report(e, 'Loading labels'),
    );
  }, [datasetId, report]);
  useEffect(() => {
    reload();
    // Label sets change with textualizing, imports and the label manager; not with every span save.
    return on('entities.changed', (p) => {
      if (p.datasetId === datasetId && !p.recordIds) reload();
    });
  }, [reload, datasetId]);
  const colours = useMemo(() => new Map((set?.labels ?? []).map((l) => [l.name, l.colour])), [set]);
  return { set, loaded, reload, colours };
}

/** The curator's name, kept in localStorage (default "curator"). `valid` is the last acceptable name. */
export function useAnnotator(): { name: string; setName: (n: string) => void; valid: string; problem: string | null } {
  const [name, setNameState] = useState(storedAnnotator);
  const problem = annotatorProblem(name);
  const [valid, setValid] = useState(() => (annotatorProblem(storedAnnotator()) ? 'curator' : storedAnnotator().trim()));
  const setName = useCallback((n: string) => {
    setNameState(n);
    if (!annotatorProblem(n)) {
      setValid(n.trim());
      try {
        localStorage.setItem(HUMAN_NAME_KEY, n.trim());
      } catch {
        // storage may be off; the name still applies to this window
      }
    }
  }, []);
  return { name, setName, valid, problem };
}

export function fmtScore(v: number | null): string {
  return v === null ? '—' : v.toFixed(3);
}

/** Saves text as a file through a temporary object URL. */
export function downloadText(fileName: string, mime: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
