import type { CallError, ErrorCode } from '../preload/api';

/** An error meant for the user: it names what was wrong and, for bad input, where. */
export class StudioError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly where?: CallError['where'],
  ) {
    super(message);
    this.name = 'StudioError';
  }

  toCallError(): CallError {
    return this.where ? { code: this.code, message: this.message, where: this.where } : { code: this.code, message: this.message };
  }
}

/** Bad input in a file being imported: always names the file and line, and the field when one is at fault. */
export class InputError extends StudioError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string | null,
    readonly reason: string,
  ) {
    super('bad_input', `${file}:${line}${field ? ` field "${field}"` : ''}: ${reason}`, {
      file,
      line,
      ...(field ? { field } : {}),
    });
    this.name = 'InputError';
  }
}

export class CancelledError extends StudioError {
  constructor() {
    super('cancelled', 'cancelled');
  }
}

export const notFound = (what: string): StudioError => new StudioError('not_found', `${what} not found`);
export const badInput = (message: string): StudioError => new StudioError('bad_input', message);

/**
 * SQLite's "database is locked" (SQLITE_BUSY and its extended codes, SQLITE_LOCKED): another connection holds the
 * write lock. Nothing the failing statement did was written, so the operation may be repeated.
 */
export function isBusy(err: unknown): boolean {
  if (err instanceof StudioError) return err.code === 'busy';
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code);
}

export const BUSY_MESSAGE =
  'the workspace is busy: another studio process (an import, a run, a window) is writing to it; nothing was written, try again in a moment';

export const busyError = (detail?: string): StudioError => new StudioError('busy', detail ? `${BUSY_MESSAGE} (${detail})` : BUSY_MESSAGE);

/**
 * The error a worker reported (its `toCallError`, posted as a message) as the main thread's StudioError: the code,
 * the message and where (file, line, field) as the worker knew them; a cancellation stays a CancelledError, so the
 * job is recorded as cancelled rather than failed.
 */
export function workerFailure(error: CallError): StudioError {
  if (error.code === 'cancelled') return new CancelledError();
  return new StudioError(error.code, error.message, error.where);
}

/** Turns anything thrown into a typed error result; unexpected errors keep their message but not their stack. */
export function toCallError(err: unknown): CallError {
  if (err instanceof StudioError) return err.toCallError();
  if (isBusy(err)) return busyError().toCallError();
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message };
}
