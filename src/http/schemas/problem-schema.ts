/** RFC 9457 problem details, the body of every non-2xx answer. */
import { z } from 'zod';
import { CONSTRAINT_KINDS } from '../../domain/index.js';
import { NodeRefSchema } from './common-schema.js';

export const ConstraintSchema = z
  .object({
    kind: z
      .enum(CONSTRAINT_KINDS)
      .describe(
        'What the constraint avoids: a country, mode, sea or node of the request, an advisory it avoids (avoidAdvisories, by advisory id), or a closure of the live state (by disruption id)',
      )
      .meta({ example: 'country' }),
    value: z
      .string()
      .describe('Country code, mode, sea id, node id, advisory id or disruption id')
      .meta({ example: 'GE' }),
  })
  .describe('One constraint of the request');

export const ProblemSchema = z
  .object({
    type: z
      .string()
      .describe('URI identifying the problem type')
      .meta({ example: 'urn:eurasia-freight-routes:problem:no-route' }),
    title: z.string().describe('Short summary of the problem type').meta({ example: 'No route' }),
    status: z.number().int().describe('HTTP status code').meta({ example: 422 }),
    detail: z.string().describe('What went wrong in this request, in plain words').meta({
      example:
        "No route from Xi'an (CN_XIAN) to Duisburg (DE_DUISBURG) avoiding BY, GE, IR, RU, TR: blocked by GE, TR; a route exists when allowing GE, or TR.",
    }),
    instance: z
      .string()
      .optional()
      .describe('The request path and query')
      .meta({ example: '/routes?origin=Xian&destination=Duisburg' }),
    code: z
      .enum([
        'INVALID_PARAMETER',
        'UNKNOWN_COUNTRY',
        'AMBIGUOUS_PLACE',
        'UNKNOWN_PLACE',
        'NOT_FOUND',
        'ENDPOINT_IN_AVOIDED_COUNTRY',
        'ENDPOINT_AVOIDED',
        'NO_ROUTE',
        'WAYPOINT_OFF_NETWORK',
        'METHOD_NOT_ALLOWED',
        'URI_TOO_LONG',
        'BAD_REQUEST',
        'REQUEST_TIMEOUT',
        'HEADERS_TOO_LARGE',
        'EXPECTATION_FAILED',
        'RATE_LIMITED',
        'OVERLOADED',
        'INTERNAL_ERROR',
        'INVALID_BODY',
        'UNKNOWN_TARGET',
        'UNAUTHORIZED',
        'FORBIDDEN',
        'PRECONDITION_FAILED',
        'PRECONDITION_REQUIRED',
        'PAYLOAD_TOO_LARGE',
        'UNSUPPORTED_MEDIA_TYPE',
        'IDEMPOTENCY_KEY_REUSED',
        'STORE_UNAVAILABLE',
      ])
      .describe('Stable machine-readable error code')
      .meta({ example: 'NO_ROUTE' }),
    parameter: z
      .string()
      .optional()
      .describe('The request parameter, body field (dotted path) or header at fault')
      .meta({ example: 'avoid' }),
    value: z.unknown().optional().describe('The offending value as received').meta({ example: 'XX' }),
    suggestions: z
      .array(NodeRefSchema)
      .optional()
      .describe('Nodes that may be what the caller meant, closest first (UNKNOWN_PLACE, AMBIGUOUS_PLACE)'),
    blockedBy: z
      .array(ConstraintSchema)
      .optional()
      .describe('Constraints that cut the origin off from the destination (NO_ROUTE)'),
    relaxations: z
      .array(
        z
          .object({ allow: z.array(ConstraintSchema).describe('Constraints to lift together') })
          .describe('A smallest set of constraints whose lifting restores a route'),
      )
      .optional()
      .describe('Every smallest set of up to 3 constraints whose lifting restores a route (NO_ROUTE)'),
    errors: z
      .array(
        z
          .object({
            parameter: z.string().describe('The parameter at fault').meta({ example: 'alternatives' }),
            detail: z
              .string()
              .describe('What is wrong with it')
              .meta({ example: 'Too big: expected number to be <=5' }),
          })
          .describe('One problem of several'),
      )
      .optional()
      .describe('All problems found, when there are several'),
  })
  .describe('RFC 9457 problem details');

z.globalRegistry.add(ProblemSchema, { id: 'Problem' });

export type Problem = z.output<typeof ProblemSchema>;
