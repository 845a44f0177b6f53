/** How the behaviour sequence reads: intro, separator, outro, how many, rating and date, windows, seed. */
import type { TextProfile } from '../../../../../preload/api-entities';
import { Field } from './Field';

type Behaviour = TextProfile['behaviour'];

const num = (v: string, fallback: number) => (v === '' || Number.isNaN(Number(v)) ? fallback : Number(v));

export function BehaviourFields({ b, setB }: { b: Behaviour; setB: (p: Partial<Behaviour>) => void }) {
  return (
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
        <input type="checkbox" checked={b.rating} onChange={(e) => setB({ rating: e.target.checked })} data-testid="ent-profile-rating" />{' '}
        rating after each item
      </label>
      <Field label="Rating format">
        <input value={b.ratingFormat} onChange={(e) => setB({ ratingFormat: e.target.value })} disabled={!b.rating} />
      </Field>
      <label className="checkbox small">
        <input type="checkbox" checked={b.date} onChange={(e) => setB({ date: e.target.checked })} data-testid="ent-profile-date" /> date
        after each item
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
  );
}
