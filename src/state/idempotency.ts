/**
 * Idempotency-Key answers, shared by every POST that creates a resource (disruptions, watches): the answer
 * given the first time is stored in the creating transaction, per API key, and replayed to a retry of the same
 * request; the same key with another request is refused.
 */
import type { Kysely, Transaction } from 'kysely';
import { StateError } from './state-errors.js';
import type { StateDatabase } from './state-tables.js';
import { storeError } from './write-transaction.js';

/** An answer stored under an Idempotency-Key, replayed as it was to a retry of the same request. */
export interface StoredAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface IdempotencyRequest {
  /** The API key the request came with (keys are scoped to it). */
  apiKeyId: string;
  key: string;
  /** SHA-256 of what the request asked for: a retry must ask for the same. */
  requestHash: string;
}

/** How long a stored Idempotency-Key answer is replayed. */
export const IDEMPOTENCY_RETENTION_MS = 24 * 3600 * 1000;

const UNIQUE_VIOLATION = /^(SQLITE_CONSTRAINT_PRIMARYKEY|SQLITE_CONSTRAINT_UNIQUE|23505)$/;

/** Whether a driver error is a primary-key or unique violation (two requests with one key at once). */
export const isUniqueViolation = (error: unknown): boolean =>
  error instanceof Error && UNIQUE_VIOLATION.test(String((error as { code?: unknown }).code));

/** The answer stored for this request's key, if any; IDEMPOTENCY_KEY_REUSED when it was another request. */
export async function storedAnswer(
  db: Kysely<StateDatabase>,
  request: IdempotencyRequest,
  what: string,
): Promise<StoredAnswer | undefined> {
  let row: { request_hash: string; status: number; response: string } | undefined;
  try {
    row = await db
      .selectFrom('idempotency_keys')
      .select(['request_hash', 'status', 'response'])
      .where('api_key_id', '=', request.apiKeyId)
      .where('idempotency_key', '=', request.key)
      .where('created_at', '>', Date.now() - IDEMPOTENCY_RETENTION_MS)
      .executeTakeFirst();
  } catch (error) {
    throw storeError(error);
  }
  if (row === undefined) return undefined;
  if (row.request_hash !== request.requestHash) {
    throw new StateError(
      'IDEMPOTENCY_KEY_REUSED',
      `Idempotency-Key "${request.key}" was used before for a different request; use a new key for a new ${what}`,
      { parameter: 'Idempotency-Key', value: request.key },
    );
  }
  const { headers, body } = JSON.parse(row.response) as Omit<StoredAnswer, 'status'>;
  return { status: Number(row.status), headers, body };
}

/** Stores the answer under the request's key in the creating transaction (and drops expired answers). */
export async function saveAnswer(
  trx: Transaction<StateDatabase>,
  request: IdempotencyRequest,
  answer: StoredAnswer,
  now: number,
): Promise<void> {
  await trx
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', now - IDEMPOTENCY_RETENTION_MS)
    .execute();
  await trx
    .insertInto('idempotency_keys')
    .values({
      api_key_id: request.apiKeyId,
      idempotency_key: request.key,
      request_hash: request.requestHash,
      status: answer.status,
      response: JSON.stringify({ headers: answer.headers, body: answer.body }),
      created_at: now,
    })
    .execute();
}
