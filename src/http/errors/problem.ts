/**
 * Problem details (RFC 9457): the one table of error codes → HTTP status and title, the error that plugins and
 * hooks throw to answer with a problem (ProblemError), and the function that writes a problem reply. Every
 * non-2xx answer of the API goes through here.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Problem } from '../schemas/problem-schema.js';
import { stringifyAscii } from '../serving/ascii-json.js';

export type ProblemCode = Problem['code'];

/** Stable codes, their status and title. */
export const PROBLEM_TYPES: Record<ProblemCode, { status: number; title: string }> = {
  INVALID_PARAMETER: { status: 400, title: 'Invalid parameter' },
  UNKNOWN_COUNTRY: { status: 400, title: 'Unknown country code' },
  AMBIGUOUS_PLACE: { status: 400, title: 'Ambiguous place name' },
  UNKNOWN_PLACE: { status: 404, title: 'Unknown place' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  ENDPOINT_IN_AVOIDED_COUNTRY: { status: 422, title: 'Origin or destination in an avoided country' },
  ENDPOINT_AVOIDED: { status: 422, title: 'Origin or destination is an avoided node' },
  NO_ROUTE: { status: 422, title: 'No route' },
  WAYPOINT_OFF_NETWORK: { status: 422, title: 'Waypoint too far from the network' },
  URI_TOO_LONG: { status: 414, title: 'Query string or path too long' },
  BAD_REQUEST: { status: 400, title: 'Malformed HTTP request' },
  REQUEST_TIMEOUT: { status: 408, title: 'Request not received in time' },
  HEADERS_TOO_LARGE: { status: 431, title: 'Request headers too large' },
  EXPECTATION_FAILED: { status: 417, title: 'Expectation not supported' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  OVERLOADED: { status: 503, title: 'Service overloaded' },
  INTERNAL_ERROR: { status: 500, title: 'Internal error' },
  INVALID_BODY: { status: 400, title: 'Invalid request body' },
  UNKNOWN_TARGET: { status: 400, title: 'Target not in the network' },
  UNAUTHORIZED: { status: 401, title: 'Authentication required' },
  FORBIDDEN: { status: 403, title: 'Not allowed' },
  PRECONDITION_FAILED: { status: 412, title: 'Resource changed since it was read' },
  PRECONDITION_REQUIRED: { status: 428, title: 'If-Match required' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Request body too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'Idempotency-Key reused for another request' },
  STORE_UNAVAILABLE: { status: 503, title: 'State store unavailable' },
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The optional members of a problem (parameter, value, suggestions, errors, ...). */
export type ProblemExtra = Partial<Omit<Problem, 'code' | 'status' | 'title' | 'type' | 'detail'>>;

/**
 * A problem raised by a plugin or hook (rate limit, load shedding, draining, a malformed query string): thrown,
 * it reaches the error handler, which answers it like every other error. Headers the answer needs (Retry-After,
 * Connection) are set on the reply before throwing.
 */
export class ProblemError extends Error {
  override name = 'ProblemError';

  constructor(
    readonly code: ProblemCode,
    detail: string,
    readonly extra: ProblemExtra = {},
    /** Sent as Retry-After (seconds) with the answer. */
    readonly options: { retryAfterSeconds?: number } = {},
  ) {
    super(detail);
  }
}

/** Builds a problem body for a code; `type` is a stable URN per code. */
export function problem(
  code: ProblemCode,
  detail: string,
  request: FastifyRequest | undefined,
  extra: ProblemExtra = {},
): Problem {
  const { status, title } = PROBLEM_TYPES[code];
  return {
    type: `urn:eurasia-freight-routes:problem:${code.toLowerCase().replaceAll('_', '-')}`,
    title,
    status,
    detail,
    ...(request ? { instance: request.url.slice(0, 2000) } : {}),
    code,
    ...extra,
  };
}

/** Sends a problem reply (already serialized, in ASCII, so that no response schema can interfere). */
export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.code(body.status).type(PROBLEM_CONTENT_TYPE).send(stringifyAscii(body));
}
