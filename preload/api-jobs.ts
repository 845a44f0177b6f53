/**
 * What every kind of long job shares in the contract: which studio process owns a running one. Several studio
 * processes may share a workspace (a window, `studio serve`, a CLI command), so a running run, generation set,
 * baseline fit or identifier build says whose it is. Imported by api.ts and the feature parts alike.
 */
import { z } from 'zod';

export const JobOwner = z.object({
  pid: z.number(),
  host: z.string(),
  /** What the process is: `studio serve`, `studio train`, `desktop window`. */
  process: z.string(),
  /** When it took the job (ISO time). */
  since: z.string(),
  /** The process answering this call owns it (stop and cancel act at once; others stop at their next step). */
  self: z.boolean(),
});
export type JobOwner = z.infer<typeof JobOwner>;
