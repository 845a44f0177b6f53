/** Who and what to query: a user of the dataset (the most active offered), and up to eight conditions. */
import { MAX_CONDITIONS, type useLumQuery } from './useLumQuery';

export function QueryForm({ q }: { q: ReturnType<typeof useLumQuery> }) {
  const { user, setUser, users, shownField, picked, values, toggle, busy, go } = q;
  return (
    <form
      className="lum-query-form"
      onSubmit={(e) => {
        e.preventDefault();
        void go();
      }}
    >
      <label className="field">
        <span className="field-label">User</span>
        <input
          list="lum-users"
          value={user}
          onChange={(e) => setUser(e.target.value)}
          data-testid="lum-query-user"
          placeholder="a user id of the dataset"
        />
        <datalist id="lum-users">
          {users.map((x) => (
            <option key={x.extId} value={x.extId}>
              {x.interactions} interactions
            </option>
          ))}
        </datalist>
      </label>
      <div className="field lum-conditions">
        <span className="field-label">
          Conditions on {shownField ?? '—'}{' '}
          <span className="muted">
            ({picked.length} of at most {MAX_CONDITIONS})
          </span>
        </span>
        <div className="lum-chips" role="group" aria-label="Conditions">
          {values.map((v) => (
            <button
              type="button"
              key={v}
              className={`chip lum-chip${picked.includes(v) ? ' on' : ''}`}
              aria-pressed={picked.includes(v)}
              data-testid="lum-condition-chip"
              onClick={() => toggle(v)}
            >
              {v}
            </button>
          ))}
        </div>
      </div>
      <button type="submit" className="button primary" disabled={busy || !user.trim() || picked.length === 0} data-testid="lum-query-run">
        {busy ? 'Querying…' : 'Query'}
      </button>
    </form>
  );
}
