/**
 * The entities part of the contract (textualized records, entity spans, label sets, annotators, agreement).
 * Spread into `calls` in api.ts; same rules: every call's args and result have a runtime schema.
 */
import { z } from 'zod';

export const entityCalls = {} as const satisfies Record<string, { args: z.ZodTypeAny; result: z.ZodTypeAny }>;

export const entityEvents = {} as const satisfies Record<string, z.ZodTypeAny>;
