/** The textualization profile with a live preview on real users, save, and re-textualize. */
import type { TextProfile } from '../../../../preload/api-entities';
import { Spinner } from '../../components/bits';
import { BehaviourFields } from './profile/BehaviourFields';
import { Field } from './profile/Field';
import { ProfilePreview } from './profile/ProfilePreview';
import { useProfile } from './profile/useProfile';

type Behaviour = TextProfile['behaviour'];

interface ProfileViewProps {
  datasetId: number;
  colours: ReadonlyMap<string, string>;
  onTextualize: (profile: TextProfile) => void;
  running: boolean;
}

export function ProfileView({ datasetId, colours, onTextualize, running }: ProfileViewProps) {
  const { info, profile, preview, problem, saved, limit, setLimit, edit: set, save } = useProfile(datasetId);
  if (!profile || !info) return <Spinner />;
  const setB = (p: Partial<Behaviour>) => set({ behaviour: { ...profile.behaviour, ...p } });

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
        <BehaviourFields b={profile.behaviour} setB={setB} />
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
      <ProfilePreview preview={preview} problem={problem} limit={limit} setLimit={setLimit} colours={colours} />
    </div>
  );
}
