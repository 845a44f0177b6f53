import { calls, type CallName, type CallOutcome } from '../../preload/api';
import { toCallError } from '../errors';
import type { Handlers } from '../handler-types';

const isCallName = (name: string): name is CallName => Object.prototype.hasOwnProperty.call(calls, name);

/**
 * The one place a payload from a window is checked: unknown call names and payloads that fail the
 * contract's schema are refused with a typed error naming the field; the handler never sees them.
 */
export async function dispatch(handlers: Handlers, name: string, payload: unknown): Promise<CallOutcome<unknown>> {
  if (!isCallName(name)) return { ok: false, error: { code: 'bad_input', message: `unknown call "${name}"` } };
  const parsed = calls[name].args.safeParse(payload ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    return {
      ok: false,
      error: {
        code: 'bad_input',
        message: `${name}: ${field ? `${field}: ` : ''}${issue?.message ?? 'invalid payload'}`,
        where: field ? { field } : {},
      },
    };
  }
  try {
    const handler = handlers[name] as (args: unknown) => unknown;
    return { ok: true, value: await handler(parsed.data) };
  } catch (err) {
    return { ok: false, error: toCallError(err) };
  }
}
