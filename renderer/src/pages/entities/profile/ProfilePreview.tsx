/** The profile previewed on real users, with the problem when it does not render. */
import type { PreviewRecord } from '../../../../../preload/api-entities';
import { SourceLegend, SpanText } from '../../../components/entities/SpanText';

interface ProfilePreviewProps {
  preview: PreviewRecord[] | null;
  problem: string | null;
  limit: number;
  setLimit: (n: number) => void;
  colours: ReadonlyMap<string, string>;
}

export function ProfilePreview({ preview, problem, limit, setLimit, colours }: ProfilePreviewProps) {
  return (
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
  );
}
