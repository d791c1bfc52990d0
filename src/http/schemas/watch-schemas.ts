/**
 * The /watches resource: a route query to re-plan on each change of the live state, a callback URL for
 * signed webhooks, and the deliveries made to it.
 */
import { z } from 'zod';
import { DELIVERY_STATUSES } from '../../state/watch-store.js';

export const WatchQueryInputSchema = z
  .union([
    z.string().max(8192).describe('A /routes query string: `origin=Xian&destination=Duisburg&avoid=RU,BY`'),
    z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]))
      .describe('The /routes parameters as an object: `{"origin": "Xian", "avoid": ["RU", "BY"]}`'),
  ])
  .describe(
    'The route to watch: the parameters of GET /routes (origin, destination, avoid, optimize, via, departAt, ...), as an object or as a query string; validated as /routes validates them (unknown parameters are refused).',
  )
  .meta({ example: { origin: "Xi'an", destination: 'Duisburg', avoid: ['RU', 'BY'] } });

/** POST /watches. */
export const WatchCreateSchema = z
  .strictObject({
    query: WatchQueryInputSchema,
    callbackUrl: z
      .string()
      .describe(
        'Where webhooks are POSTed: an `https` URL whose host resolves to public addresses only (private, loopback, link-local and unique-local addresses are refused, and checked again before each attempt)',
      )
      .meta({ example: 'https://hooks.example.com/freight/route-changed' }),
  })
  .describe('A new watch');

const WatchLegSchema = z
  .object({
    from: z.string().describe('Node id').meta({ example: 'KZ_AKTAU' }),
    to: z.string().describe('Node id').meta({ example: 'AZ_ALAT' }),
    mode: z.string().describe('`rail`, `ferry` or `road`').meta({ example: 'ferry' }),
    sea: z.string().optional().describe('Ferry legs: the sea').meta({ example: 'Caspian Sea' }),
  })
  .describe('A leg of the watched route');

export const WatchAnswerSchema = z
  .object({
    outcome: z
      .enum(['route', 'none'])
      .describe('`route`: a route was found; `none`: no route under the live state (see `problem`)'),
    route: z
      .object({
        countries: z.array(z.string()).describe('Countries in the order travelled'),
        distanceKm: z.number().describe('Distance of the best route, km'),
        durationHours: z.number().describe('Duration of the best route, hours'),
        legs: z.array(WatchLegSchema).describe('Its legs; a change of these sends a webhook'),
        arrival: z
          .string()
          .optional()
          .describe('Expected arrival (p50) when the query has departAt; a change of it sends a webhook'),
        disruptions: z.array(z.string()).describe('Ids of the disruptions in force on the route'),
      })
      .optional()
      .describe('The best route, when there is one'),
    disruptionsAvoided: z
      .array(z.string())
      .describe('Ids of the closures that moved the answer off its best undisrupted route'),
    problem: z
      .object({
        code: z.string().describe('`NO_ROUTE`').meta({ example: 'NO_ROUTE' }),
        detail: z.string().describe('Why, as /routes says it'),
        blockedBy: z
          .array(z.object({ kind: z.string(), value: z.string() }))
          .optional()
          .describe('The constraints that block, closures as `{"kind": "disruption"}`'),
      })
      .optional()
      .describe('Why there is no route'),
  })
  .describe("A watch's answer, as the webhook carries it in `previous` and `current`");

export const WatchResourceSchema = z
  .object({
    id: z.string().describe('Watch id').meta({ example: '0b9f3c1e-6a47-4f55-9a3e-7a2d8c5e1f20' }),
    version: z.number().int().describe('Starts at 1; incremented each time the answer changes (the ETag)'),
    query: z
      .record(z.string(), z.union([z.string(), z.array(z.string())]))
      .describe('The route query, as /routes reads it (lists as arrays)'),
    callbackUrl: z.string().describe('Where webhooks go'),
    answer: WatchAnswerSchema,
    stateVersion: z.string().describe('The live-state version the answer was planned under'),
    evaluatedAt: z.string().describe('When the answer was last planned, ISO 8601 UTC'),
    createdAt: z.string().describe('ISO 8601 UTC'),
    createdBy: z.string().describe('The name of the API key that created it'),
  })
  .describe('A watch');

export const WatchCreatedSchema = WatchResourceSchema.extend({
  secret: z
    .string()
    .describe(
      'The signing secret (`whsec_` + base64; the HMAC key is the decoded bytes). Shown once, here: store it to verify `Webhook-Signature`.',
    )
    .meta({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }),
}).describe('The new watch, with its secret (shown once)');

export const WatchListSchema = z
  .object({ watches: z.array(WatchResourceSchema).describe("This API key's watches, oldest first") })
  .describe('Watches');

export const WatchParamsSchema = z.object({
  id: z.string().max(100).describe('Watch id').meta({ example: '0b9f3c1e-6a47-4f55-9a3e-7a2d8c5e1f20' }),
});

export const DeliverySchema = z
  .object({
    id: z.string().describe('Delivery id, sent as `Webhook-Id` on every attempt: drop duplicates by it'),
    watchId: z.string().describe('Watch id'),
    status: z
      .enum(DELIVERY_STATUSES)
      .describe(
        '`pending` (to be sent or retried), `delivered` (a 2xx answer), `failed` (attempts used up), `cancelled` (watch deleted)',
      ),
    stateVersion: z.string().describe('The live-state version of the change'),
    attempts: z.number().int().describe('Attempts made'),
    nextAttemptAt: z.string().nullable().describe('When it is (re)tried next, while pending'),
    lastAttemptAt: z.string().nullable().describe('When it was last tried'),
    lastStatus: z.number().int().nullable().describe("The HTTP status of the last attempt's answer"),
    lastError: z.string().nullable().describe('Why the last attempt failed'),
    createdAt: z.string().describe('When it was queued'),
    deliveredAt: z.string().nullable().describe('When a 2xx answer came'),
  })
  .describe('A webhook delivery');

export const DeliveryListSchema = z
  .object({ deliveries: z.array(DeliverySchema).describe('Newest first, at most 100') })
  .describe("A watch's deliveries");
