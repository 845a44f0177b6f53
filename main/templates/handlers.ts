import type { Handlers } from '../handler-types';
import type { TemplateService } from './service';

type TemplateCall = Extract<keyof Handlers, `templates.${string}` | `examples.${string}`>;

/** The templates calls bound to the templates service; nothing else lives here. */
export function templateHandlers(studio: { templates: TemplateService }): Pick<Handlers, TemplateCall> {
  const { templates } = studio;
  return {
    'templates.list': ({ family }) => templates.list(family),
    'templates.get': ({ id }) => templates.get(id),
    'templates.save': ({ id, fields, author }) => templates.save(id, fields, author),
    'templates.revert': ({ id, version }) => templates.revert(id, version),
    'templates.delete': ({ id }) => ({ deleted: templates.delete(id) }),
    'templates.check': ({ fields }) => templates.check(fields),
    'templates.vocabulary': ({ family }) => templates.vocabulary(family),
    'templates.preview': ({ datasetId, source, split, index, seed }) => templates.preview(datasetId, source, split, index, seed),
    'templates.warnings': ({ datasetId, id, seed }) => templates.warnings(datasetId, id, seed),
    'templates.matrix': ({ datasetId, index, seed }) => templates.matrix(datasetId, index, seed),
    'templates.export': ({ ids }) => templates.export(ids),
    'templates.import': ({ yaml, mode, author }) => templates.import(yaml, mode, author),
    'templates.restoreBuiltin': () => templates.restoreBuiltin(),
    'examples.counts': ({ datasetId, families, seed }) => templates.counts(datasetId, families, seed),
  };
}
