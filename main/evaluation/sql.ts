/** The evaluation feature's SQL: the baseline reports, one per dataset and seed (table `baseline_evals`). */
import type { Db } from '../db/connection';
import type { BaselineReport } from '../../preload/api-generation';

export class BaselineReportStore {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      get: db.prepare<[number, number], { report: string }>('SELECT report FROM baseline_evals WHERE dataset_id = ? AND seed = ?'),
      save: db.prepare<[number, number, string, string]>(
        'INSERT OR REPLACE INTO baseline_evals (dataset_id, seed, report, created_at) VALUES (?, ?, ?, ?)',
      ),
    };
  }

  get(datasetId: number, seed: number): BaselineReport | null {
    const r = this.s.get.get(datasetId, seed);
    return r ? (JSON.parse(r.report) as BaselineReport) : null;
  }

  save(report: BaselineReport): void {
    this.s.save.run(report.datasetId, report.seed, JSON.stringify(report), report.createdAt);
  }
}
