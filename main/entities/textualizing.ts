/** Textualization profiles: checking, saving and previewing them, and the textualize job in its worker. */
import { TextProfile, type PreviewRecord, type ProfileInfo, type TextualizeResult } from '../../preload/api-entities';
import { StudioError, workerFailure } from '../errors';
import { runWorkerJob } from '../jobs/spawn';
import { compileOrThrow } from './run';
import { codePointLength } from './spans';
import { effectiveProfile } from './profile';
import { templateFields, textualizeUser } from './textualize';
import type { TextualizeJobData, TextualizeWorkerMessage } from './textualize-worker';
import { EntityRoom } from './room';

export class Textualizing extends EntityRoom {
  profile(datasetId: number): ProfileInfo {
    this.deps.dataset(datasetId);
    return { datasetId, ...effectiveProfile(this.store, datasetId) };
  }

  /** Checks templates and their placeholders against the dataset's columns. */
  checkProfile(datasetId: number, profile: TextProfile): void {
    compileOrThrow(profile);
    const fields = this.store.fields(datasetId);
    const check = (what: string, template: string, allowed: readonly string[]): void => {
      for (const f of templateFields(template)) {
        if (!allowed.includes(f))
          throw new StudioError(
            'bad_input',
            `profile: the ${what} template uses {${f}}, which is not one of ${allowed.map((a) => `{${a}}`).join(' ')}`,
          );
      }
    };
    check('user', profile.user, ['id', ...fields.user]);
    check('item', profile.item, ['id', 'title', ...fields.item]);
    check('rating', profile.behaviour.ratingFormat, ['rating']);
    check('date', profile.behaviour.dateFormat, ['date']);
  }

  saveProfile(datasetId: number, profile: TextProfile): ProfileInfo {
    this.deps.dataset(datasetId);
    this.checkProfile(datasetId, profile);
    this.store.saveProfile(datasetId, profile, new Date().toISOString());
    return this.profile(datasetId);
  }

  preview(datasetId: number, profile: TextProfile, userIds: readonly number[] | undefined, limit: number): PreviewRecord[] {
    this.deps.dataset(datasetId);
    this.checkProfile(datasetId, profile);
    const compiled = compileOrThrow(profile);
    const users = this.store.someUsers(datasetId, userIds, limit);
    const items = this.store.items(datasetId);
    return users.map((u) => {
      const rec = textualizeUser(compiled, u, this.store.behaviours(u.id), items);
      return { userId: u.id, userExtId: u.extId, text: rec.text, length: codePointLength(rec.text), spans: rec.spans };
    });
  }

  /** Starts textualizing in a worker; conflicts and bad profiles are refused before the job starts. */
  startTextualize(datasetId: number, profile: TextProfile | undefined, force: boolean): string {
    const d = this.deps.dataset(datasetId);
    const chosen = profile ?? this.profile(datasetId).profile;
    this.checkProfile(datasetId, chosen);
    if (!force && this.store.humanWork(datasetId) > 0) {
      throw new StudioError('conflict', 'this dataset has human annotations or reviews; textualizing again would replace them (use force)');
    }
    const cancel = new SharedArrayBuffer(4);
    const data: TextualizeJobData = { dbFile: this.deps.dbFile, datasetId, profile: chosen, force, cancel };
    return this.deps.jobs.start<TextualizeResult>(
      'textualize',
      `textualize ${d.name}`,
      (report, signal) =>
        runWorkerJob<TextualizeWorkerMessage, TextualizeResult>(
          'entities/textualize-worker',
          data,
          signal,
          () => Atomics.store(new Int32Array(cancel), 0, 1),
          (m) => {
            if (m.type === 'progress') {
              report({ done: m.done, total: m.total, phase: m.phase });
              return undefined;
            }
            if (m.type === 'done') return { value: m.result as TextualizeResult };
            throw workerFailure(m.error);
          },
        ),
      () => this.changed(datasetId),
    );
  }
}
