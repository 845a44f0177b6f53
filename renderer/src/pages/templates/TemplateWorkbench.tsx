/**
 * One template being edited: loads it with its versions, keeps the draft, checks it as it changes (debounced),
 * saves with Ctrl/⌘+S, restores versions and deletes; guards unsaved changes against navigation. Lays out the
 * editor column and the preview column of the Templates page.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DatasetSummary } from '../../../../preload/api';
import type { Family, Template, TemplateProblem, TemplateVersion } from '../../../../preload/api-templates';
import { call, CallFailed, on } from '../../client';
import { EmptyState, Spinner } from '../../components/bits';
import { ConfirmDialog, Dialog } from '../../components/Dialog';
import { useReportError } from '../../errors';
import { hrefFor } from '../../route';
import { useVocabulary } from './data';
import { useNavigationGuard } from './guard';
import { fieldsOf, refusedField, sameDraft, sendable, starterDraft, type Draft } from './model';
import { PreviewPanel, type PreviewPlace } from './PreviewPanel';
import { TemplateForm, type SaveRefusal } from './TemplateForm';
import { VersionsPanel } from './VersionsPanel';

interface WorkbenchProps {
  /** The saved template to edit, or null for a new one of `newFamily`. */
  templateId: string | null;
  newFamily: Family;
  dataset: DatasetSummary | null | undefined;
  seed: number;
  place: PreviewPlace;
  onPlace: (p: PreviewPlace) => void;
  onDataset?: (id: number) => void;
}

interface Loaded {
  template: Template;
  versions: TemplateVersion[];
}

type Confirm = { kind: 'delete' } | { kind: 'restore'; version: number } | null;

export function TemplateWorkbench({ templateId, newFamily, dataset, seed, place, onPlace, onDataset }: WorkbenchProps) {
  const report = useReportError();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [missing, setMissing] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft | null>(() => (templateId === null ? starterDraft(newFamily) : null));
  const [problems, setProblems] = useState<TemplateProblem[]>([]);
  const [checkError, setCheckError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<SaveRefusal | null>(null);
  const [restoring, setRestoring] = useState(false);
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [changedElsewhere, setChangedElsewhere] = useState(false);

  const template = loaded?.template ?? null;
  const dirty =
    draft !== null &&
    (template === null ? templateId === null && !sameDraft(draft, starterDraft(newFamily)) : !sameDraft(draft, fieldsOf(template)));
  const guard = useNavigationGuard(dirty);
  const vocabulary = useVocabulary(draft?.family ?? newFamily);

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

  // Check the text as it is typed: problems land on their line and column in the editors.
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

  const save = useCallback(async () => {
    if (!draft || saving || (template !== null && !dirty)) return;
    setSaving(true);
    setRefusal(null);
    try {
      const saved = await call('templates.save', template ? { id: template.id, fields: draft } : { fields: draft });
      setChangedElsewhere(false);
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

  const saveRef = useRef(save);
  saveRef.current = save;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || !(e.ctrlKey || e.metaKey) || e.altKey || e.key.toLowerCase() !== 's') return;
      if (document.querySelector('[role="dialog"]')) return;
      // The browser's "save page" is never what Ctrl+S means here.
      e.preventDefault();
      void saveRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const restore = async (version: number) => {
    if (!template) return;
    setConfirm(null);
    setRestoring(true);
    try {
      const saved = await call('templates.revert', { id: template.id, version });
      setLoaded((l) => (l ? { ...l, template: saved } : l));
      setDraft(fieldsOf(saved));
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
    setConfirm(null);
    try {
      await call('templates.delete', { id: template.id });
      guard.allowNext();
      window.location.replace(hrefFor({ page: 'templates', view: 'edit', templateId: null }));
    } catch (e) {
      report(e, `Deleting template ${template.id}`);
    }
  };

  if (missing) {
    return (
      <div className="tpl-centre">
        <EmptyState title={`Template ${templateId} not found`} testid="tpl-not-found">
          <p>
            {missing}. It may have been deleted or replaced by an import. Pick another on the left, or{' '}
            <a href={hrefFor({ page: 'templates', view: 'new', family: newFamily })}>start a new one</a>.
          </p>
        </EmptyState>
      </div>
    );
  }
  if (draft === null) {
    return (
      <div className="tpl-centre">
        <Spinner label={`Loading template ${templateId ?? ''}…`} />
      </div>
    );
  }

  return (
    <>
      <div className="tpl-centre" data-testid="tpl-editor" data-template-id={template?.id ?? ''} data-dirty={dirty ? 'true' : 'false'}>
        {changedElsewhere && dirty && (
          <p className="notice" data-testid="tpl-changed-elsewhere">
            This template was changed elsewhere (another window, an import, the CLI) while you edit it. Saving makes your text the newest
            version;{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => template && (setDraft(fieldsOf(template)), setChangedElsewhere(false))}
            >
              discard your edits and load it
            </button>
            .
          </p>
        )}
        {checkError && <p className="field-error">Could not check the text: {checkError}</p>}
        <TemplateForm
          template={template}
          draft={draft}
          onDraft={setDraft}
          dirty={dirty}
          problems={problems}
          saving={saving}
          refusal={refusal}
          onSave={() => void save()}
          onDelete={template ? () => setConfirm({ kind: 'delete' }) : null}
          vocabulary={vocabulary}
        />
      </div>
      <div className="tpl-right">
        {dataset === undefined ? (
          <Spinner />
        ) : dataset === null ? (
          <EmptyState title="No dataset to preview on" testid="tpl-no-dataset">
            <p>
              The preview renders real records. Import a dataset (or the bundled sample) on the{' '}
              <a href={hrefFor({ page: 'datasets' })}>Datasets</a> page, then come back.
            </p>
          </EmptyState>
        ) : (
          <PreviewPanel
            dataset={dataset}
            templateId={template?.id ?? null}
            version={template?.version ?? null}
            draft={draft}
            dirty={dirty}
            seed={seed}
            place={place}
            onPlace={onPlace}
            onDataset={onDataset}
          />
        )}
        {loaded && (
          <VersionsPanel
            versions={loaded.versions}
            current={draft}
            currentVersion={loaded.template.version}
            dirty={dirty}
            restoring={restoring}
            onRestore={(version) => (dirty ? setConfirm({ kind: 'restore', version }) : void restore(version))}
          />
        )}
      </div>

      {guard.blocked !== null && (
        <ConfirmDialog
          title="Unsaved changes"
          testid="tpl-unsaved-dialog"
          cancelTestid="tpl-unsaved-stay"
          confirmTestid="tpl-unsaved-discard"
          cancelLabel="Keep editing"
          confirmLabel="Discard changes"
          focus="cancel"
          onCancel={guard.stay}
          onConfirm={guard.proceed}
        >
          <p>
            {template ? `Template ${template.id} has changes that are not saved.` : 'This new template is not saved yet.'} Leave and lose
            them?
          </p>
        </ConfirmDialog>
      )}
      {confirm?.kind === 'restore' && (
        <ConfirmDialog
          title={`Restore version ${confirm.version}?`}
          testid="tpl-restore-dialog"
          confirmTestid="tpl-restore-confirm"
          confirmLabel="Restore and discard my edits"
          tone="primary"
          onCancel={() => setConfirm(null)}
          onConfirm={() => void restore(confirm.version)}
        >
          <p>
            The editor has unsaved changes. Restoring saves version {confirm.version} as the newest version and replaces the editor’s text.
          </p>
        </ConfirmDialog>
      )}
      {confirm?.kind === 'delete' && template && (
        <Dialog
          title={`Delete template ${template.id}?`}
          onClose={() => setConfirm(null)}
          testid="tpl-delete-dialog"
          footer={
            <>
              <button type="button" className="button" onClick={() => setConfirm(null)}>
                Cancel
              </button>
              <button type="button" className="button danger-solid" onClick={() => void remove()} data-testid="tpl-delete-confirm">
                Delete
              </button>
            </>
          }
        >
          <p>
            “{template.name}” and its {loaded?.versions.length ?? 0} versions are removed from this workspace. A built-in template comes
            back with “Restore built-in set”.
          </p>
        </Dialog>
      )}
    </>
  );
}
