/** The jobs room's SQL: which studio process owns each running job. */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/connection';

export interface OwnerRow {
  kind: string;
  ref: number;
  pid: number;
  host: string;
  process: string;
  lock: string;
  since: string;
}

export class JobOwnerStore {
  private readonly s: Record<'claim' | 'release' | 'drop' | 'forKind' | 'one', Statement>;

  constructor(db: Db) {
    this.s = {
      claim: db.prepare(
        'INSERT OR REPLACE INTO job_owners (kind, ref, pid, host, process, lock, since) VALUES (@kind, @ref, @pid, @host, @process, @lock, @since)',
      ),
      release: db.prepare('DELETE FROM job_owners WHERE kind = ? AND ref = ? AND lock = ?'),
      drop: db.prepare('DELETE FROM job_owners WHERE kind = ? AND ref = ?'),
      forKind: db.prepare('SELECT * FROM job_owners WHERE kind = ?'),
      one: db.prepare('SELECT * FROM job_owners WHERE kind = ? AND ref = ?'),
    };
  }

  claim(row: OwnerRow): void {
    this.s.claim.run(row);
  }

  /** Forgets an owner, but only the given one: a job another process took over since keeps its new owner. */
  release(kind: string, ref: number, lock: string): void {
    this.s.release.run(kind, ref, lock);
  }

  drop(kind: string, ref: number): void {
    this.s.drop.run(kind, ref);
  }

  forKind(kind: string): OwnerRow[] {
    return this.s.forKind.all(kind) as OwnerRow[];
  }

  one(kind: string, ref: number): OwnerRow | undefined {
    return this.s.one.get(kind, ref) as OwnerRow | undefined;
  }
}
