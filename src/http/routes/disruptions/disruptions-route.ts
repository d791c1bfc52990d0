/**
 * The /disruptions resource: reads public, writes with an API key of scope `disruptions:write`. Every write
 * is committed (and the mirror that routing reads reloaded) before it is answered; PATCH needs If-Match,
 * POST honours Idempotency-Key, DELETE ends a disruption and erases nothing. While the store is unreachable,
 * writes are 503 STORE_UNAVAILABLE and reads answer the mirror's last known state with a warning.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  checkDisruptionTarget,
  type DisruptionInput,
  DisruptionInputSchema,
  type DisruptionTarget,
  disruptionStatus,
  type Network,
} from '../../../domain/index.js';
import { listInMemory } from '../../../state/disruption-filter.js';
import { type StoredDisruption, toDisruption } from '../../../state/disruption-record.js';
import type { LiveMirror } from '../../../state/live-mirror.js';
import { StateError } from '../../../state/state-errors.js';
import type { StateStore } from '../../../state/state-store.js';
import { problemResponse } from '../../errors/problem-responses.js';
import { useHeaderSet } from '../../plugins/security-headers.js';
import {
  type DisruptionAnswer,
  DisruptionCreateSchema,
  DisruptionHistorySchema,
  DisruptionListQuerySchema,
  DisruptionListSchema,
  DisruptionParamsSchema,
  type DisruptionPatch,
  DisruptionPatchSchema,
  DisruptionResourceSchema,
} from '../../schemas/disruption-schemas.js';
import { stringifyAscii } from '../../serving/ascii-json.js';
import { acceptJsonBodies, MAX_BODY_BYTES } from './json-body.js';
import { keyRateLimiter, requireScope } from './write-access.js';
import { createdAnswer, etagOf, idempotencyOf, JSON_TYPE, sendStoredAnswer } from './write-answers.js';

/** The scope a key needs to write disruptions. */
export const DISRUPTIONS_WRITE_SCOPE = 'disruptions:write';

export interface DisruptionsRouteOptions {
  network: Network;
  /** The store and its mirror; without them every /disruptions call is a 503 STORE_UNAVAILABLE. */
  state?: { store: StateStore; mirror: LiveMirror };
  /** Writes per minute per API key; 0 = no limit. */
  writeRateLimitMax?: number;
}

/** The version an If-Match header names: `"3"`, `W/"3"`, or `*` (any); NaN when it names none. */
function ifMatchVersion(header: string): number | '*' {
  const value = header.trim();
  if (value === '*') return '*';
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(value);
  return match ? Number(match[1]) : Number.NaN;
}

/** The record as the API answers it: the domain's fields (toDisruption), its status at `now`, who and when. */
function answerOf(record: StoredDisruption, now: number): DisruptionAnswer {
  const { id, version, ...fields } = toDisruption(record);
  return {
    id,
    version,
    status: disruptionStatus(record, new Date(now)),
    ...fields,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    createdBy: record.createdBy,
    updatedBy: record.updatedBy,
  };
}

function canonicalTarget(network: Network, target: DisruptionTarget): DisruptionTarget {
  const checked = checkDisruptionTarget(network, target);
  if (!checked.ok) {
    throw new StateError('UNKNOWN_TARGET', `target.id: ${checked.message}`, {
      parameter: 'target.id',
      value: target.id,
    });
  }
  return checked.target;
}

/** The current record with a merge patch applied (RFC 7396: null removes), checked by the domain's rules. */
function merged(current: StoredDisruption, patch: DisruptionPatch): DisruptionInput {
  const next: Record<string, unknown> = {
    target: { ...current.target, ...(patch.target ?? {}) },
    effect: patch.effect ?? current.effect,
    startsAt: patch.startsAt ?? current.startsAt,
    endsAt: patch.endsAt === undefined ? current.endsAt : patch.endsAt,
    reason: patch.reason ?? current.reason,
    source: patch.source ?? current.source,
  };
  const extraHours = patch.extraHours === undefined ? current.extraHours : (patch.extraHours ?? undefined);
  if (extraHours !== undefined) next.extraHours = extraHours;
  const result = DisruptionInputSchema.safeParse(next);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path.join('.') || 'body';
    throw new StateError('INVALID_BODY', `after the patch, ${field}: ${issue?.message ?? 'invalid'}`, {
      parameter: field,
      ...(issue && issue.path.length > 0
        ? {
            value: issue.path.reduce<unknown>(
              (o, k) => (o as Record<PropertyKey, unknown>)?.[k as PropertyKey],
              next,
            ),
          }
        : {}),
    });
  }
  return result.data;
}

const noStore = () =>
  new StateError(
    'STORE_UNAVAILABLE',
    'This instance has no state store configured; disruptions are unavailable',
  );

export const disruptionsRoute: FastifyPluginAsyncZod<DisruptionsRouteOptions> = async (app, options) => {
  const { network, state } = options;
  const limiter = keyRateLimiter(options.writeRateLimitMax);
  useHeaderSet(app, 'api');
  acceptJsonBodies(app);

  const store = () => {
    if (!state) throw noStore();
    return state;
  };
  const writer = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!state) throw noStore();
    return requireScope(state.store, DISRUPTIONS_WRITE_SCOPE, limiter)(request, reply);
  };
  const actor = (request: FastifyRequest) => ({ name: request.apiKey?.name ?? 'unknown' });
  const sendRecord = (reply: FastifyReply, status: number, record: StoredDisruption, now = Date.now()) =>
    reply
      .code(status)
      .header('etag', etagOf(record.version))
      .type(JSON_TYPE)
      .send(stringifyAscii(answerOf(record, now)));

  const writeSecurity = [{ bearerAuth: [] }];
  const writeErrors = {
    401: problemResponse('No API key, or an unknown or revoked one (`UNAUTHORIZED`; see WWW-Authenticate)'),
    403: problemResponse('The API key lacks the scope `disruptions:write` (`FORBIDDEN`)'),
    429: problemResponse('Too many writes with this API key this minute (`RATE_LIMITED`; see Retry-After)'),
    503: problemResponse('The state store is unreachable (`STORE_UNAVAILABLE`); nothing was written'),
  };
  const bodyErrors = {
    400: problemResponse(
      'Invalid body (`INVALID_BODY` naming the field, unknown fields included) or a target the network does not have (`UNKNOWN_TARGET`)',
    ),
    413: problemResponse(`Body over ${MAX_BODY_BYTES} bytes (\`PAYLOAD_TOO_LARGE\`)`),
    415: problemResponse('Body not JSON (`UNSUPPORTED_MEDIA_TYPE`)'),
  };

  app.post(
    '/disruptions',
    {
      onRequest: writer,
      schema: {
        operationId: 'createDisruption',
        tags: ['Disruptions'],
        summary: 'Report a closure or delay',
        description: `Creates a disruption on a node, link, sea or country. Needs an API key with scope \`disruptions:write\`. Send \`Idempotency-Key\` to retry safely: a retry with the same key and body gets the first answer (with \`Idempotent-Replayed: true\`) and creates nothing; the same key with another body is a 422 \`IDEMPOTENCY_KEY_REUSED\`. Keys are remembered for 24 hours, per API key. JSON only, at most ${MAX_BODY_BYTES} bytes.`,
        security: writeSecurity,
        headers: z.object({
          'idempotency-key': z
            .string()
            .optional()
            .describe('A unique value per new disruption (1-255 visible ASCII characters), e.g. a UUID')
            .meta({ example: '5f0c8a52-6d1e-4b8e-9c1a-3e2f7d9b0a41' }),
        }),
        body: DisruptionCreateSchema,
        response: {
          201: DisruptionResourceSchema.describe('Created; `Location` names it and `ETag` is its version'),
          ...bodyErrors,
          ...writeErrors,
          422: problemResponse('The Idempotency-Key was used for another request (`IDEMPOTENCY_KEY_REUSED`)'),
        },
      },
    },
    async (request, reply) => {
      const { store: s } = store();
      const idempotency = idempotencyOf(
        request.headers['idempotency-key'],
        request.apiKey?.id ?? '',
        '/disruptions',
        request.body,
      );
      const input = {
        ...request.body,
        endsAt: request.body.endsAt ?? null,
        target: canonicalTarget(network, request.body.target),
      };
      const result = await s.disruptions.create(input, actor(request), {
        ...idempotency,
        answer: (record) =>
          createdAnswer(`/disruptions/${record.id}`, record.version, answerOf(record, Date.now())),
      });
      if (!result.answer) return sendRecord(reply, 201, (result as { record: StoredDisruption }).record);
      return sendStoredAnswer(reply as FastifyReply, result.answer, result.kind === 'replayed');
    },
  );

  app.get(
    '/disruptions',
    {
      schema: {
        operationId: 'listDisruptions',
        tags: ['Disruptions'],
        summary: 'List disruptions',
        description:
          'Disruptions, latest start first, filtered by the instant they are active at, status, target and effect. While the state store is unreachable the answer is the last known state (ended disruptions left out) and `warnings` says so.',
        querystring: DisruptionListQuerySchema,
        response: {
          200: DisruptionListSchema,
          400: problemResponse('Invalid parameter'),
          503: writeErrors[503],
        },
      },
    },
    async (request) => {
      const { store: s, mirror } = store();
      const q = request.query;
      const filter = {
        ...(q.activeAt !== undefined ? { activeAt: Date.parse(q.activeAt) } : {}),
        ...(q.status ? { status: q.status } : {}),
        ...(q.targetKind ? { targetKind: q.targetKind } : {}),
        ...(q.targetId ? { targetId: q.targetId } : {}),
        ...(q.effect ? { effect: q.effect } : {}),
        limit: q.limit,
        offset: q.offset,
      };
      const now = Date.now();
      let listed: { disruptions: StoredDisruption[]; total: number };
      let stateVersion: string;
      const warnings: string[] = [];
      try {
        stateVersion = String(await s.version());
        listed = await s.disruptions.list(filter, now);
      } catch (error) {
        if (!(error instanceof StateError) || error.code !== 'STORE_UNAVAILABLE') throw error;
        const health = mirror.health();
        listed = listInMemory(mirror.records(), filter, now);
        stateVersion = health.stateVersion;
        warnings.push(
          `The state store is unreachable: this is the last known state (version ${health.stateVersion}, read at ${health.syncedAt ?? 'start'}); ended disruptions are left out`,
        );
      }
      return {
        disruptions: listed.disruptions.map((r) => answerOf(r, now)),
        total: listed.total,
        limit: q.limit,
        offset: q.offset,
        stateVersion,
        warnings,
      };
    },
  );

  app.get(
    '/disruptions/:id',
    {
      schema: {
        operationId: 'getDisruption',
        tags: ['Disruptions'],
        summary: 'One disruption',
        description:
          'A disruption with its status now; `ETag` is its version (send it as If-Match to PATCH). While the store is unreachable, one that is not ended is answered from the last known state, with an `x-state-warning` header.',
        params: DisruptionParamsSchema,
        response: {
          200: DisruptionResourceSchema,
          404: problemResponse('No disruption has this id (`NOT_FOUND`)'),
          503: writeErrors[503],
        },
      },
    },
    async (request, reply) => {
      const { store: s, mirror } = store();
      try {
        return sendRecord(reply, 200, await s.disruptions.get(request.params.id));
      } catch (error) {
        if (!(error instanceof StateError) || error.code !== 'STORE_UNAVAILABLE') throw error;
        const known = mirror.records().find((r) => r.id === request.params.id);
        if (!known) throw error;
        reply.header(
          'x-state-warning',
          `state store unreachable; last known state read at ${mirror.health().syncedAt}`,
        );
        return sendRecord(reply, 200, known);
      }
    },
  );

  app.patch(
    '/disruptions/:id',
    {
      onRequest: writer,
      schema: {
        operationId: 'updateDisruption',
        tags: ['Disruptions'],
        summary: 'Change a disruption',
        description:
          'A JSON merge patch (RFC 7396) of the writable fields: the fields sent replace the current ones, `target` is merged, null removes `extraHours` or `endsAt`. Needs `If-Match` with the ETag last read (428 `PRECONDITION_REQUIRED` without it, 412 `PRECONDITION_FAILED` when the disruption changed since). The result must satisfy the same rules as a new disruption.',
        security: writeSecurity,
        params: DisruptionParamsSchema,
        headers: z.object({
          'if-match': z.string().optional().describe('The ETag last read, e.g. "2"').meta({ example: '"2"' }),
        }),
        body: DisruptionPatchSchema,
        response: {
          200: DisruptionResourceSchema.describe('Changed (or unchanged when the patch changes nothing)'),
          ...bodyErrors,
          ...writeErrors,
          404: problemResponse('No disruption has this id (`NOT_FOUND`)'),
          412: problemResponse('The disruption changed since the ETag sent (`PRECONDITION_FAILED`)'),
          428: problemResponse('No If-Match header (`PRECONDITION_REQUIRED`)'),
        },
      },
    },
    async (request, reply) => {
      const { store: s } = store();
      const header = request.headers['if-match'];
      if (header === undefined) {
        throw new StateError(
          'PRECONDITION_REQUIRED',
          'PATCH needs If-Match with the ETag of the version it changes (GET the disruption, send its ETag back)',
          { parameter: 'If-Match' },
        );
      }
      const expected = ifMatchVersion(header);
      const patch = request.body;
      const target = patch.target ? patch.target : undefined;
      const record = await s.disruptions.update(
        request.params.id,
        expected,
        (current) => {
          if (Number.isNaN(expected)) {
            throw new StateError(
              'PRECONDITION_FAILED',
              `If-Match ${header.slice(0, 60)} is not an ETag of this resource (its ETag is ${etagOf(current.version)})`,
              {
                parameter: 'If-Match',
                value: header.slice(0, 200),
              },
            );
          }
          const next = merged(current, patch);
          return target ? { ...next, target: canonicalTarget(network, next.target) } : next;
        },
        actor(request),
      );
      return sendRecord(reply, 200, record);
    },
  );

  app.delete(
    '/disruptions/:id',
    {
      onRequest: writer,
      schema: {
        operationId: 'endDisruption',
        tags: ['Disruptions'],
        summary: 'End a disruption',
        description:
          'Ends a disruption now: `endsAt` becomes now when it was open or ended later (one not yet started is cancelled: it starts and ends now), and its status `ended`. Nothing is erased: the disruption and its history stay readable. Ending one already ended changes nothing. `If-Match` is optional here (the contract requires it of PATCH only): when sent, the disruption is ended only if it is still at that version (412 `PRECONDITION_FAILED` otherwise), so that a client never ends a disruption changed since it read it.',
        security: writeSecurity,
        params: DisruptionParamsSchema,
        headers: z.object({
          'if-match': z
            .string()
            .optional()
            .describe('Optional: the ETag last read, e.g. "2"; a stale one is a 412')
            .meta({ example: '"2"' }),
        }),
        response: {
          200: DisruptionResourceSchema.describe('The ended disruption'),
          ...writeErrors,
          404: problemResponse('No disruption has this id (`NOT_FOUND`)'),
          412: problemResponse('If-Match sent and the disruption changed since (`PRECONDITION_FAILED`)'),
        },
      },
    },
    async (request, reply) => {
      const { store: s } = store();
      const header = request.headers['if-match'];
      const expected = header === undefined ? undefined : ifMatchVersion(header);
      return sendRecord(
        reply,
        200,
        await s.disruptions.end(request.params.id, actor(request), Date.now(), expected),
      );
    },
  );

  app.get(
    '/disruptions/:id/history',
    {
      schema: {
        operationId: 'disruptionHistory',
        tags: ['Disruptions'],
        summary: 'Every version of a disruption',
        description:
          'Each version, oldest first: what changed (created, updated, ended), who and when, and the disruption as it was.',
        params: DisruptionParamsSchema,
        response: {
          200: DisruptionHistorySchema,
          404: problemResponse('No disruption has this id (`NOT_FOUND`)'),
          503: writeErrors[503],
        },
      },
    },
    async (request) => {
      const { store: s } = store();
      return { id: request.params.id, versions: await s.disruptions.history(request.params.id) };
    },
  );
};
