/** The profile being edited: loaded, previewed on real users as it changes (debounced), saved. */
import { useEffect, useState } from 'react';
import type { PreviewRecord, ProfileInfo, TextProfile } from '../../../../../preload/api-entities';
import { call, CallFailed } from '../../../client';
import { useReportError } from '../../../errors';
import { useDebounced } from '../../../hooks';

export function useProfile(datasetId: number) {
  const report = useReportError();
  const [info, setInfo] = useState<ProfileInfo | null>(null);
  const [profile, setProfile] = useState<TextProfile | null>(null);
  const [preview, setPreview] = useState<PreviewRecord[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [limit, setLimit] = useState(3);
  const debounced = useDebounced(profile, 300);

  useEffect(() => {
    call('entities.profiles.get', { datasetId }).then(
      (p) => {
        setInfo(p);
        setProfile(p.profile);
      },
      (e: unknown) => report(e, 'Loading the profile'),
    );
  }, [datasetId, report]);

  useEffect(() => {
    if (!debounced) return;
    let alive = true;
    call('entities.profiles.preview', { datasetId, profile: debounced, limit }).then(
      (r) => {
        if (!alive) return;
        setPreview(r.records);
        setProblem(null);
      },
      (e: unknown) =>
        alive && setProblem(e instanceof CallFailed ? `${e.message}${e.where?.field ? ` (${e.where.field})` : ''}` : String(e)),
    );
    return () => {
      alive = false;
    };
  }, [debounced, datasetId, limit]);

  const edit = (p: Partial<TextProfile>) => {
    if (!profile) return;
    setSaved(null);
    setProfile({ ...profile, ...p });
  };
  const save = async () => {
    if (!profile) return;
    try {
      const r = await call('entities.profiles.save', { datasetId, profile });
      setInfo(r);
      setSaved('Saved.');
    } catch (e) {
      report(e, 'Save profile');
    }
  };
  return { info, profile, preview, problem, saved, limit, setLimit, edit, save };
}
