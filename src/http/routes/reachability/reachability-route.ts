/** GET /reachability: every node within a budget of hours, km or CO2e from an origin, as JSON or GeoJSON. */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findReachable, REACHABILITY_BUDGETS, reachabilityToGeoJson } from '../../../domain/index.js';
import { problemResponse } from '../../errors/problem-responses.js';
import { ReachabilityQuerySchema, ReachabilitySchema } from '../../schemas/reachability-schemas.js';
import { FeatureCollectionSchema } from '../../schemas/route-schemas.js';
import { stringifyAscii } from '../../serving/ascii-json.js';
import { LiveContextReader, type LivePlanningRouteOptions, liveOptions } from '../../serving/live-context.js';
import { reachabilitySerializer } from '../../serving/reachability-serializer.js';
import { GEOJSON_CONTENT_TYPE, JSON_CONTENT_TYPE } from '../../serving/route-planner.js';

const BUDGET_PARAMETERS = Object.keys(REACHABILITY_BUDGETS);

export const reachabilityRoute: FastifyPluginAsyncZod<LivePlanningRouteOptions> = async (
  app,
  { network, context = new LiveContextReader() },
) => {
  const serialize = reachabilitySerializer();
  app.get(
    '/reachability',
    {
      config: { headers: 'api' },
      schema: {
        operationId: 'getReachability',
        tags: ['Routes'],
        summary: 'Every node reachable within a budget of hours, km or CO2e',
        description:
          "From an origin, on the network /routes plans on (its constraints avoid, avoidModes, avoidSeas, avoidNodes and avoidAdvisories, the links open on `networkDate`, and the live state's disruptions in force when the cargo gets there, timed from `departAt`, default now; `ignoreDisruptions=true` plans on the static network), every node whose best route by the budget's metric stays within the budget (`maxHours`, `maxKm` or `maxCo2e`: exactly one), with the totals /routes would give for that route. \"Where can a container get in 18 days from Xi'an without Russia\": `?origin=Xian&maxHours=432&avoid=RU,BY`. One bounded search.",
        querystring: ReachabilityQuerySchema,
        // OpenAPI parameters cannot say "exactly one of"; clients (and the documented-examples test) read this.
        'x-exactly-one-of': BUDGET_PARAMETERS,
        response: {
          200: {
            description: 'The reachable nodes, nearest first (or as GeoJSON Points)',
            content: {
              'application/json': { schema: ReachabilitySchema },
              'application/geo+json': { schema: FeatureCollectionSchema },
            },
          },
          400: problemResponse('Invalid parameter, no budget or several, or unknown country code'),
          404: problemResponse('Unknown place (with the closest matches)'),
          422: problemResponse('The origin is in an avoided country or is an avoided node'),
        },
      },
    },
    async (request, reply) => {
      const { origin, format, departAt, ...options } = request.query;
      // Planned on the network /routes plans on under the same snapshot of the live state.
      const live = liveOptions(context.read().plan, { networkDate: options.networkDate, departAt });
      const reach = findReachable(network, origin, { ...options, ...live });
      if (format === 'geojson') {
        // Text sent as it is (no serializer runs on it); the schema documents what it holds.
        return (reply as FastifyReply)
          .type(GEOJSON_CONTENT_TYPE)
          .send(stringifyAscii(reachabilityToGeoJson(network, reach)));
      }
      // Written from the answer's columns (reachability-serializer.ts) and sent as it is: a whole-network
      // answer has a row per node, too many to build as objects and run through the schema's encoding.
      return (reply as FastifyReply)
        .type(JSON_CONTENT_TYPE)
        .send(serialize(network, { ...reach, dataVersion: network.dataVersion }));
    },
  );
};
