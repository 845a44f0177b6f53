/** The template workbench's questions: leave with unsaved changes, restore over unsaved edits, delete. */
import type { Template } from '../../../../preload/api-templates';
import { ConfirmDialog } from '../../components/Dialog';

export function UnsavedDialog({ template, onStay, onLeave }: { template: Template | null; onStay: () => void; onLeave: () => void }) {
  return (
    <ConfirmDialog
      title="Unsaved changes"
      testid="tpl-unsaved-dialog"
      cancelTestid="tpl-unsaved-stay"
      confirmTestid="tpl-unsaved-discard"
      cancelLabel="Keep editing"
      confirmLabel="Discard changes"
      focus="cancel"
      onCancel={onStay}
      onConfirm={onLeave}
    >
      <p>
        {template ? `Template ${template.id} has changes that are not saved.` : 'This new template is not saved yet.'} Leave and lose them?
      </p>
    </ConfirmDialog>
  );
}

export function RestoreDialog({ version, onCancel, onConfirm }: { version: number; onCancel: () => void; onConfirm: () => void }) {
  return (
    <ConfirmDialog
      title={`Restore version ${version}?`}
      testid="tpl-restore-dialog"
      confirmTestid="tpl-restore-confirm"
      confirmLabel="Restore and discard my edits"
      tone="primary"
      onCancel={onCancel}
      onConfirm={onConfirm}
    >
      <p>The editor has unsaved changes. Restoring saves version {version} as the newest version and replaces the editor’s text.</p>
    </ConfirmDialog>
  );
}

interface DeleteProps {
  template: Template;
  versions: number;
  onCancel: () => void;
  onConfirm: () => void;
}

export function DeleteTemplateDialog({ template, versions, onCancel, onConfirm }: DeleteProps) {
  return (
    <ConfirmDialog
      title={`Delete template ${template.id}?`}
      testid="tpl-delete-dialog"
      confirmTestid="tpl-delete-confirm"
      confirmLabel="Delete"
      onCancel={onCancel}
      onConfirm={onConfirm}
    >
      <p>
        “{template.name}” and its {versions} versions are removed from this workspace. A built-in template comes back with “Restore built-in
        set”.
      </p>
    </ConfirmDialog>
  );
}
