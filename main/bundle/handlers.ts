import type { Handlers } from '../handler-types';
import type { BundleService } from './service';
import type { Staging } from '../staging';

type BundleCall = Extract<keyof Handlers, `bundles.${string}`>;

/** The bundles.* calls bound to the bundle service; nothing else lives here. */
export function bundleHandlers(studio: { bundles: BundleService; staging: Staging }): Pick<Handlers, BundleCall> {
  const { bundles, staging } = studio;
  return {
    'bundles.get': ({ runId }) => bundles.status(runId),
    'bundles.pytorch': ({ refresh }) => bundles.pytorch(refresh),
    'bundles.write': ({ runId, step, steps }) => ({ jobId: bundles.write(runId, { step, steps }).jobId }),
    'bundles.launch': async ({ runId, processes, steps }) => {
      const { launchId, jobId } = await bundles.launch(runId, { processes, steps });
      return { launchId, jobId };
    },
    'bundles.stop': ({ launchId }) => ({ stopping: bundles.stop(launchId) }),
    'bundles.metrics': ({ launchIds }) => bundles.metrics(launchIds),
    'bundles.importWeights': async ({ runId, file }) => {
      const path = file === undefined ? undefined : staging.resolve([file])[0];
      const imported = await bundles.importWeights(runId, path).done;
      if (file !== undefined) staging.release([file]);
      return imported;
    },
  };
}
