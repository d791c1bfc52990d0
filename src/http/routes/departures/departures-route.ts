/**
 * GET /departures: for a window of up to 31 departure days, the arrival range of each day's route and the best
 * day by p50 and by p90 duration (planDepartures). Planned in-process: candidates are searched once per request
 * and each day costs a few simulations.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { MAX_DEPARTURE_DAYS, type Network, planDepartures } from '../../../domain/index.js';
import { problemResponse } from '../../errors/problem-responses.js';
import { DeparturePlanSchema, DeparturesQuerySchema } from '../../schemas/departure-schemas.js';

export const departuresRoute: FastifyPluginAsyncZod<{ network: Network }> = async (app, { network }) => {
  app.get(
    '/departures',
    {
      schema: {
        operationId: 'compareDepartures',
        tags: ['Routes'],
        summary: 'Arrival ranges for each departure day of a window',
        description: `For each day from \`from\` (up to ${MAX_DEPARTURE_DAYS} days), when cargo leaving at 00:00 UTC arrives: p10, p50 and p90 from a seeded simulation of ferry timetables, weather closures by month and dwell distributions by node and date, under every /routes constraint. \`best\` names the day with the shortest median and the shortest 90th-percentile duration. With optimize=time each day takes the corridor with the earliest expected arrival.`,
        querystring: DeparturesQuerySchema,
        response: {
          200: DeparturePlanSchema,
          400: problemResponse(
            'Invalid parameter (e.g. days above the cap), unknown country code, or ambiguous place',
          ),
          404: problemResponse('Unknown place (with the closest matches)'),
          422: problemResponse(
            'Origin or destination in an avoided country, or no route under the constraints',
          ),
        },
      },
      config: { headers: 'api' },
    },
    async (request) => {
      const { origin, destination, ...options } = request.query;
      return { ...planDepartures(network, origin, destination, options), dataVersion: network.dataVersion };
    },
  );
};
