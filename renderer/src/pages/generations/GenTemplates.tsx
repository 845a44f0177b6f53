/** The templates a set renders (none ticked: all of the family), each with seen/unseen and how it decodes. */
import type { Template } from '../../../../preload/api-templates';
import { issueAt, Section, TemplateChecklist, type Issues } from '../runs/FormBits';
import { decodeKind, type DecodeKind } from './decodingKinds';
import type { GenForm, SetGenForm } from './genForm';

const KIND_LABEL: Record<DecodeKind, string> = { item: 'item', choice: 'choice', free: 'text' };

interface GenTemplatesProps {
  templates: Template[] | null | undefined;
  form: GenForm;
  setForm: SetGenForm;
  issues: Issues;
}

export function GenTemplates({ templates, form, setForm, issues }: GenTemplatesProps) {
  return (
    <Section title="Templates" testid="gen-templates">
      {templates === undefined ? (
        <span className="muted">Loading…</span>
      ) : (
        <TemplateChecklist
          templates={templates ?? []}
          picked={form.templates}
          onChange={(picked) => setForm((f) => ({ ...f, templates: picked }))}
          testid="gen-template"
          note={(t) => (
            <>
              <span className={`badge ${t.seen ? 'tpl-badge-seen' : 'tpl-badge-unseen'}`}>{t.seen ? 'seen' : 'unseen'}</span>
              <span className="gen-kind">{KIND_LABEL[decodeKind(t)]}</span>
            </>
          )}
        />
      )}
      {issueAt(issues, 'templates') && <span className="field-error">{issueAt(issues, 'templates')}</span>}
      <span className="hint">
        {form.templates.length === 0
          ? `None ticked: all ${templates?.length ?? ''} templates of the family.`
          : `${form.templates.length} ticked.`}{' '}
        Unseen templates were held out of training.
      </span>
    </Section>
  );
}
