/**
 * Entities addresses name a record by its user's id in the dataset (`entities/user/u1`), the id a person reads; the
 * studio's record ids stay inside. An older address by record id still opens, and is rewritten once the user is known.
 */
import { useEffect, useState } from 'react';
import { call } from '../../client';
import { useReportError } from '../../errors';
import { hrefFor, type Route } from '../../route';

type RecordView = 'annotate' | 'agreement';

/** What the page has seen (list rows, opened records), both ways, so most links are written by user id straight away. */
const userOfRecord = new Map<string, string>();
const recordOfUser = new Map<string, number>();
const recordKey = (datasetId: number, recordId: number): string => `${datasetId}:${recordId}`;
const userKey = (datasetId: number, user: string): string => `${datasetId}\u0000${user}`;

export function rememberRecord(datasetId: number, recordId: number, user: string): void {
  userOfRecord.set(recordKey(datasetId, recordId), user);
  recordOfUser.set(userKey(datasetId, user), recordId);
}

/** The address of a record: by its user's id when known, else by record id (which the page then rewrites). */
export function recordRoute(datasetId: number, view: RecordView, recordId: number | null): Route {
  const user = recordId === null ? undefined : userOfRecord.get(recordKey(datasetId, recordId));
  return user === undefined ? { page: 'entities', datasetId, view, recordId } : { page: 'entities', datasetId, view, recordId, user };
}

export const recordHref = (datasetId: number, view: RecordView, recordId: number | null): string =>
  hrefFor(recordRoute(datasetId, view, recordId));

/** A record as the address names it: resolved to its record id; `pending` while a user id is looked up. */
export interface RecordAddress {
  recordId: number | null;
  pending: boolean;
  /** The user id the address named when the dataset has no record for it. */
  missing: string | null;
}

/** Resolves `entities/user/<id>` to the record, and rewrites an address by record id to one by user id. */
export function useRecordAddress(datasetId: number, view: RecordView, recordId: number | null, user: string | undefined): RecordAddress {
  const report = useReportError();
  const known = user === undefined ? undefined : recordOfUser.get(userKey(datasetId, user));
  const [found, setFound] = useState<{ user: string; recordId: number | null } | null>(null);

  useEffect(() => {
    if (user === undefined || known !== undefined) return;
    let alive = true;
    call('entities.records.list', { datasetId, limit: 1, filter: { status: 'any', user } }).then(
      (r) => {
        const row = r.rows[0];
        if (row) rememberRecord(datasetId, row.id, row.userExtId);
        if (alive) setFound({ user, recordId: row?.id ?? null });
      },
      (e: unknown) => report(e, `Finding the record of user ${user}`),
    );
    return () => {
      alive = false;
    };
  }, [datasetId, user, known, report]);

  useEffect(() => {
    if (user !== undefined || recordId === null) return;
    let alive = true;
    const old = hrefFor({ page: 'entities', datasetId, view, recordId });
    const rewrite = (ext: string): void => {
      rememberRecord(datasetId, recordId, ext);
      if (alive && window.location.hash === old) window.location.replace(hrefFor(recordRoute(datasetId, view, recordId)));
    };
    const cached = userOfRecord.get(recordKey(datasetId, recordId));
    if (cached !== undefined) rewrite(cached);
    // A record that does not exist is said by the view that opens it; nothing to rewrite then.
    else
      call('entities.records.get', { recordId }).then(
        (d) => d.datasetId === datasetId && rewrite(d.userExtId),
        () => undefined,
      );
    return () => {
      alive = false;
    };
  }, [datasetId, view, recordId, user]);

  if (user === undefined) return { recordId, pending: false, missing: null };
  if (known !== undefined) return { recordId: known, pending: false, missing: null };
  if (found?.user !== user) return { recordId: null, pending: true, missing: null };
  return { recordId: found.recordId, pending: false, missing: found.recordId === null ? user : null };
}
