/**
 * Fields several answers share: the exclusions they were planned under, normalised, the cost model (each answer
 * says in its own words what it chose by it) and the data version.
 */
import { z } from 'zod';
import { METRICS } from '../routing/routing-index.js';

export const exclusionEchoFields = {
  avoid: z
    .array(z.string())
    .describe('Avoided countries, normalised to alpha-2 and sorted')
    .meta({ example: ['BY', 'RU'] }),
  avoidModes: z.array(z.string()).describe('Avoided modes').meta({ example: [] }),
  avoidSeas: z.array(z.string()).describe('Avoided seas, by id').meta({ example: [] }),
  avoidNodes: z.array(z.string()).describe('Avoided nodes, by id').meta({ example: [] }),
};

export const dataVersionField = z
  .string()
  .describe('sha256 of the loaded network data')
  .meta({ example: 'sha256:9f2c0e…' });

/** The cost model an answer was planned with. */
export const optimizeEcho = (description: string, example: (typeof METRICS)[number]) =>
  z.enum(METRICS).describe(description).meta({ example });

/** The departure /matrix and /reachability echo: what their live disruptions were timed from. */
export const liveDepartureEcho = z
  .string()
  .optional()
  .describe(
    'The departure the live disruptions were timed from, ISO 8601 UTC (departAt, else now rounded down to 5 minutes); absent when no disruption was considered (none in the live state, or ignoreDisruptions=true)',
  )
  .meta({ example: '2026-12-05T00:00:00.000Z' });
