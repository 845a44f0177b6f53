/**
 * The five task families of P5 / RecSysLLM (docs/algorithms.md §2.1), in their order (P5's family numbers 1–5): the
 * one list the contract, the back end and the window share. Migration 4's CHECK constraint spells them out too, as a
 * shipped migration must stay as it was.
 */
export const FAMILIES = ['rating', 'sequential', 'explanation', 'review', 'direct'] as const;
export type Family = (typeof FAMILIES)[number];
