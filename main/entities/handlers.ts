import type { Handlers } from '../handler-types';
import type { EntityService } from './service';
import type { Staging } from '../staging';

type EntityCall = Extract<keyof Handlers, `entities.${string}`>;

/** The entities calls bound to the entities service; nothing else lives here. */
export function entityHandlers(studio: { entities: EntityService; staging: Staging }): Pick<Handlers, EntityCall> {
  const { entities, staging } = studio;
  return {
    'entities.profiles.get': ({ datasetId }) => entities.profile(datasetId),
    'entities.profiles.save': ({ datasetId, profile }) => entities.saveProfile(datasetId, profile),
    'entities.profiles.preview': ({ datasetId, profile, userIds, limit }) => ({
      records: entities.preview(datasetId, profile, userIds, limit),
    }),
    'entities.textualize': ({ datasetId, profile, force }) => ({ jobId: entities.startTextualize(datasetId, profile, force) }),
    'entities.records.list': (q) => entities.list(q),
    'entities.records.get': ({ recordId, annotator }) => entities.get(recordId, annotator),
    'entities.spans.save': ({ recordId, annotator, spans }) => entities.saveSpans(recordId, annotator, spans),
    'entities.records.review': ({ recordId, annotator, decision }) => entities.review(recordId, annotator, decision),
    'entities.labels.list': ({ datasetId }) => entities.labels(datasetId),
    'entities.labels.save': ({ datasetId, name, labels, nesting }) => entities.saveLabels(datasetId, name, labels, nesting),
    'entities.labels.delete': ({ datasetId, label, deleteSpans }) => entities.deleteLabel(datasetId, label, deleteSpans),
    'entities.preannotate': ({ datasetId, patterns, catalog }) => {
      try {
        return entities.preannotate(datasetId, patterns, catalog);
      } finally {
        if (patterns !== undefined) staging.release([patterns]);
      }
    },
    'entities.agreement': ({ datasetId, annotators }) => entities.agreement(datasetId, annotators),
    'entities.adjudicate': ({ recordId, adjudicator, spans }) => entities.adjudicate(recordId, adjudicator, spans),
    'entities.maskPreview': ({ recordId, annotator, seed, ratio }) => entities.maskPreview(recordId, annotator, seed, ratio),
    'entities.exportPlan': ({ datasetId, spans, annotator }) => entities.exportPlan(datasetId, spans, annotator),
    'entities.export': ({ datasetId, format, spans, annotator }) => entities.export(datasetId, format, spans, annotator),
    'entities.import': ({ datasetId, format, file, annotator, addLabels }) => {
      try {
        return entities.importFile(datasetId, format, file, annotator, addLabels);
      } finally {
        staging.release([file]);
      }
    },
    'entities.stats': ({ datasetId }) => entities.stats(datasetId),
  };
}
