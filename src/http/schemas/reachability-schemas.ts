/** Request and response schemas of GET /reachability. The constraint parameters are those of /routes (constraint-parameters.ts). */
import { z } from 'zod';
import { REACHABILITY_BUDGETS, ReachabilitySchema, ReachableNodeSchema } from '../../domain/index.js';
import { formatParameter } from './common-schema.js';
import { ConstraintParametersSchema, exclusionParameters } from './constraint-parameters.js';
import { instantParameter } from './timing-schemas.js';

export { ReachabilitySchema, ReachableNodeSchema };

const budget = (name: keyof typeof REACHABILITY_BUDGETS, what: string, example: number) =>
  z.coerce
    .number()
    .positive()
    .max(REACHABILITY_BUDGETS[name].max)
    .optional()
    .describe(
      `${what} (above 0, at most ${REACHABILITY_BUDGETS[name].max}). Give exactly one of maxHours, maxKm and maxCo2e; none or several is a 400.`,
    )
    .meta({ example });

export const ReachabilityQuerySchema = z
  .strictObject({
    origin: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .describe('Where the cargo starts: a node id or a place name/alias, matched as /routes matches origin.')
      .meta({ example: "Xi'an" }),
    maxHours: budget(
      'maxHours',
      'Budget in hours: nodes whose fastest route (optimize=time) takes at most this long, dwell and ferry waits included',
      432,
    ),
    maxKm: budget('maxKm', 'Budget in km: nodes whose shortest route is at most this long', 6000),
    maxCo2e: budget(
      'maxCo2e',
      'Budget in kg CO2e per tonne: nodes whose lowest-emission route (optimize=co2) emits at most this much',
      150,
    ),
    ...exclusionParameters,
    avoidAdvisories: ConstraintParametersSchema.shape.avoidAdvisories,
    networkDate: ConstraintParametersSchema.shape.networkDate,
    ignoreDisruptions: ConstraintParametersSchema.shape.ignoreDisruptions,
    departAt: instantParameter(
      'Departure the live disruptions are timed from (ISO 8601 date-time with an offset, or a date read as 00:00 UTC; default: now, rounded down to 5 minutes): a closure excludes what it closes when the cargo would get there, a delay adds its hours. Figures are deterministic (no simulated ranges).',
      '2026-12-05',
    ),
    format: formatParameter(
      ['json', 'geojson'],
      'Answer format: `json`, or `geojson` (application/geo+json: a FeatureCollection with one Point per reachable node, [lon, lat], with id, name, country, kinds, origin and the three costs as properties).',
    ),
  })
  .describe('Reachability query');

z.globalRegistry.add(ReachableNodeSchema, { id: 'ReachableNode' });
z.globalRegistry.add(ReachabilitySchema, { id: 'Reachability' });
