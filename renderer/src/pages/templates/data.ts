/**
 * State the Templates views share: the template list (fresh on `templates.changed`), each family's vocabulary,
 * and the preview dataset and seed the user picked (kept in localStorage).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DatasetSummary } from '../../../../preload/api';
import type { Family, Template } from '../../../../preload/api-templates';
import { call, on } from '../../client';
import { useWorkspace } from '../../data';
import { useReportError } from '../../errors';
import type { Vocabulary } from './completion';

export function useTemplateList(): { templates: Template[] | null; reload: () => void } {
  const report = useReportError();
  const [templates, setTemplates] = useState<Template[] | null>(null);
  const seq = useRef(0);
  const reload = useCallback(() => {
    const mine = ++seq.current;
    call('templates.list', {}).then(
      (list) => mine === seq.current && setTemplates(list),
      (e: unknown) => {
        report(e, 'Loading templates');
        if (mine === seq.current) setTemplates((t) => t ?? []);
      },
    );
  }, [report]);
  useEffect(() => {
    reload();
    return on('templates.changed', reload);
  }, [reload]);
  return { templates, reload };
}

const vocabularies = new Map<Family, Promise<Vocabulary>>();

/** A family's variables and filters; fetched once per window (they change only with the studio's version). */
export function useVocabulary(family: Family): Vocabulary | null {
  const report = useReportError();
  const [vocab, setVocab] = useState<{ family: Family; v: Vocabulary } | null>(null);
  useEffect(() => {
    let alive = true;
    let p = vocabularies.get(family);
    if (!p) {
      p = call('templates.vocabulary', { family });
      vocabularies.set(family, p);
      // A failure is not cached: the next view of the family asks again.
      p.catch(() => vocabularies.delete(family));
    }
    p.then(
      (v) => alive && setVocab({ family, v }),
      (e: unknown) => alive && report(e, `Loading the ${family} variables`),
    );
    return () => {
      alive = false;
    };
  }, [family, report]);
  return vocab?.family === family ? vocab.v : null;
}

const DATASET_KEY = 'templates-dataset';
const SEED_KEY = 'templates-seed';

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
function store(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // storage may be off; the choice still holds for this window
  }
}

/** The dataset previews render from: the remembered one while it exists, else the first. undefined while loading. */
export function usePreviewDataset(): {
  dataset: DatasetSummary | null | undefined;
  datasets: DatasetSummary[];
  choose: (id: number) => void;
} {
  const { datasets } = useWorkspace();
  const [chosen, setChosen] = useState<number | null>(() => {
    const v = Number(stored(DATASET_KEY));
    return Number.isInteger(v) && v > 0 ? v : null;
  });
  const choose = useCallback((id: number) => {
    setChosen(id);
    store(DATASET_KEY, String(id));
  }, []);
  if (datasets === null) return { dataset: undefined, datasets: [], choose };
  const dataset = datasets.find((d) => d.id === chosen) ?? datasets[0] ?? null;
  return { dataset, datasets, choose };
}

export function useSeed(): [number, (n: number) => void] {
  const [seed, setSeedState] = useState(() => {
    const v = Number(stored(SEED_KEY));
    return Number.isInteger(v) && stored(SEED_KEY) !== null ? v : 1;
  });
  const setSeed = useCallback((n: number) => {
    setSeedState(n);
    store(SEED_KEY, String(n));
  }, []);
  return [seed, setSeed];
}
