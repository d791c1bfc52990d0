/**
 * Errors of the live-state store, each with a stable code that the HTTP layer answers as a problem
 * (src/http/errors/error-handler.ts) and the CLI prints.
 */
import { CodedError } from '../domain/errors.js';

export type StateErrorCode =
  | 'NOT_FOUND'
  | 'PRECONDITION_FAILED'
  | 'PRECONDITION_REQUIRED'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'STORE_UNAVAILABLE'
  | 'INVALID_BODY'
  | 'UNKNOWN_TARGET';

export interface StateErrorDetails {
  /** The field or header at fault (`target.id`, `If-Match`). */
  parameter?: string;
  value?: unknown;
}

export class StateError extends CodedError<StateErrorCode, StateErrorDetails> {
  override name = 'StateError';
}

/** SQLite result codes and PostgreSQL SQLSTATE classes that mean "the store cannot be used right now". */
const UNAVAILABLE_CODE =
  /^(SQLITE_(BUSY|LOCKED|IOERR|FULL|READONLY|CANTOPEN|PROTOCOL|NOTADB|CORRUPT)|08|57P|53|E(CONNREFUSED|CONNRESET|PIPE|TIMEDOUT|HOSTUNREACH|NETUNREACH|AI_AGAIN)|ENOTFOUND)/;
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|connection error|the database connection is not open|Cannot use a pool after calling end|driver has already been destroyed/i;

/** Whether an error thrown by a driver means the store is unreachable (a 503), not a bug (a 500). */
export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && UNAVAILABLE_CODE.test(code)) return true;
  if (UNAVAILABLE_MESSAGE.test(error.message)) return true;
  return error.cause !== undefined && error.cause !== error && isUnavailable(error.cause);
}

/** The error a store operation raises when the database cannot be reached or written. */
export function unavailable(error: unknown): StateError {
  const why = error instanceof Error ? error.message : String(error);
  return new StateError(
    'STORE_UNAVAILABLE',
    `The state store is unavailable (${why.slice(0, 200)}); retry shortly`,
  );
}
