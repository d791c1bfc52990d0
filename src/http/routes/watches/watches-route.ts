/**
 * The /watches resource: a route query re-planned on each change of the live state, with a signed webhook
 * to an `https` callback when its answer changes. Every call needs an API key of scope `watches:write`, and a
 * key sees only the watches it created (callback URLs and queries are its own business). POST honours
 * Idempotency-Key as POST /disruptions does.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { StateError } from '../../../state/state-errors.js';
import type { StateStore } from '../../../state/state-store.js';
import type { StoredDelivery, StoredWatch } from '../../../state/watch-store.js';
import { CallbackUrlError, parseCallbackUrl, resolveCallback } from '../../../watches/callback-address.js';
import { readWatchQuery } from '../../../watches/watch-query.js';
import type { WatchService } from '../../../watches/watch-service.js';
import { problemResponse } from '../../errors/problem-responses.js';
import { useHeaderSet } from '../../plugins/security-headers.js';
import {
  DeliveryListSchema,
  WatchCreatedSchema,
  WatchCreateSchema,
  WatchListSchema,
  WatchParamsSchema,
  WatchResourceSchema,
} from '../../schemas/watch-schemas.js';
import { stringifyAscii } from '../../serving/ascii-json.js';
import { acceptJsonBodies, MAX_BODY_BYTES } from '../disruptions/json-body.js';
import { type KeyRateLimiter, keyRateLimiter, requireScope } from '../disruptions/write-access.js';
import {
  createdAnswer,
  etagOf,
  idempotencyOf,
  JSON_TYPE,
  sendStoredAnswer,
} from '../disruptions/write-answers.js';

/** The scope a key needs for /watches. */
export const WATCHES_WRITE_SCOPE = 'watches:write';

export interface WatchesRouteOptions {
  /** The store and this process's watches; without them every /watches call is a 503 STORE_UNAVAILABLE. */
  state?: { store: StateStore; watches: WatchService };
  /** Writes per minute per API key; 0 = no limit. */
  writeRateLimitMax?: number;
}

function viewOf(watch: StoredWatch) {
  return {
    id: watch.id,
    version: watch.version,
    query: watch.query,
    callbackUrl: watch.callbackUrl,
    answer: watch.answer as z.output<typeof WatchResourceSchema>['answer'],
    stateVersion: String(watch.evaluatedStateVersion),
    evaluatedAt: watch.evaluatedAt,
    createdAt: watch.createdAt,
    createdBy: watch.createdBy,
  };
}

const deliveryView = (d: StoredDelivery) => ({ ...d, stateVersion: String(d.stateVersion) });

const noStore = () =>
  new StateError('STORE_UNAVAILABLE', 'This instance has no state store configured; watches are unavailable');

/** The callback URL checked as at creation: https, resolving to public addresses only (unless allowed). */
async function checkedCallback(text: string, allowPrivate: boolean): Promise<string> {
  try {
    const url = parseCallbackUrl(text);
    await resolveCallback(url, { allowPrivate });
    return url.toString();
  } catch (error) {
    if (!(error instanceof CallbackUrlError)) throw error;
    throw new StateError('INVALID_BODY', `callbackUrl ${error.message}`, {
      parameter: 'callbackUrl',
      value: text.slice(0, 300),
    });
  }
}

export const watchesRoute: FastifyPluginAsyncZod<WatchesRouteOptions> = async (app, options) => {
  const { state } = options;
  const limiter = keyRateLimiter(options.writeRateLimitMax);
  useHeaderSet(app, 'api');
  acceptJsonBodies(app);

  const live = () => {
    if (!state) throw noStore();
    return state;
  };
  const access =
    (budget: KeyRateLimiter | undefined) => async (request: FastifyRequest, reply: FastifyReply) => {
      if (!state) throw noStore();
      return requireScope(state.store, WATCHES_WRITE_SCOPE, budget)(request, reply);
    };
  const writer = access(limiter);
  const reader = access(undefined);
  const keyId = (request: FastifyRequest) => request.apiKey?.id ?? '';

  const security = [{ bearerAuth: [] }];
  const accessErrors = {
    401: problemResponse('No API key, or an unknown or revoked one (`UNAUTHORIZED`; see WWW-Authenticate)'),
    403: problemResponse('The API key lacks the scope `watches:write` (`FORBIDDEN`)'),
    503: problemResponse('The state store is unreachable (`STORE_UNAVAILABLE`)'),
  };
  const notFound = { 404: problemResponse('No watch of this API key has this id (`NOT_FOUND`)') };

  app.post(
    '/watches',
    {
      onRequest: writer,
      schema: {
        operationId: 'createWatch',
        tags: ['Watches'],
        summary: 'Watch a route: a webhook when its answer changes',
        description: `Plans the query now and re-plans it on each change of the live state (disruptions). When the best route's legs change, or its expected arrival when the query has \`departAt\`, or a route appears or disappears, a JSON webhook is POSTed to \`callbackUrl\`: \`{"id", "type": "watch.route-changed", "watchId", "occurredAt", "stateVersion", "query", "previous", "current"}\` with the headers \`Webhook-Id\` (the delivery id, the same on every attempt: drop duplicates by it), \`Webhook-Timestamp\` (Unix seconds) and \`Webhook-Signature\` (\`v1,\` + base64 HMAC-SHA256 of \`<id>.<timestamp>.<body>\` keyed with the decoded \`secret\`). Any 2xx answer delivers; otherwise it is retried with exponential backoff and jitter, then marked \`failed\` (see /watches/{id}/deliveries). The \`secret\` is in this answer only. Needs scope \`watches:write\`; \`Idempotency-Key\` as on POST /disruptions. JSON only, at most ${MAX_BODY_BYTES} bytes.`,
        security,
        headers: z.object({
          'idempotency-key': z
            .string()
            .optional()
            .describe('A unique value per new watch (1-255 visible ASCII characters), e.g. a UUID')
            .meta({ example: '7d1c6a52-0f3e-4b8e-9c1a-3e2f7d9b0a41' }),
        }),
        body: WatchCreateSchema,
        response: {
          201: WatchCreatedSchema.describe('Created; `Location` names it and `ETag` is its version'),
          400: problemResponse(
            'Invalid body (`INVALID_BODY` naming the field: `query.<parameter>`, or `callbackUrl` when it is not https or resolves to a private address), or a query /routes refuses (`UNKNOWN_COUNTRY`, `AMBIGUOUS_PLACE`, ...)',
          ),
          404: problemResponse('A place of the query is unknown (`UNKNOWN_PLACE`)'),
          413: problemResponse(`Body over ${MAX_BODY_BYTES} bytes (\`PAYLOAD_TOO_LARGE\`)`),
          415: problemResponse('Body not JSON (`UNSUPPORTED_MEDIA_TYPE`)'),
          422: problemResponse(
            'The query cannot be planned (`ENDPOINT_IN_AVOIDED_COUNTRY`, ...), or the Idempotency-Key was used for another request (`IDEMPOTENCY_KEY_REUSED`)',
          ),
          429: problemResponse('Too many writes with this API key this minute (`RATE_LIMITED`)'),
          ...accessErrors,
        },
      },
    },
    async (request, reply) => {
      const { store, watches } = live();
      const idempotency = idempotencyOf(
        request.headers['idempotency-key'],
        keyId(request),
        '/watches',
        request.body,
      );
      const { stored, query } = readWatchQuery(request.body.query);
      const callbackUrl = await checkedCallback(request.body.callbackUrl, watches.allowPrivateCallbacks);
      const planned = await watches.evaluator.answer(query);
      const { answer, fingerprint, stateVersion, plannedAt } = planned;
      const result = await store.watches.create(
        {
          apiKeyId: keyId(request),
          createdBy: request.apiKey?.name ?? 'unknown',
          query: stored,
          callbackUrl,
          fingerprint,
          answer,
          stateVersion,
          evaluatedAt: plannedAt,
        },
        {
          ...idempotency,
          answer: (watch, secret) =>
            createdAnswer(`/watches/${watch.id}`, watch.version, { ...viewOf(watch), secret }),
        },
      );
      if (!result.answer) throw new Error('the watch store gave no answer');
      if (result.kind !== 'replayed') watches.watched(result.watch.id, planned);
      return sendStoredAnswer(reply as FastifyReply, result.answer, result.kind === 'replayed');
    },
  );

  app.get(
    '/watches',
    {
      onRequest: reader,
      schema: {
        operationId: 'listWatches',
        tags: ['Watches'],
        summary: "This API key's watches",
        description:
          'The watches created with this API key and not deleted, oldest first, each with its last answer.',
        security,
        response: { 200: WatchListSchema, ...accessErrors },
      },
    },
    async (request, reply) => {
      const { store } = live();
      const watches = await store.watches.list(keyId(request));
      return (reply as FastifyReply).type(JSON_TYPE).send(stringifyAscii({ watches: watches.map(viewOf) }));
    },
  );

  app.get(
    '/watches/:id',
    {
      onRequest: reader,
      schema: {
        operationId: 'getWatch',
        tags: ['Watches'],
        summary: 'One watch, with its last answer',
        description:
          'A watch of this API key: its query, callback URL and last answer; `ETag` is its version (incremented at each change of the answer). The secret is never shown again.',
        security,
        params: WatchParamsSchema,
        response: { 200: WatchResourceSchema, ...notFound, ...accessErrors },
      },
    },
    async (request, reply) => {
      const { store } = live();
      const watch = await store.watches.get(request.params.id, keyId(request));
      return (reply as FastifyReply)
        .header('etag', etagOf(watch.version))
        .type(JSON_TYPE)
        .send(stringifyAscii(viewOf(watch)));
    },
  );

  app.delete(
    '/watches/:id',
    {
      onRequest: writer,
      schema: {
        operationId: 'deleteWatch',
        tags: ['Watches'],
        summary: 'Stop watching',
        description: 'The watch is no longer planned and its pending deliveries are cancelled.',
        security,
        params: WatchParamsSchema,
        response: {
          204: z.null().describe('Deleted'),
          ...notFound,
          429: problemResponse('Too many writes with this API key this minute (`RATE_LIMITED`)'),
          ...accessErrors,
        },
      },
    },
    async (request, reply) => {
      const { store } = live();
      await store.watches.remove(request.params.id, keyId(request));
      return (reply as FastifyReply).code(204).send();
    },
  );

  app.get(
    '/watches/:id/deliveries',
    {
      onRequest: reader,
      schema: {
        operationId: 'watchDeliveries',
        tags: ['Watches'],
        summary: "A watch's webhook deliveries",
        description:
          'Newest first: status, attempts made, the last answer or error, and when it is retried next.',
        security,
        params: WatchParamsSchema,
        response: { 200: DeliveryListSchema, ...notFound, ...accessErrors },
      },
    },
    async (request, reply) => {
      const { store } = live();
      const watch = await store.watches.get(request.params.id, keyId(request));
      const deliveries = await store.watches.deliveries(watch.id);
      return (reply as FastifyReply)
        .type(JSON_TYPE)
        .send(stringifyAscii({ deliveries: deliveries.map(deliveryView) }));
    },
  );
};
