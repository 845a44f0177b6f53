/** The record as tokens: entities underlined, the units a sample would mask struck, multi-token units marked at their start. */
import type { MaskPreview } from '../../../../preload/api-entities';

export function MaskTokens({ preview }: { preview: MaskPreview }) {
  const masked = new Set(preview.masked ?? []);
  const groupOf = new Map<number, number>();
  preview.groups.forEach((g, gi) => {
    for (let t = g.tokenStart; t < g.tokenEnd; t++) groupOf.set(t, gi);
  });

  return (
    <div className="ent-tokens" data-testid="ent-mask-tokens">
      {preview.tokens.map((t, i) => {
        const g = groupOf.get(i);
        const isMasked = g !== undefined && masked.has(g);
        const grp = g !== undefined ? preview.groups[g] : undefined;
        const first = grp?.tokenStart === i;
        return (
          <span
            key={i}
            className={`ent-token${t.entity !== null ? ' ent-token-entity' : ''}${isMasked ? ' ent-token-masked' : ''}${first && grp && grp.tokenEnd - grp.tokenStart > 1 ? ' ent-token-group-start' : ''}`}
            title={t.entity !== null ? `${preview.entities[t.entity]?.label ?? ''} (entity ${t.entity})` : `token ${i}`}
          >
            {t.text}
          </span>
        );
      })}
    </div>
  );
}
