/**
 * The fake back end a mounted component talks to: `window.studio` (the Electron client path of client.ts), set
 * before client.ts is evaluated. Each fixture answers the calls it needs; every call is recorded for the test to read,
 * and an unanswered call fails loudly (a component calling something unexpected is a finding, not noise).
 */
import type { CallError, CallOutcome, StudioApi } from '../../../preload/api';

export type Handler = (args: Record<string, unknown>) => unknown;
export interface RecordedCall {
  name: string;
  args: Record<string, unknown>;
}

declare global {
  interface Window {
    __calls: RecordedCall[];
    __emit: (event: string, payload: unknown) => void;
  }
}

const handlers = new Map<string, Handler>();
const listeners = new Map<string, Set<(p: unknown) => void>>();
window.__calls = [];
window.__emit = (event, payload) => listeners.get(event)?.forEach((l) => l(payload));

/** Raised by a handler to answer with a typed error (code, message, where) instead of a value. */
export class FakeError extends Error {
  constructor(
    readonly code: CallError['code'],
    message: string,
    readonly where?: { file?: string; line?: number; field?: string },
  ) {
    super(message);
  }
}

export function answer(name: string, handler: Handler): void {
  handlers.set(name, handler);
}

const fake = {
  async call(name: string, args: unknown): Promise<CallOutcome<unknown>> {
    const a = (args ?? {}) as Record<string, unknown>;
    window.__calls.push({ name, args: a });
    const h = handlers.get(name);
    if (!h) return { ok: false, error: { code: 'internal', message: `fake back end: no answer for ${name}` } };
    try {
      return { ok: true, value: await h(a) };
    } catch (e) {
      if (e instanceof FakeError) return { ok: false, error: { code: e.code, message: e.message, ...(e.where ? { where: e.where } : {}) } };
      return { ok: false, error: { code: 'internal', message: e instanceof Error ? e.message : String(e) } };
    }
  },
  on(name: string, listener: (p: unknown) => void): () => void {
    let set = listeners.get(name);
    if (!set) listeners.set(name, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  },
};

window.studio = fake as unknown as StudioApi;
