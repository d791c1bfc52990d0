/**
 * OGC API - Routes, Part 1 (OGC 21-000, 1.0.0-draft.1) under /ogc/: the landing page, the conformance
 * declaration and POST /ogc/routes, which computes a route synchronously (routes are not stored: the
 * "Manage routes" class is not implemented) and answers it in the Route Exchange Model.
 */
import type { FastifyReply, preValidationHookHandler } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type Network, routeThroughWaypoints, routeToRem } from '../../../domain/index.js';
import { problem, sendProblem } from '../../errors/problem.js';
import { problemResponse } from '../../errors/problem-responses.js';
import {
  OGC_CONFORMANCE,
  OGC_PREFERENCES,
  OgcConformanceSchema,
  OgcLandingPageSchema,
  OgcRouteDefinitionSchema,
  RouteExchangeModelSchema,
} from '../../schemas/ogc-schemas.js';
import { stringifyAscii } from '../../serving/ascii-json.js';
import { GEOJSON_CONTENT_TYPE } from '../../serving/route-planner.js';

/** Route definitions are small; anything larger is refused before parsing. */
export const OGC_BODY_LIMIT = 16 * 1024;

const REL = 'http://www.opengis.net/def/rel/ogc/1.0';

/** A route definition is JSON: any other body is a 415 rather than a schema error about a missing object. */
const requireJson: preValidationHookHandler = (request, _reply, done) => {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    done(
      Object.assign(
        new Error(`content-type: send the route definition as application/json, not "${type || 'none'}"`),
        {
          statusCode: 415,
        },
      ),
    );
    return;
  }
  done();
};

export const ogcRoute: FastifyPluginAsyncZod<{ network: Network }> = async (app, { network }) => {
  // The rest of the API takes no bodies (protection.ts); this scope parses JSON route definitions only.
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: OGC_BODY_LIMIT },
    (_req, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        const error = Object.assign(new Error('the request body is not valid JSON'), { statusCode: 400 });
        done(error, undefined);
      }
    },
  );

  app.get(
    '/ogc',
    {
      config: { headers: 'api' },
      schema: {
        operationId: 'getOgcLandingPage',
        tags: ['OGC API - Routes'],
        summary: 'OGC API - Routes landing page',
        description:
          'Links to the API definition, its documentation, the conformance declaration and the routes resource.',
        response: { 200: OgcLandingPageSchema },
      },
    },
    async () => ({
      title: 'Eurasia freight routes: OGC API - Routes',
      description:
        'Rail, ferry and road freight routes between China and Europe (Northern, Middle and Southern corridors), computed synchronously and answered in the OGC Route Exchange Model.',
      links: [
        { href: '/ogc', rel: 'self', type: 'application/json', title: 'This document' },
        {
          href: '/openapi.json',
          rel: 'service-desc',
          type: 'application/vnd.oai.openapi+json;version=3.1',
          title: 'The API definition (OpenAPI 3.1)',
        },
        { href: '/docs', rel: 'service-doc', type: 'text/html', title: 'The API documentation' },
        {
          href: '/ogc/conformance',
          rel: `${REL}/conformance`,
          type: 'application/json',
          title: 'The requirement classes this API implements',
        },
        { href: '/ogc/routes', rel: `${REL}/routes`, type: 'application/json', title: 'Compute routes' },
      ],
    }),
  );

  app.get(
    '/ogc/conformance',
    {
      config: { headers: 'api' },
      schema: {
        operationId: 'getOgcConformance',
        tags: ['OGC API - Routes'],
        summary: 'OGC API - Routes conformance declaration',
        description:
          'The requirement classes implemented: OGC API - Routes "Core" and "Intermediate waypoints", and the Route Exchange Model; with the routing preferences the core class supports (the first is the default).',
        response: { 200: OgcConformanceSchema },
      },
    },
    async () => ({
      conformsTo: Object.values(OGC_CONFORMANCE),
      properties: { [OGC_CONFORMANCE.routesCore]: { preferences: Object.keys(OGC_PREFERENCES) } },
    }),
  );

  // Routes are computed, not stored ("Manage routes" is not implemented): a GET says how to ask instead.
  app.get('/ogc/routes', { schema: { hide: true }, config: { headers: 'api' } }, async (request, reply) =>
    sendProblem(
      reply.header('allow', 'POST'),
      problem(
        'METHOD_NOT_ALLOWED',
        'GET /ogc/routes: routes are not stored; POST a route definition to /ogc/routes to compute one',
        request,
      ),
    ),
  );

  app.post(
    '/ogc/routes',
    {
      config: { headers: 'api' },
      bodyLimit: OGC_BODY_LIMIT,
      preValidation: requireJson,
      schema: {
        operationId: 'computeOgcRoute',
        tags: ['OGC API - Routes'],
        summary: 'Compute a route (OGC API - Routes)',
        description:
          'Computes the best route through the waypoints (start, up to 5 intermediate points in order, end), given as a GeoJSON MultiPoint of [lon, lat] positions snapped to the nearest nodes, or as node ids / place names, by the preference (`shortest`, `fastest` or `lowest-co2e`). Synchronous: the answer is the route itself, in the Route Exchange Model (overview, start, one segment per leg, end, with `length_m` and `duration_s`). Routes are not stored.',
        body: OgcRouteDefinitionSchema,
        response: {
          200: {
            description: 'The route in the Route Exchange Model',
            content: { 'application/geo+json': { schema: RouteExchangeModelSchema } },
          },
          400: problemResponse(
            'The route definition is not valid (schema, coordinates, preference, waypoint names)',
          ),
          413: problemResponse('The route definition is larger than 16 KiB'),
          415: problemResponse('The route definition is not application/json'),
          422: problemResponse(
            'Valid, but no route can be computed: a waypoint off the network, in an avoided country, or no route under the constraints',
          ),
        },
      },
    },
    async (request, reply) => {
      const { name, waypoints, preference, ...constraints } = request.body.inputs;
      const value = waypoints.value;
      const points = Array.isArray(value) ? value : value.coordinates;
      const planned = routeThroughWaypoints(network, points as Parameters<typeof routeThroughWaypoints>[1], {
        ...constraints,
        optimize: OGC_PREFERENCES[preference],
        parameter: Array.isArray(value) ? 'inputs.waypoints.value' : 'inputs.waypoints.value.coordinates',
      });
      const rem = routeToRem(network, planned.route, {
        ...(name !== undefined ? { name } : {}),
        preference,
        waypoints: planned.waypoints,
        warnings: planned.warnings,
        dataVersion: network.dataVersion,
      });
      // Text sent as it is (no serializer runs on it); the schema documents what it holds.
      return (reply as FastifyReply).type(GEOJSON_CONTENT_TYPE).send(stringifyAscii(rem));
    },
  );
};
