/**
 * What the write resources (/disruptions, /watches) answer with: a JSON body, an ETag from the version, and,
 * for a create, the answer made once and stored with the record under its Idempotency-Key, so that a retry is
 * sent exactly what the first call was (marked `Idempotent-Replayed`).
 */
import type { FastifyReply } from 'fastify';
import type { IdempotencyRequest, StoredAnswer } from '../../../state/idempotency.js';
import { StateError } from '../../../state/state-errors.js';
import { stringifyAscii } from '../../serving/ascii-json.js';
import { IDEMPOTENCY_KEY, requestHash } from './request-hash.js';

export const JSON_TYPE = 'application/json; charset=utf-8';

/** The ETag of a record at a version. */
export const etagOf = (version: number) => `"${version}"`;

/**
 * The Idempotency-Key a create comes with, bound to the API key and the request (none without the header).
 * @throws StateError INVALID_BODY naming Idempotency-Key when its value is not 1-255 visible ASCII characters.
 */
export function idempotencyOf(
  header: string | string[] | undefined,
  apiKeyId: string,
  path: string,
  body: unknown,
): { idempotency?: IdempotencyRequest } {
  if (header === undefined) return {};
  if (typeof header !== 'string' || !IDEMPOTENCY_KEY.test(header)) {
    throw new StateError('INVALID_BODY', 'Idempotency-Key must be 1-255 visible ASCII characters', {
      parameter: 'Idempotency-Key',
      value: String(header).slice(0, 300),
    });
  }
  return { idempotency: { apiKeyId, key: header, requestHash: requestHash('POST', path, body) } };
}

/** The 201 answer of a record created at `location`. */
export function createdAnswer(location: string, version: number, body: unknown): StoredAnswer {
  return { status: 201, headers: { location, etag: etagOf(version) }, body: stringifyAscii(body) };
}

/** Sends a create's stored answer: the first time, or again to a retry with the same Idempotency-Key. */
export function sendStoredAnswer(reply: FastifyReply, answer: StoredAnswer, replayed: boolean): FastifyReply {
  if (replayed) reply.header('idempotent-replayed', 'true');
  return reply.code(answer.status).headers(answer.headers).type(JSON_TYPE).send(answer.body);
}
