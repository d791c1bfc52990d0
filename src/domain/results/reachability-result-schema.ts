/** The nodes /reachability answers: every node within a budget from an origin, with its costs. */
import { z } from 'zod';
import { REACHABILITY_BUDGETS } from '../planning/reachability.js';
import { dataVersionField, exclusionEchoFields, liveDepartureEcho, optimizeEcho } from './echo-fields.js';
import { NodeRefSchema } from './node-ref-schema.js';
import { RoutePlanSchema } from './route-result-schemas.js';

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
    ...exclusionEchoFields,
    avoidAdvisories: RoutePlanSchema.shape.avoidAdvisories,
    networkDate: RoutePlanSchema.shape.networkDate,
    departAt: liveDepartureEcho,
    budget: z
      .object({
        name: z
          .enum(Object.keys(REACHABILITY_BUDGETS) as [keyof typeof REACHABILITY_BUDGETS])
          .describe('The budget parameter given')
          .meta({ example: 'maxHours' }),
        value: z.number().describe('Its value').meta({ example: 432 }),
      })
      .describe('The budget'),
    optimize: optimizeEcho(
      "The cost model that chose each node's route: the budget's (maxHours: time, maxKm: distance, maxCo2e: co2)",
      'time',
    ),
    dataVersion: dataVersionField,
    nodes: z
      .array(ReachableNodeSchema)
      .describe(
        "The origin first (all zero), then every node whose reported figure for the budget (durationHours, distanceKm or co2eKgPerTonne) is within it, nearest by the budget's metric first",
      ),
  })
  .describe('Every node reachable from the origin within the budget');
