/**
 * One template being edited: loads it with its versions, keeps the draft, checks it as it changes (debounced),
 * saves with Ctrl/⌘+S, restores versions and deletes; guards unsaved changes against navigation. Lays out the
 * editor column and the preview column of the Templates page.
 */
import { useState } from 'react';
import type { DatasetSummary } from '../../../../preload/api';
import type { Family } from '../../../../preload/api-templates';
import { EmptyState, Spinner } from '../../components/bits';
import { hrefFor } from '../../route';
import { useVocabulary } from './data';
import { fieldsOf, type Draft, type PreviewPlace } from './model';
import { PreviewPanel } from './PreviewPanel';
import { TemplateForm } from './TemplateForm';
import { useTemplateDraft, type TemplateDraftState } from './useTemplateDraft';
import { VersionsPanel } from './VersionsPanel';
import { DeleteTemplateDialog, RestoreDialog, UnsavedDialog } from './WorkbenchDialogs';

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

type Confirm = { kind: 'delete' } | { kind: 'restore'; version: number } | null;

/** The editor column: a notice when the template changed elsewhere, the check's own failure, and the form. */
function EditorColumn({ s, onDelete }: { s: TemplateDraftState & { draft: Draft }; onDelete: (() => void) | null }) {
  const { template, dirty } = s;
  const vocabulary = useVocabulary(s.draft.family);
  return (
    <div className="tpl-centre" data-testid="tpl-editor" data-template-id={template?.id ?? ''} data-dirty={dirty ? 'true' : 'false'}>
      {s.changedElsewhere && dirty && (
        <p className="notice" data-testid="tpl-changed-elsewhere">
          This template was changed elsewhere (another window, an import, the CLI) while you edit it. Saving makes your text the newest
          version;{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => template && (s.setDraft(fieldsOf(template)), s.setChangedElsewhere(false))}
          >
            discard your edits and load it
          </button>
          .
        </p>
      )}
      {s.checkError && <p className="field-error">Could not check the text: {s.checkError}</p>}
      <TemplateForm
        template={template}
        draft={s.draft}
        onDraft={s.setDraft}
        dirty={dirty}
        problems={s.problems}
        saving={s.saving}
        refusal={s.refusal}
        onSave={() => void s.save()}
        onDelete={onDelete}
        vocabulary={vocabulary}
      />
    </div>
  );
}

type PreviewProps = Omit<WorkbenchProps, 'templateId' | 'newFamily'> & {
  s: TemplateDraftState & { draft: Draft };
  onRestore: (v: number) => void;
};

/** The preview column: the draft rendered on real records, and the saved versions. */
function PreviewColumn({ s, dataset, seed, place, onPlace, onDataset, onRestore }: PreviewProps) {
  const { template, loaded } = s;
  return (
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
          draft={s.draft}
          dirty={s.dirty}
          seed={seed}
          place={place}
          onPlace={onPlace}
          onDataset={onDataset}
        />
      )}
      {loaded && (
        <VersionsPanel
          versions={loaded.versions}
          current={s.draft}
          currentVersion={loaded.template.version}
          dirty={s.dirty}
          restoring={s.restoring}
          onRestore={onRestore}
        />
      )}
    </div>
  );
}

export function TemplateWorkbench({ templateId, newFamily, ...rest }: WorkbenchProps) {
  const s = useTemplateDraft(templateId, newFamily);
  const [confirm, setConfirm] = useState<Confirm>(null);
  const { template, draft, guard } = s;
  if (s.missing) {
    return (
      <div className="tpl-centre">
        <EmptyState title={`Template ${templateId} not found`} testid="tpl-not-found">
          <p>
            {s.missing}. It may have been deleted or replaced by an import. Pick another on the left, or{' '}
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
  const withDraft = { ...s, draft };
  const restore = (version: number): void => {
    setConfirm(null);
    void s.restore(version);
  };
  return (
    <>
      <EditorColumn s={withDraft} onDelete={template ? () => setConfirm({ kind: 'delete' }) : null} />
      <PreviewColumn
        s={withDraft}
        {...rest}
        onRestore={(version) => (s.dirty ? setConfirm({ kind: 'restore', version }) : restore(version))}
      />
      {guard.blocked !== null && <UnsavedDialog template={template} onStay={guard.stay} onLeave={guard.proceed} />}
      {confirm?.kind === 'restore' && (
        <RestoreDialog version={confirm.version} onCancel={() => setConfirm(null)} onConfirm={() => restore(confirm.version)} />
      )}
      {confirm?.kind === 'delete' && template && (
        <DeleteTemplateDialog
          template={template}
          versions={s.loaded?.versions.length ?? 0}
          onCancel={() => setConfirm(null)}
          onConfirm={() => {
            setConfirm(null);
            void s.remove();
          }}
        />
      )}
    </>
  );
}
