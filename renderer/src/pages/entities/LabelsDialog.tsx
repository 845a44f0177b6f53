/** The label set manager: names, colours, hotkeys, descriptions and nesting rules (entities.labels.save). */
import type { LabelSet } from '../../../../preload/api-entities';
import { Dialog } from '../../components/Dialog';
import { LabelTable } from './labels/LabelTable';
import { NestingRules } from './labels/NestingRules';
import { useLabelRows } from './labels/useLabelRows';

interface LabelsDialogProps {
  datasetId: number;
  set: LabelSet | null;
  onClose: () => void;
  onSaved: () => void;
}

export function LabelsDialog({ datasetId, set, onClose, onSaved }: LabelsDialogProps) {
  const l = useLabelRows(datasetId, set, onSaved, onClose);
  return (
    <Dialog
      title="Labels"
      onClose={onClose}
      wide
      backdropCloses={false}
      testid="ent-labels-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button primary"
            disabled={l.busy || l.problems.some(Boolean)}
            onClick={() => void l.save()}
            data-testid="ent-labels-save"
          >
            Save labels
          </button>
        </>
      }
    >
      <LabelTable rows={l.rows} problems={l.problems} usage={l.usage} patch={l.patch} remove={l.remove} />
      <button type="button" className="button small" onClick={l.add} data-testid="ent-label-add">
        + Add label
      </button>
      <NestingRules nesting={l.nesting} setNesting={l.setNesting} names={l.names} />
      {l.error && (
        <div className="error-box" role="alert" data-testid="ent-labels-error">
          {l.error}
        </div>
      )}
    </Dialog>
  );
}
