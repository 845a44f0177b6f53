/** A dataset's rows and textualized records, read from the workspace into the builder's in-memory form. */
import type { Db } from '../db/connection';
import { EntityStore } from '../entities/sql';
import { prepareData, type ExampleData } from './data';
import { Rich } from './lang/index';
import { readDatasetRows } from './sql';

export function loadExampleData(db: Db, datasetId: number, datasetName: string): ExampleData {
  const rows = readDatasetRows(db, datasetId);
  const profiles = new Map<number, Rich>();
  for (const [userId, r] of new EntityStore(db).trainingRecords(datasetId)) {
    profiles.set(
      userId,
      new Rich(
        r.text,
        r.spans.map((s) => ({ start: s.start, end: s.end, label: s.label, ref: s.ref })),
      ),
    );
  }
  return prepareData({ datasetName, users: rows.users, items: rows.items, sequences: rows.sequences, profiles });
}
