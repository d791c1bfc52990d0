/** GET /routes: parse, call findRoutes, shape the reply. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findRoutes, type Network, routePlanToGeoJson } from '../../domain/index.js';
import { routePlanMapInput } from '../../render/map-input.js';
import { renderMapSvg } from '../../render/render-map-svg.js';
import { MapSvgSchema } from '../schemas/map-schemas.js';
import { FeatureCollectionSchema, RoutePlanSchema, RoutesQuerySchema } from '../schemas/route-schemas.js';
import { sendSerialized } from '../send-serialized.js';
import { problemResponse } from './problem-responses.js';

export const routesRoute: FastifyPluginAsyncZod<{ network: Network }> = async (app, { network }) => {
  app.get(
    '/routes',
    {
      schema: {
        operationId: 'findRoutes',
        tags: ['Routes'],
        summary: 'Best route (and alternatives) between two places',
        description:
          'Finds the best route by distance, time or CO2e between two places, leg by leg, under hard constraints: countries, modes, seas and nodes to avoid, and via points. Each leg says its mode, sea (ferries), countries, distance, time and CO2e; each route says whether it crosses the Caspian or the Black Sea by ferry. Unknown parameters are rejected, so a misspelt filter never passes silently.',
        querystring: RoutesQuerySchema,
        response: {
          200: {
            description: 'The best route first, then any alternatives',
            content: {
              'application/json': { schema: RoutePlanSchema },
              'application/geo+json': { schema: FeatureCollectionSchema },
              'image/svg+xml': { schema: MapSvgSchema },
            },
          },
          400: problemResponse('Invalid parameter, unknown country code, or ambiguous place name'),
          404: problemResponse('Unknown place (with the closest matches)'),
          422: problemResponse(
            'Origin or destination in an avoided country, or no route under the constraints (with the constraints that block and the smallest relaxations)',
          ),
        },
      },
    },
    async (request, reply) => {
      const { origin, destination, format, ...options } = request.query;
      const plan = { ...findRoutes(network, origin, destination, options), dataVersion: network.dataVersion };
      if (format === 'geojson') {
        return sendSerialized(
          reply,
          'application/geo+json',
          JSON.stringify(routePlanToGeoJson(network, plan)),
        );
      }
      if (format === 'svg') {
        return sendSerialized(reply, 'image/svg+xml', renderMapSvg(routePlanMapInput(network, plan)));
      }
      return plan;
    },
  );
};
