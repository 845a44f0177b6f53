/** Values a template sees, and how each reads as text. */
import { Rich, joinRich } from './rich';

export type Value = string | number | boolean | null | undefined | Rich | Value[] | { readonly [key: string]: Value };

export const isList = (v: Value): v is Value[] => Array.isArray(v);
export const isObject = (v: Value): v is { readonly [key: string]: Value } =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Rich);

/**
 * Text of a value. Deviations from Jinja, chosen for prompts: none and undefined read as nothing (not "None"),
 * and a list reads as its items joined by ", " (not Python's repr).
 */
export function toRich(v: Value): Rich {
  if (v instanceof Rich) return v;
  if (v === null || v === undefined) return new Rich('');
  if (typeof v === 'number') return new Rich(Number.isFinite(v) ? String(v) : '');
  if (typeof v === 'boolean') return new Rich(v ? 'True' : 'False');
  if (typeof v === 'string') return new Rich(v);
  if (isList(v)) return joinRich(v.map(toRich), ', ');
  return new Rich(JSON.stringify(v));
}

export const toText = (v: Value): string => toRich(v).text;

export function truthy(v: Value): boolean {
  if (v instanceof Rich) return v.text.length > 0;
  if (isList(v)) return v.length > 0;
  if (isObject(v)) return Object.keys(v).length > 0;
  return Boolean(v);
}

/** Comparison as Jinja does it for the types prompts use: Rich compares by its text. */
export const plain = (v: Value): Value => (v instanceof Rich ? v.text : v);

export function typeName(v: Value): string {
  if (v instanceof Rich) return 'text';
  if (v === null) return 'none';
  if (isList(v)) return 'list';
  return typeof v;
}
