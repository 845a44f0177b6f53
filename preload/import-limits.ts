/**
 * Import constants the contract's schemas and the import's parsers share. A module of its own, free of zod, so the
 * import's parse worker starts without loading the whole contract.
 */

/** Ratings are never beyond this in magnitude: a bigger number in a rating column is a broken file, not a scale. */
export const RATING_LIMIT = 1e9;

/** Target fields a generic CSV/TSV/JSONL column may be mapped to (`--map field=column`). */
export const MAP_FIELDS = ['user', 'item', 'rating', 'timestamp', 'review', 'summary', 'title'] as const;
