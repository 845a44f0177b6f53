/** A dataset's label set: saving it (names, hotkeys, nesting rules) and deleting a label with or without its spans. */
import type { LabelDef, LabelSet, Nesting } from '../../preload/api-entities';
import { notFound, StudioError } from '../errors';
import { RecordRoom } from './room';

export class LabelSets extends RecordRoom {
  labels(datasetId: number): LabelSet[] {
    this.deps.dataset(datasetId);
    const set = this.store.labelSet(datasetId);
    if (!set) return [];
    return [
      { id: set.set.id, datasetId, name: set.set.name, labels: set.labels, nesting: set.nesting, usage: this.store.usage(datasetId) },
    ];
  }

  saveLabels(datasetId: number, name: string, labels: readonly LabelDef[], nesting: Nesting): LabelSet {
    this.deps.dataset(datasetId);
    const names = new Set<string>();
    const hotkeys = new Map<number, string>();
    for (const l of labels) {
      if (names.has(l.name)) throw new StudioError('bad_input', `label ${l.name} is listed twice`);
      names.add(l.name);
      if (l.hotkey !== null) {
        const other = hotkeys.get(l.hotkey);
        if (other) throw new StudioError('bad_input', `hotkey ${l.hotkey} is given to both ${other} and ${l.name}`);
        hotkeys.set(l.hotkey, l.name);
      }
    }
    for (const r of nesting.rules) {
      for (const l of [r.outer, r.inner])
        if (!names.has(l)) throw new StudioError('bad_input', `nesting rule ${r.outer} ⊃ ${r.inner} names unknown label ${l}`);
    }
    const usage = this.store.usage(datasetId);
    const dropped = Object.keys(usage).filter((l) => !names.has(l) && (usage[l] ?? 0) > 0);
    if (dropped.length > 0)
      throw new StudioError(
        'conflict',
        `labels still used by spans cannot be left out: ${dropped.join(', ')} (delete them with their spans instead)`,
      );
    this.store.saveLabelSet(datasetId, name, labels, nesting);
    this.changed(datasetId);
    return this.labels(datasetId)[0]!;
  }

  deleteLabel(datasetId: number, label: string, deleteSpans: boolean): LabelSet {
    this.deps.dataset(datasetId);
    const set = this.store.labelSet(datasetId);
    if (!set || !set.labels.some((l) => l.name === label)) throw notFound(`label ${label}`);
    const used = this.store.usage(datasetId)[label] ?? 0;
    if (used > 0 && !deleteSpans)
      throw new StudioError('conflict', `label ${label} is used by ${used} spans (delete them too, or relabel them first)`);
    const nesting: Nesting = { ...set.nesting, rules: set.nesting.rules.filter((r) => r.outer !== label && r.inner !== label) };
    this.deps.db.transaction(() => {
      if (used > 0) this.store.deleteLabelSpans(datasetId, label);
      this.store.saveLabelSet(
        datasetId,
        set.set.name,
        set.labels.filter((l) => l.name !== label),
        nesting,
      );
      if (used > 0) for (const id of this.store.recordIds(datasetId)) this.records.refreshStatus(id);
    })();
    this.changed(datasetId);
    return this.labels(datasetId)[0]!;
  }
}
