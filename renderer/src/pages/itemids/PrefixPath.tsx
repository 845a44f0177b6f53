/** The prefix walked so far, each step a way back; and the codes of the next level, each a way down. */
import { fmtInt } from '../../format';
import { codeColor, codeToken, prefixText } from './prefix';

const MAX_CODES = 256;

export function PrefixPath({ prefix, onPrefix }: { prefix: readonly number[]; onPrefix: (p: number[]) => void }) {
  const level = prefix.length;
  return (
    <nav className="ids-path" aria-label="Code prefix">
      <button
        type="button"
        className={`link-button${level === 0 ? ' current' : ''}`}
        aria-current={level === 0 ? 'step' : undefined}
        data-testid="ids-path-root"
        onClick={() => onPrefix([])}
      >
        all items
      </button>
      {prefix.map((c, l) => (
        <span key={l} className="ids-path-step">
          <span aria-hidden="true">›</span>
          <button
            type="button"
            className={`link-button${l === level - 1 ? ' current' : ''}`}
            aria-current={l === level - 1 ? 'step' : undefined}
            data-testid="ids-path-step"
            onClick={() => onPrefix(prefix.slice(0, l + 1))}
          >
            <code>{codeToken(l, c)}</code>
          </button>
        </span>
      ))}
    </nav>
  );
}

interface LevelCodesProps {
  prefix: readonly number[];
  codes: readonly { code: number; items: number }[];
  depth: number;
  onPrefix: (p: number[]) => void;
}

export function LevelCodes({ prefix, codes, depth, onPrefix }: LevelCodesProps) {
  const level = prefix.length;
  const shownCodes = codes.slice(0, MAX_CODES);
  return (
    <div className="ids-level" data-testid="ids-level" data-level={level + 1}>
      <span className="field-label">
        Level {level + 1}
        {level + 1 <= depth ? ` of ${depth}` : ''}: {fmtInt(codes.length)} code{codes.length === 1 ? '' : 's'}
      </span>
      <div className="ids-codes">
        {shownCodes.map((c) => (
          <button
            type="button"
            key={c.code}
            className="ids-code"
            data-testid="ids-code"
            data-code={c.code}
            data-items={c.items}
            title={`${c.items} item${c.items === 1 ? '' : 's'} under ${prefixText(prefix)}${codeToken(level, c.code)}`}
            onClick={() => onPrefix([...prefix, c.code])}
          >
            {level === 0 && <span className="ids-swatch" style={{ background: codeColor(c.code) }} aria-hidden="true" />}
            <code>{codeToken(level, c.code)}</code>
            <span className="ids-code-count">{fmtInt(c.items)}</span>
          </button>
        ))}
        {codes.length > MAX_CODES && (
          <span className="muted ids-more">+{fmtInt(codes.length - MAX_CODES)} more: filter the list below by identifier</span>
        )}
      </div>
    </div>
  );
}
