/** The textualization profile with a live preview on real users, save, and re-textualize. */
import { useEffect, useState, type ReactNode } from 'react';
import type { PreviewRecord, ProfileInfo, TextProfile } from '../../../../preload/api-entities';
import { call, CallFailed } from '../../client';
import { Spinner } from '../../components/bits';
import { SourceLegend, SpanText } from '../../components/entities/SpanText';
import { useReportError } from '../../errors';
import { useDebounced } from '../../hooks';

type Behaviour = TextProfile['behaviour'];

export function ProfileView({
  datasetId,
  colours,
  onTextualize,
  running,
}: {
  datasetId: number;
  colours: ReadonlyMap<string, string>;
  onTextualize: (profile: TextProfile) => void;
  running: boolean;
}) {
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

  if (!profile || !info) return <Spinner />;

  const set = (p: Partial<TextProfile>) => {
    setSaved(null);
    setProfile({ ...profile, ...p });
  };
  const setB = (p: Partial<Behaviour>) => set({ behaviour: { ...profile.behaviour, ...p } });
  const b = profile.behaviour;
  const num = (v: string, fallback: number) => (v === '' || Number.isNaN(Number(v)) ? fallback : Number(v));

  const save = async () => {
    try {
      const r = await call('entities.profiles.save', { datasetId, profile });
      setInfo(r);
      setSaved('Saved.');
    } catch (e) {
      report(e, 'Save profile');
    }
  };

  return (
    <div className="ent-profile" data-testid="ent-profile">
      <form className="ent-profile-form card" onSubmit={(e) => e.preventDefault()}>
        <Field label="User template" hint={<>Placeholders: {['id', ...info.fields.user].map((f) => `{${f}}`).join(' ')}</>}>
          <textarea
            rows={3}
            value={profile.user}
            onChange={(e) => set({ user: e.target.value })}
            data-testid="ent-profile-user"
            maxLength={2000}
          />
        </Field>
        <Field
          label="Item template (inside the behaviour sequence)"
          hint={<>Placeholders: {['id', 'title', ...info.fields.item].map((f) => `{${f}}`).join(' ')}</>}
        >
          <input value={profile.item} onChange={(e) => set({ item: e.target.value })} data-testid="ent-profile-item" maxLength={1000} />
        </Field>
        <div className="ent-profile-grid">
          <Field label="Sequence intro">
            <input value={b.intro} onChange={(e) => setB({ intro: e.target.value })} data-testid="ent-profile-intro" />
          </Field>
          <Field label="Separator">
            <input value={b.separator} onChange={(e) => setB({ separator: e.target.value })} />
          </Field>
          <Field label="Outro">
            <input value={b.outro} onChange={(e) => setB({ outro: e.target.value })} />
          </Field>
          <Field label="Max behaviours">
            <input
              type="number"
              min={0}
              max={1000}
              value={b.maxBehaviours}
              onChange={(e) => setB({ maxBehaviours: num(e.target.value, 20) })}
              data-testid="ent-profile-max"
            />
          </Field>
          <label className="checkbox small">
            <input
              type="checkbox"
              checked={b.rating}
              onChange={(e) => setB({ rating: e.target.checked })}
              data-testid="ent-profile-rating"
            />{' '}
            rating after each item
          </label>
          <Field label="Rating format">
            <input value={b.ratingFormat} onChange={(e) => setB({ ratingFormat: e.target.value })} disabled={!b.rating} />
          </Field>
          <label className="checkbox small">
            <input type="checkbox" checked={b.date} onChange={(e) => setB({ date: e.target.checked })} data-testid="ent-profile-date" />{' '}
            date after each item
          </label>
          <Field label="Date format">
            <input value={b.dateFormat} onChange={(e) => setB({ dateFormat: e.target.value })} disabled={!b.date} />
          </Field>
          <Field label="Windows long / medium / short" hint="shares of the sampled behaviours (RecSysLLM: 10/30/60 %)">
            <span className="ent-inline">
              {(['long', 'medium', 'short'] as const).map((w) => (
                <input
                  key={w}
                  type="number"
                  min={0}
                  max={1}
                  step={0.05}
                  value={b.windows[w]}
                  aria-label={`${w} window share`}
                  onChange={(e) => setB({ windows: { ...b.windows, [w]: num(e.target.value, 0) } })}
                />
              ))}
            </span>
          </Field>
          <Field label="Short / medium window (days)">
            <span className="ent-inline">
              <input
                type="number"
                min={1}
                value={b.shortDays}
                aria-label="short window days"
                onChange={(e) => setB({ shortDays: num(e.target.value, 7) })}
              />
              <input
                type="number"
                min={1}
                value={b.mediumDays}
                aria-label="medium window days"
                onChange={(e) => setB({ mediumDays: num(e.target.value, 90) })}
              />
            </span>
          </Field>
          <Field label="Sampling seed">
            <input type="number" min={0} value={b.seed} onChange={(e) => setB({ seed: Math.max(0, Math.floor(num(e.target.value, 1))) })} />
          </Field>
        </div>
        <div className="ent-profile-actions">
          <button type="button" className="button" onClick={() => void save()} disabled={Boolean(problem)} data-testid="ent-profile-save">
            Save profile
          </button>
          <button
            type="button"
            className="button primary"
            onClick={() => onTextualize(profile)}
            disabled={Boolean(problem) || running}
            data-testid="ent-profile-textualize"
            title="Saves this profile and textualizes every user with it"
          >
            Save &amp; re-textualize
          </button>
          <span className="muted small">
            {saved ?? (info.saved ? 'a saved profile' : 'derived from the dataset’s columns (not saved yet)')}
          </span>
        </div>
      </form>
      <div className="ent-preview card" data-testid="ent-profile-preview">
        <div className="ent-preview-head">
          <h3>Preview on real users</h3>
          <select value={limit} onChange={(e) => setLimit(Number(e.target.value))} aria-label="Users to preview">
            {[3, 5, 10].map((n) => (
              <option key={n} value={n}>
                {n} users
              </option>
            ))}
          </select>
        </div>
        {problem && (
          <div className="error-box" role="alert" data-testid="ent-profile-problem">
            {problem}
          </div>
        )}
        {preview?.map((r) => (
          <div key={r.userId} className="ent-preview-record">
            <div className="muted small">
              user {r.userExtId} · {r.length} characters · {r.spans.length} spans
            </div>
            <SpanText text={r.text} spans={r.spans} colours={colours} testid="ent-preview-text" />
          </div>
        ))}
        <SourceLegend />
      </div>
    </div>
  );
}

function Field({ label, hint, children }: { label: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      {children}
      {hint && <span className="hint">{hint}</span>}
    </label>
  );
}
