/** GET /network: the whole network as GeoJSON, serialized once (the network is read-only), in ASCII. */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type Network, networkToGeoJson } from '../../../domain/index.js';
import { problemResponse } from '../../errors/problem-responses.js';
import { FeatureCollectionSchema } from '../../schemas/route-schemas.js';
import { asciiBytes, stringifyAscii } from '../../serving/ascii-json.js';
import { GEOJSON_CONTENT_TYPE } from '../../serving/route-planner.js';

export const networkRoute: FastifyPluginAsyncZod<{ network: Network }> = async (app, { network }) => {
  const body = asciiBytes(stringifyAscii(networkToGeoJson(network)));
  app.get(
    '/network',
    {
      schema: {
        operationId: 'getNetwork',
        tags: ['Network'],
        summary: 'The whole network as GeoJSON',
        description:
          'Every node as a Point (id, name, country, kinds, ...) and every link as a LineString through its waypoints ([lon, lat]) with all its attributes: from, to, mode, distanceKm, gauge, sea, sailing hours and sailings per week, operator, countries, status and source. Links not in service are included with their status.',
        response: {
          200: {
            description: 'GeoJSON FeatureCollection (RFC 7946)',
            content: { 'application/geo+json': { schema: FeatureCollectionSchema } },
          },
          400: problemResponse('Unknown parameter (this endpoint takes none)'),
        },
      },
      config: { headers: 'api' },
    },
    // Bytes are sent as they are (no serializer runs on them); the schema documents what they hold, so the reply
    // is the untyped one.
    async (_request, reply) => (reply as FastifyReply).type(GEOJSON_CONTENT_TYPE).send(body),
  );
};
