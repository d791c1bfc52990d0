/**
 * The map page (GET / and its same-origin script and stylesheet from public/) and GET /map.svg, the network
 * drawn alone. The page plans through the API itself (/routes, /nodes, /countries), so it needs nothing else.
 */
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { networkMapInput } from '../../../domain/export/map-input.js';
import { renderMapSvg } from '../../../domain/export/render-map-svg.js';
import { type Network, toAlpha2 } from '../../../domain/index.js';
import { problemResponse } from '../../errors/problem-responses.js';
import { MapPageQuerySchema, MapSvgSchema, NetworkMapQuerySchema } from '../../schemas/map-schemas.js';

/** public/ next to src/ and dist/, whichever this module runs from. */
export const PUBLIC_DIR = fileURLToPath(new URL('../../../../public/', import.meta.url));

export const mapRoute: FastifyPluginAsyncZod<{ network: Network }> = async (app, { network }) => {
  // Only the files present at start are routed (no wildcard), so unknown paths stay problem+json 404s. The page
  // itself is routed below, with the parameters of its address.
  await app.register(fastifyStatic, { root: PUBLIC_DIR, wildcard: false, index: false });

  app.get('/', { schema: { hide: true, querystring: MapPageQuerySchema } }, (_request, reply) =>
    reply.sendFile('index.html'),
  );

  app.get(
    '/map.svg',
    {
      schema: {
        operationId: 'getNetworkMap',
        tags: ['Network'],
        summary: 'The network as an SVG map',
        description:
          'The whole network drawn over country outlines (Natural Earth), with the countries in `avoid` hatched: the same drawing as `GET /routes?format=svg`, without routes. Self-contained (no external fonts, tiles or scripts).',
        querystring: NetworkMapQuerySchema,
        response: {
          200: {
            description: 'SVG map of the network',
            content: { 'image/svg+xml': { schema: MapSvgSchema } },
          },
          400: problemResponse('Invalid parameter or unknown country code'),
        },
      },
    },
    async (request, reply) => {
      const avoid = [...new Set((request.query.avoid ?? []).map((c) => toAlpha2(c, 'avoid')))].sort();
      return reply.type('image/svg+xml').send(renderMapSvg(networkMapInput(network, avoid)));
    },
  );
};
