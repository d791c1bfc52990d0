/**
 * The constraint parameters of /routes, written once: /routes takes them all, /departures, /matrix and
 * /reachability pick theirs (`.pick(...).shape`), so a parameter's bounds, description and example are the
 * same wherever it is accepted.
 */
import { z } from 'zod';
import { ADVISORY_KINDS, isCalendarDate, METRICS, MODES, ROUTE_LIMITS } from '../../domain/index.js';
import { listParameter } from './common-schema.js';

export const ConstraintParametersSchema = z.strictObject({
  avoid: listParameter(
    z.string().max(20),
    ROUTE_LIMITS.maxAvoid,
    'Countries to exclude: ISO 3166-1 alpha-2 or alpha-3 codes, any case. No node in these countries and no link through them is used. An unknown code is a 400 UNKNOWN_COUNTRY; a valid code with no node in the network is accepted.',
    ['RU', 'BY'],
  ),
  avoidModes: listParameter(z.enum(MODES), MODES.length, 'Transport modes to exclude.', ['ferry']),
  avoidSeas: listParameter(
    z.string().max(60),
    20,
    'Seas whose ferries must not be used, by id (`caspian`, `black-sea`, `lake-van`) or name ("Black Sea").',
    ['black-sea'],
  ),
  avoidNodes: listParameter(
    z.string().max(200),
    ROUTE_LIMITS.maxAvoidNodes,
    'Nodes (ids or names) that the route must not pass through.',
    ['GE_POTI'],
  ),
  via: listParameter(
    z.string().max(200),
    ROUTE_LIMITS.maxVia,
    'Places (ids or names) the route must pass through, in this order.',
    ['AZ_ALAT'],
  ),
  optimize: z
    .enum(METRICS)
    .default('distance')
    .describe(
      'What "best" means: `distance` (km), `time` (hours: running time, dwell at borders, gauge changes and ports, ferry sailing and waiting) or `co2` (kg CO2e per tonne).',
    )
    .meta({ example: 'distance' }),
  cargoTonnes: z.coerce
    .number()
    .positive()
    .max(ROUTE_LIMITS.maxCargoTonnes)
    .optional()
    .describe('Cargo mass in tonnes; when given, legs and routes also report `co2eKg`.')
    .meta({ example: 20 }),
  avoidAdvisories: listParameter(
    z.enum(ADVISORY_KINDS),
    ADVISORY_KINDS.length,
    'Advisory kinds to stay clear of: no country, link or node that an advisory of these kinds (in force on the network date) covers is used. Without it, routes still list the advisories they touch.',
    ['war-risk', 'sanctions'],
  ),
  networkDate: z
    .string()
    .refine(isCalendarDate, { message: 'must be a day written YYYY-MM-DD, such as "2030-01-01"' })
    .optional()
    .describe(
      'Route on the network as of this day (YYYY-MM-DD; default: today, UTC): only links open that day (a planned link from its opening date, a closed one until its closing date), and the advisories in force that day. Echoed in the answer.',
    )
    .meta({ example: '2030-06-01' }),
  ignoreDisruptions: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe(
      '`true`: plan on the static network, disregarding the disruptions of the live state (closures and delays). By default a closure in force when the cargo would reach its node, link, sea or border excludes it, and a delay in force adds its hours of dwell.',
    )
    .meta({ example: 'false' }),
});

/** The four exclusions every planning endpoint takes, in the order they are documented. */
export const exclusionParameters = ConstraintParametersSchema.pick({
  avoid: true,
  avoidModes: true,
  avoidSeas: true,
  avoidNodes: true,
}).shape;
