/**
 * GET /routes: parse, plan (findRoutes, in-process or in a worker), reply with the serialized answer. Answers
 * are cached serialized (route-cache.ts): a repeat of a query string is answered by the route's own onRequest
 * hook, the last of its onRequest hooks (after the request id, security headers, CORS, draining, load shedding
 * and the rate limit) and before any validation or serialization; an equivalent query (same resolved places and
 * sets) skips the planning. The `x-cache` header says `hit` or `miss`.
 */
import type { FastifyReply, onRequestHookHandler, RouteOptions } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Network } from '../../../domain/index.js';
import { problemResponse } from '../../errors/problem-responses.js';
import { MapSvgSchema } from '../../schemas/map-schemas.js';
import { FeatureCollectionSchema, RoutePlanSchema, RoutesQuerySchema } from '../../schemas/route-schemas.js';
import { LiveContextReader } from '../../serving/live-context.js';
import { canonicalRouteKey, RouteCache } from '../../serving/route-cache.js';
import { inProcessPlanner, type RoutePlanner } from '../../serving/route-planner.js';

export interface RoutesRouteOptions {
  network: Network;
  /** Cached answers (default: none). */
  cache?: RouteCache;
  /** Where queries are planned (default: in-process). */
  planner?: RoutePlanner;
  /** The live state's snapshot, the clock and the day (default: no disruptions, the system clock). */
  context?: LiveContextReader;
}

export const routesRoute: FastifyPluginAsyncZod<RoutesRouteOptions> = async (
  app,
  {
    network,
    cache = new RouteCache(0),
    planner = inProcessPlanner(network),
    context: contextReader = new LiveContextReader(),
  },
) => {
  // A repeat is answered after every other onRequest hook: the rate limit counts in onRequest (its hook is put on
  // each route as the route is added, see rate-limit.ts), and a cached answer is an answer.
  const answerRepeat: onRequestHookHandler = (request, reply, done) => {
    // Request URLs and canonical keys share the cache without a prefix: a URL starts with "/", a canonical key
    // with "[" (canonicalRouteKey), and the URL string as parsed is looked up as it is, not copied. An entry
    // made under another live state, day or departure step is not served (the handler replaces it).
    const hit = cache.get(request.url);
    if (hit === undefined || hit.stamp !== contextReader.read().stamp) {
      done();
      return;
    }
    cache.hits++;
    reply.header('x-cache', 'hit').type(hit.contentType).send(hit.body);
  };
  if (cache.enabled) {
    // Added as the route is added, after the hooks the plugins registered before this one put on it.
    app.addHook('onRoute', (route: RouteOptions) => {
      if (route.url !== '/routes') return;
      const given = route.onRequest;
      route.onRequest = given === undefined ? [answerRepeat] : [...[given].flat(), answerRepeat];
    });
  }
  app.get(
    '/routes',
    {
      schema: {
        operationId: 'findRoutes',
        tags: ['Routes'],
        summary: 'Best route (and alternatives) between two places',
        description:
          'Finds the best route by distance, time or CO2e between two places, leg by leg, under hard constraints: countries, modes, seas and nodes to avoid, and via points. Each leg says its mode, sea (ferries), countries, distance, time and CO2e; each route says whether it crosses the Caspian or the Black Sea by ferry and whether (usesRoad) and how far (roadKm) it goes by road. Unknown parameters are rejected, so a misspelt filter never passes silently.',
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
      config: { headers: 'api' },
    },
    async (request, reply) => {
      // The live state is read once: the key, the plan and the stamp all come from this one snapshot.
      const context = contextReader.read();
      const key = cache.enabled ? canonicalRouteKey(network, request.query, context) : undefined;
      let answer = key === undefined ? undefined : cache.get(key);
      const hit = answer !== undefined;
      if (answer === undefined) {
        cache.misses++;
        answer = await planner(request.query, context.plan);
        if (key !== undefined) cache.set(key, answer);
      } else {
        cache.hits++;
      }
      // Without a canonical key the answer is not cached at all (it depends on the clock).
      if (key !== undefined)
        cache.set(request.url, { contentType: answer.contentType, body: answer.body, stamp: context.stamp });
      // Bytes are sent as they are (no serializer runs on them); the schemas document what they hold, so the
      // reply is the untyped one.
      return (reply as FastifyReply)
        .header('x-cache', hit ? 'hit' : 'miss')
        .type(answer.contentType)
        .send(answer.body);
    },
  );
};
