/**
 * The entities feature's service: the entities calls, each answered by the room that holds it (textualizing,
 * annotation, label sets, pre-annotation, reports, span transfer); this class only assembles them.
 */
import type { EntitiesChanged } from '../../preload/api-entities';
import { Annotation } from './annotation';
import { EntityReports } from './reports';
import { LabelSets } from './label-sets';
import { Preannotation } from './preannotation';
import { SpanTransfer } from './span-transfer';
import { Textualizing } from './textualizing';
import type { EntityServiceDeps } from './room';
import { EntityStore } from './sql';

export type { EntityServiceDeps } from './room';

export class EntityService {
  readonly store: EntityStore;
  readonly profile: Textualizing['profile'];
  readonly checkProfile: Textualizing['checkProfile'];
  readonly saveProfile: Textualizing['saveProfile'];
  readonly preview: Textualizing['preview'];
  readonly startTextualize: Textualizing['startTextualize'];
  readonly list: Annotation['list'];
  readonly get: Annotation['get'];
  readonly rules: Annotation['rules'];
  readonly refreshStatus: Annotation['refreshStatus'];
  readonly saveSpans: Annotation['saveSpans'];
  readonly review: Annotation['review'];
  readonly adjudicate: Annotation['adjudicate'];
  readonly maskPreview: Annotation['maskPreview'];
  readonly trainingRecords: Annotation['trainingRecords'];
  readonly labels: LabelSets['labels'];
  readonly saveLabels: LabelSets['saveLabels'];
  readonly deleteLabel: LabelSets['deleteLabel'];
  readonly preannotate: Preannotation['preannotate'];
  readonly agreement: EntityReports['agreement'];
  readonly stats: EntityReports['stats'];
  readonly exportPlan: SpanTransfer['exportPlan'];
  readonly export: SpanTransfer['export'];
  readonly importFile: SpanTransfer['importFile'];
  readonly importText: SpanTransfer['importText'];

  constructor(private readonly deps: EntityServiceDeps) {
    this.store = new EntityStore(deps.db);
    const annotation = new Annotation(deps, this.store);
    const textualizing = new Textualizing(deps, this.store);
    const labelSets = new LabelSets(deps, this.store, annotation);
    const preannotation = new Preannotation(deps, this.store, annotation);
    const entityReports = new EntityReports(deps, this.store);
    const spanTransfer = new SpanTransfer(deps, this.store, annotation);
    this.profile = textualizing.profile.bind(textualizing);
    this.checkProfile = textualizing.checkProfile.bind(textualizing);
    this.saveProfile = textualizing.saveProfile.bind(textualizing);
    this.preview = textualizing.preview.bind(textualizing);
    this.startTextualize = textualizing.startTextualize.bind(textualizing);
    this.list = annotation.list.bind(annotation);
    this.get = annotation.get.bind(annotation);
    this.rules = annotation.rules.bind(annotation);
    this.refreshStatus = annotation.refreshStatus.bind(annotation);
    this.saveSpans = annotation.saveSpans.bind(annotation);
    this.review = annotation.review.bind(annotation);
    this.adjudicate = annotation.adjudicate.bind(annotation);
    this.maskPreview = annotation.maskPreview.bind(annotation);
    this.trainingRecords = annotation.trainingRecords.bind(annotation);
    this.labels = labelSets.labels.bind(labelSets);
    this.saveLabels = labelSets.saveLabels.bind(labelSets);
    this.deleteLabel = labelSets.deleteLabel.bind(labelSets);
    this.preannotate = preannotation.preannotate.bind(preannotation);
    this.agreement = entityReports.agreement.bind(entityReports);
    this.stats = entityReports.stats.bind(entityReports);
    this.exportPlan = spanTransfer.exportPlan.bind(spanTransfer);
    this.export = spanTransfer.export.bind(spanTransfer);
    this.importFile = spanTransfer.importFile.bind(spanTransfer);
    this.importText = spanTransfer.importText.bind(spanTransfer);
  }

  /** Calls `listener` on each `entities.changed` event (the contract's payload); returns the unsubscribe. */
  onChanged(listener: (e: EntitiesChanged) => void): () => void {
    return this.deps.events.on('entities.changed', listener);
  }
}
