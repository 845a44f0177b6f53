/** Smaller parts of the Entities page: its view tabs, the empty state that textualizes, the re-textualize warning, the tools. */
import type { DatasetSummary } from '../../../../preload/api';
import type { EntityStats, TextProfile } from '../../../../preload/api-entities';
import { EmptyState, JobProgress } from '../../components/bits';
import type { JobState } from '../../jobs';
import { Dialog } from '../../components/Dialog';
import { fmtInt } from '../../format';
import { hrefFor, type EntitiesView } from '../../route';
import type { Tool } from './EntitiesHeader';
import { recordHref } from './recordAddress';
import { LabelsDialog } from './LabelsDialog';
import type { useAnnotator, useLabelSet } from './shared';
import { ExportDialog, ImportDialog, PreannotateDialog } from './ToolsDialogs';

export function EntitiesTabs({ datasetId, view, recordId }: { datasetId: number; view: EntitiesView; recordId: number | null }) {
  return (
    <nav className="ent-tabs" aria-label="Entities views">
      {(['annotate', 'profile', 'agreement'] as const).map((v) => (
        <a
          key={v}
          href={
            v === 'profile'
              ? hrefFor({ page: 'entities', datasetId, view: v, recordId: null })
              : recordHref(datasetId, v, v === 'annotate' && view === 'annotate' ? recordId : null)
          }
          className={`ent-tab${view === v ? ' current' : ''}`}
          aria-current={view === v ? 'page' : undefined}
          data-testid={`ent-tab-${v}`}
        >
          {v === 'annotate' ? 'Annotate' : v === 'profile' ? 'Profile & textualize' : 'Agreement'}
        </a>
      ))}
    </nav>
  );
}

export function TextualizeEmpty({
  dataset,
  running,
  onTextualize,
}: {
  dataset: DatasetSummary;
  running: boolean;
  onTextualize: () => void;
}) {
  const datasetId = dataset.id;
  return (
    <EmptyState title="No text records yet" testid="ent-empty">
      <p>
        Textualizing turns every user of <strong>{dataset.name}</strong> into a sentence of their features and recent items. Every inserted
        value becomes an entity span (AGE, CITY, ITEM, …) that curators check here. Adjust how records read in{' '}
        <a href={hrefFor({ page: 'entities', datasetId, view: 'profile', recordId: null })}>Profile</a>, or start with the profile derived
        from the dataset’s columns.
      </p>
      <button type="button" className="button primary" onClick={onTextualize} disabled={running} data-testid="ent-textualize">
        Textualize {fmtInt(dataset.users)} users
      </button>
    </EmptyState>
  );
}

export interface Conflict {
  message: string;
  profile?: TextProfile;
}

export function TextualizeConflict({ conflict, onClose, onForce }: { conflict: Conflict; onClose: () => void; onForce: () => void }) {
  return (
    <Dialog
      title="Replace the annotations?"
      onClose={onClose}
      testid="ent-textualize-conflict"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Keep them
          </button>
          <button type="button" className="button danger-solid" data-testid="ent-textualize-force" onClick={onForce}>
            Textualize again
          </button>
        </>
      }
    >
      <p>{conflict.message}.</p>
      <p>
        Textualizing again rewrites every record; curators’ spans, reviews and adjudications on this dataset are lost. Export them first if
        you need them.
      </p>
    </Dialog>
  );
}

interface EntityToolsProps {
  tool: Tool;
  datasetId: number;
  labels: ReturnType<typeof useLabelSet>;
  annotator: ReturnType<typeof useAnnotator>;
  stats: EntityStats | null;
  onClose: () => void;
}

export function EntityTools({ tool, datasetId, labels, annotator, stats, onClose }: EntityToolsProps) {
  return (
    <>
      {tool === 'labels' && <LabelsDialog datasetId={datasetId} set={labels.set} onClose={onClose} onSaved={labels.reload} />}
      {tool === 'preannotate' && <PreannotateDialog datasetId={datasetId} onClose={onClose} />}
      {tool === 'export' && (
        <ExportDialog
          datasetId={datasetId}
          annotator={annotator.valid}
          annotators={stats?.annotators.map((a) => a.annotator) ?? []}
          onClose={onClose}
        />
      )}
      {tool === 'import' && <ImportDialog datasetId={datasetId} annotator={annotator.valid} onClose={onClose} />}
    </>
  );
}

/** A textualize job's progress while it runs, and why it failed if it did. */
export function TextualizeStatus({ job }: { job: JobState | undefined }) {
  return (
    <>
      {job && !job.finished && (
        <div data-testid="ent-textualize-progress">
          <JobProgress info={job.info} />
        </div>
      )}
      {job?.finished && !job.finished.ok && !job.finished.cancelled && (
        <div className="error-box" data-testid="ent-textualize-error">
          Textualizing failed{job.finished.error ? `: ${job.finished.error}` : ''}
        </div>
      )}
    </>
  );
}
