import type { Handlers } from './handler-types';
import { StudioError } from './errors';
import type { Studio } from './studio';
import { entityHandlers } from './entities/handlers';
import { templateHandlers } from './templates/handlers';
import { trainingHandlers } from './training/handlers';
import { generationHandlers } from './generation/handlers';
import { evaluationHandlers } from './evaluation/handlers';
import { reviewHandlers } from './review/handlers';
import { itemIdHandlers } from './itemids/handlers';
import { lumHandlers } from './lum/handlers';
import { bundleHandlers } from './bundle/handlers';

/**
 * Binds every call of the contract to the services; transports only validate and forward. Every call is repeated
 * (without blocking the thread) while another studio process holds the workspace's write lock, and answers `busy`
 * if the lock stays taken.
 */
export function buildHandlers(studio: Studio, pickFiles?: () => Promise<string[]>): Handlers {
  const handlers = bindHandlers(studio, pickFiles);
  const retried: Record<string, (args: unknown) => unknown> = {};
  for (const [name, handler] of Object.entries(handlers) as [string, (args: unknown) => unknown][])
    retried[name] = (args) => studio.retryBusy(() => handler(args));
  return retried as Handlers;
}

function bindHandlers(studio: Studio, pickFiles?: () => Promise<string[]>): Handlers {
  const { datasets, jobs, staging, events, baselines } = studio;
  const changed = (): void => events.emit('datasets.changed', {});
  return {
    'app.info': () => studio.info(Boolean(pickFiles)),
    'datasets.list': () => datasets.list(),
    'datasets.get': ({ id }) => datasets.get(id),
    'datasets.rename': ({ id, name }) => {
      const d = datasets.rename(id, name);
      changed();
      return d;
    },
    'datasets.delete': ({ id }) => {
      const deleted = datasets.remove(id);
      changed();
      return { deleted };
    },
    'datasets.split': ({ id }) => {
      const s = datasets.split(id);
      changed();
      return s;
    },
    'datasets.stats': ({ id }) => datasets.stats(id),
    'datasets.skipped': ({ id, offset, limit }) => datasets.store.skipped(datasets.get(id).id, offset, limit),
    'rows.users': (q) => datasets.page('users', q),
    'rows.items': (q) => datasets.page('items', q),
    'rows.interactions': (q) => datasets.page('interactions', q),
    'files.pick': async () => {
      if (!pickFiles) throw new StudioError('bad_input', 'no file dialog in serve mode: upload the files instead');
      return (await pickFiles()).map((p) => staging.addPicked(p));
    },
    'import.preview': ({ files, format, map }) => studio.previewImport(staging.resolve(files), format, map),
    'import.start': ({ files, format, name, map, skipInvalid, ratingRange }) => {
      const paths = staging.resolve(files);
      const jobId = studio.startImport(
        { files: paths, format, ...(name ? { name } : {}), map, skipInvalid, ...(ratingRange ? { ratingRange } : {}) },
        // Staged files stay after a failed import, so the user can fix a setting and retry.
        () => staging.release(files),
      );
      return { jobId };
    },
    'baselines.list': ({ datasetId }) => baselines.list(datasetId),
    'baselines.start': (req) => baselines.start(req),
    'baselines.delete': ({ id }) => ({ deleted: baselines.remove(id) }),
    'jobs.list': () => jobs.list(),
    'jobs.cancel': ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    ...entityHandlers(studio),
    ...templateHandlers(studio),
    ...trainingHandlers(studio),
    ...generationHandlers(studio),
    ...evaluationHandlers(studio),
    ...reviewHandlers(studio),
    ...itemIdHandlers(studio),
    ...lumHandlers(studio),
    ...bundleHandlers(studio),
  };
}
