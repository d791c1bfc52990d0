/** Request and response schemas of GET /reachability. The constraint parameters are those of /routes, reused. */
import { z } from 'zod';
import { REACHABILITY_BUDGETS } from '../../domain/index.js';
import { NodeRefSchema } from './common-schema.js';
import { LIVE_DEPARTURE_ECHO, RoutePlanSchema, RoutesQuerySchema } from './route-schemas.js';
import { instantParameter } from './timing-schemas.js';

const { avoid, avoidModes, avoidSeas, avoidNodes, networkDate, avoidAdvisories, ignoreDisruptions } =
  RoutesQuerySchema.shape;

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
    avoid,
    avoidModes,
    avoidSeas,
    avoidNodes,
    avoidAdvisories,
    networkDate,
    ignoreDisruptions,
    departAt: instantParameter(
      'Departure the live disruptions are timed from (ISO 8601 date-time with an offset, or a date read as 00:00 UTC; default: now, rounded down to 5 minutes): a closure excludes what it closes when the cargo would get there, a delay adds its hours. Figures are deterministic (no simulated ranges).',
      '2026-12-05',
    ),
    format: z
      .enum(['json', 'geojson'])
      .default('json')
      .describe(
        'Answer format: `json`, or `geojson` (application/geo+json: a FeatureCollection with one Point per reachable node, [lon, lat], with id, name, country, kinds, origin and the three costs as properties).',
      )
      .meta({ example: 'json' }),
  })
  .describe('Reachability query');

export const ReachableNodeSchema = z
  .object({
    node: NodeRefSchema,
    distanceKm: z
      .number()
      .describe('km of the route (the same figure /routes gives)')
      .meta({ example: 3530.2 }),
    durationHours: z.number().describe('Hours of the route').meta({ example: 160.4 }),
    co2eKgPerTonne: z.number().describe('kg CO2e per tonne of the route').meta({ example: 88.3 }),
  })
  .describe("A node within the budget, with the totals of its best route by the budget's metric");

export const ReachabilitySchema = z
  .object({
    origin: NodeRefSchema,
    avoid: z
      .array(z.string())
      .describe('Avoided countries, normalised to alpha-2 and sorted')
      .meta({ example: ['BY', 'RU'] }),
    avoidModes: z.array(z.string()).describe('Avoided modes').meta({ example: [] }),
    avoidSeas: z.array(z.string()).describe('Avoided seas, by id').meta({ example: [] }),
    avoidNodes: z.array(z.string()).describe('Avoided nodes, by id').meta({ example: [] }),
    avoidAdvisories: RoutePlanSchema.shape.avoidAdvisories,
    networkDate: RoutePlanSchema.shape.networkDate,
    departAt: LIVE_DEPARTURE_ECHO,
    budget: z
      .object({
        name: z
          .enum(Object.keys(REACHABILITY_BUDGETS) as [keyof typeof REACHABILITY_BUDGETS])
          .describe('The budget parameter given')
          .meta({ example: 'maxHours' }),
        value: z.number().describe('Its value').meta({ example: 432 }),
      })
      .describe('The budget'),
    optimize: z
      .enum(['distance', 'time', 'co2'])
      .describe(
        "The cost model that chose each node's route: the budget's (maxHours: time, maxKm: distance, maxCo2e: co2)",
      )
      .meta({ example: 'time' }),
    dataVersion: z.string().describe('sha256 of the loaded network data').meta({ example: 'sha256:9f2c0e…' }),
    nodes: z
      .array(ReachableNodeSchema)
      .describe(
        "The origin first (all zero), then every node whose reported figure for the budget (durationHours, distanceKm or co2eKgPerTonne) is within it, nearest by the budget's metric first",
      ),
  })
  .describe('Every node reachable from the origin within the budget');

z.globalRegistry.add(ReachableNodeSchema, { id: 'ReachableNode' });
z.globalRegistry.add(ReachabilitySchema, { id: 'Reachability' });
