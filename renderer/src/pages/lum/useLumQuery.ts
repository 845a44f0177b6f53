/** The query panel's state: the users to pick from, the user and conditions picked, and the query's result. */
import { useEffect, useMemo, useState } from 'react';
import type { LumQueryResult, LumRun } from '../../../../preload/api-lum';
import { call } from '../../client';
import { useReportError } from '../../errors';
import type { LumFields } from './lumData';

export const MAX_CONDITIONS = 8;

export function useLumQuery(run: LumRun, fields: LumFields | null | undefined) {
  const report = useReportError();
  const field = run.resolved ? run.resolved.condition : undefined;
  // A run without condition tokens still takes conditions (they all read as one null token): offer the default field's.
  const shownField = field ?? fields?.defaultField ?? null;
  const values = useMemo(() => fields?.fields.find((f) => f.field === shownField)?.top.map((t) => t.value) ?? [], [fields, shownField]);
  const [user, setUser] = useState('');
  const [users, setUsers] = useState<{ extId: string; interactions: number }[]>([]);
  const [picked, setPicked] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<LumQueryResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    call('rows.users', { datasetId: run.datasetId, limit: 500, sort: 'interactions', dir: 'desc' }).then(
      (page) => {
        if (!alive) return;
        setUsers(page.rows.map((u) => ({ extId: u.extId, interactions: u.interactions })));
        setUser((u) => u || page.rows[0]?.extId || '');
      },
      (e: unknown) => report(e, 'Loading users'),
    );
    return () => {
      alive = false;
    };
  }, [run.datasetId, report]);
  useEffect(() => setPicked((p) => (p.length ? p.filter((v) => values.includes(v)) : values.slice(0, 3))), [values]);

  const toggle = (v: string): void =>
    setPicked((p) => (p.includes(v) ? p.filter((x) => x !== v) : p.length >= MAX_CONDITIONS ? p : [...p, v]));
  const go = async (): Promise<void> => {
    if (!user.trim() || picked.length === 0 || !shownField) return;
    setBusy(true);
    setError(null);
    try {
      setResult(
        await call('lum.query', { runId: run.id, users: [user.trim()], conditions: picked.map((v) => `${shownField}=${v}`), top: 10 }),
      );
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return { field, shownField, values, user, setUser, users, picked, toggle, busy, result, error, go };
}
