/**
 * A template being edited: loaded with its versions and kept current as it changes elsewhere, the draft and whether
 * it differs from what is saved, the text checked as it is typed (debounced), save (also Ctrl/⌘+S), restore, delete.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Family, Template, TemplateProblem, TemplateVersion } from '../../../../preload/api-templates';
import { call, CallFailed, on } from '../../client';
import { useReportError } from '../../errors';
import { hrefFor } from '../../route';
import { useNavigationGuard } from './guard';
import { fieldsOf, refusedField, sameDraft, sendable, starterDraft, type Draft, type SaveRefusal } from './model';

export interface Loaded {
  template: Template;
  versions: TemplateVersion[];
}

/** The saved template and its versions, reloaded when another window, an import or the CLI changes it. */
function useLoadedTemplate(templateId: string | null, newFamily: Family) {
  const report = useReportError();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [missing, setMissing] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft | null>(() => (templateId === null ? starterDraft(newFamily) : null));
  const [changedElsewhere, setChangedElsewhere] = useState(false);
  const template = loaded?.template ?? null;
  const dirty =
    draft !== null &&
    (template === null ? templateId === null && !sameDraft(draft, starterDraft(newFamily)) : !sameDraft(draft, fieldsOf(template)));
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;
  const load = useCallback(
    (replaceDraft: boolean) => {
      if (templateId === null) return;
      call('templates.get', { id: templateId }).then(
        (r) => {
          setLoaded(r);
          setMissing(null);
          if (replaceDraft || !dirtyRef.current) setDraft(fieldsOf(r.template));
        },
        (e: unknown) => {
          if (e instanceof CallFailed && e.code === 'not_found') setMissing(e.message);
          else report(e, `Loading template ${templateId}`);
        },
      );
    },
    [templateId, report],
  );
  useEffect(() => {
    load(true);
    if (templateId === null) return;
    return on('templates.changed', (p) => {
      if (!p.ids.includes(templateId)) return;
      if (dirtyRef.current) setChangedElsewhere(true);
      load(false);
    });
  }, [load, templateId]);
  return { loaded, setLoaded, missing, draft, setDraft, template, dirty, load, changedElsewhere, setChangedElsewhere };
}

/** The draft's problems from `templates.check`, 250 ms after the typing stops; each lands on its line and column. */
function useTemplateCheck(draft: Draft | null) {
  const [problems, setProblems] = useState<TemplateProblem[]>([]);
  const [checkError, setCheckError] = useState<string | null>(null);
  const checkKey = draft ? JSON.stringify(sendable(draft)) : '';
  useEffect(() => {
    if (!checkKey) return;
    let alive = true;
    const t = setTimeout(() => {
      call('templates.check', { fields: JSON.parse(checkKey) as Draft }).then(
        (r) => {
          if (!alive) return;
          setProblems(r.problems);
          setCheckError(null);
        },
        (e: unknown) => {
          if (!alive) return;
          setProblems([]);
          setCheckError(e instanceof Error ? e.message : String(e));
        },
      );
    }, 250);
    return () => {
      alive = false;
      clearTimeout(t);
    };
  }, [checkKey]);
  return { problems, checkError };
}

/** Ctrl/⌘+S saves (the browser's "save page" is never what it means here), unless a dialog is open. */
function useSaveShortcut(save: () => Promise<void>): void {
  const saveRef = useRef(save);
  saveRef.current = save;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || !(e.ctrlKey || e.metaKey) || e.altKey || e.key.toLowerCase() !== 's') return;
      if (document.querySelector('[role="dialog"]')) return;
      e.preventDefault();
      void saveRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function useTemplateDraft(templateId: string | null, newFamily: Family) {
  const report = useReportError();
  const t = useLoadedTemplate(templateId, newFamily);
  const { draft, template, dirty, load, setLoaded } = t;
  const check = useTemplateCheck(draft);
  const guard = useNavigationGuard(dirty);
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<SaveRefusal | null>(null);
  const [restoring, setRestoring] = useState(false);

  const save = useCallback(async () => {
    if (!draft || saving || (template !== null && !dirty)) return;
    setSaving(true);
    setRefusal(null);
    try {
      const saved = await call('templates.save', template ? { id: template.id, fields: draft } : { fields: draft });
      t.setChangedElsewhere(false);
      if (!template) {
        guard.allowNext();
        window.location.replace(hrefFor({ page: 'templates', view: 'edit', templateId: saved.id }));
        return;
      }
      setLoaded((l) => (l ? { ...l, template: saved } : l));
      load(false);
    } catch (e) {
      if (e instanceof CallFailed && e.code === 'bad_input') setRefusal({ message: e.message, field: refusedField(e) });
      else report(e, 'Saving the template');
    } finally {
      setSaving(false);
    }
  }, [draft, saving, dirty, template, guard, load, report]);
  useSaveShortcut(save);

  const restore = async (version: number) => {
    if (!template) return;
    setRestoring(true);
    try {
      const saved = await call('templates.revert', { id: template.id, version });
      setLoaded((l) => (l ? { ...l, template: saved } : l));
      t.setDraft(fieldsOf(saved));
      setRefusal(null);
      load(true);
    } catch (e) {
      report(e, `Restoring version ${version}`);
    } finally {
      setRestoring(false);
    }
  };

  const remove = async () => {
    if (!template) return;
    try {
      await call('templates.delete', { id: template.id });
      guard.allowNext();
      window.location.replace(hrefFor({ page: 'templates', view: 'edit', templateId: null }));
    } catch (e) {
      report(e, `Deleting template ${template.id}`);
    }
  };
  return { ...t, ...check, guard, saving, refusal, restoring, save, restore, remove };
}
export type TemplateDraftState = ReturnType<typeof useTemplateDraft>;
