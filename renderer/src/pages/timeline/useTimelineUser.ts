/** The user a timeline shows: who they are (features, dataset id) and the span of their interactions. */
import { useEffect, useState } from 'react';
import type { DatasetSummary, UserRow } from '../../../../preload/api';
import { call } from '../../client';
import { useReportError } from '../../errors';
import { hrefFor } from '../../route';

export interface Span {
  first: number | null;
  last: number | null;
}

export function useTimelineUser(dataset: DatasetSummary, userId: number) {
  const report = useReportError();
  const [user, setUser] = useState<UserRow | null | undefined>(undefined);
  const [span, setSpan] = useState<Span | null>(null);
  // Who the user is: their external id comes with any of their interactions; features from the users table.
  useEffect(() => {
    let alive = true;
    (async () => {
      const [firstPage, lastPage] = await Promise.all([
        call('rows.interactions', { datasetId: dataset.id, userId, offset: 0, limit: 1, sort: 'timestamp', dir: 'asc', filter: '' }),
        call('rows.interactions', { datasetId: dataset.id, userId, offset: 0, limit: 1, sort: 'timestamp', dir: 'desc', filter: '' }),
      ]);
      const first = firstPage.rows[0];
      if (!alive) return;
      setSpan({ first: first?.timestamp ?? null, last: lastPage.rows[0]?.timestamp ?? null });
      if (!first) {
        setUser(null);
        return;
      }
      const users = await call('rows.users', {
        datasetId: dataset.id,
        offset: 0,
        limit: 200,
        sort: 'extId',
        dir: 'asc',
        filter: first.userExt,
      });
      if (alive)
        setUser(
          users.rows.find((u) => u.id === userId) ?? { id: userId, extId: first.userExt, features: {}, interactions: firstPage.total },
        );
    })().catch((err: unknown) => {
      if (alive) setUser(null);
      report(err, 'Loading the user');
    });
    return () => {
      alive = false;
    };
  }, [dataset.id, userId, report]);

  // An older address (the studio's row id) is rewritten to the dataset's own user id, the one people read and share.
  useEffect(() => {
    if (!user) return;
    const href = hrefFor({ page: 'timeline', datasetId: dataset.id, userId: null, userExt: user.extId });
    if (window.location.hash !== href) window.history.replaceState(window.history.state, '', href);
  }, [user, dataset.id]);

  return { user, span };
}
