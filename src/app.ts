/**
 * Builds the application around a loaded network: validators, error handling, the plugins that frame every
 * request, docs and routes. It never listens; server.ts does (and tests inject requests). The app owns its
 * HTTP caches: the route cache and the route planner's serializer memory.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { LiveStateSource, Network } from './domain/index.js';
import { registerErrorHandling } from './http/errors/error-handler.js';
import {
  clientErrorHandler,
  frameworkErrors,
  MAX_PATH_PARAMETER_LENGTH,
} from './http/errors/pre-routing-errors.js';
import { swaggerOptions } from './http/openapi/openapi.js';
import { corsProtection } from './http/plugins/cors.js';
import { drain, drainServerOptions } from './http/plugins/drain.js';
import { httpFraming, httpFramingServerOptions } from './http/plugins/http-framing.js';
import { loadShedding } from './http/plugins/load-shedding.js';
import {
  IN_PROCESS_PROTECTION,
  type ProtectionOptions,
  timeoutServerOptions,
} from './http/plugins/protection-options.js';
import { parseQueryString, strictQuery } from './http/plugins/query-string.js';
import { rateLimitProtection } from './http/plugins/rate-limit.js';
import { requestBodies } from './http/plugins/request-bodies.js';
import { requestIdPlugin, requestIdServerOptions } from './http/plugins/request-id.js';
import { appLoggerOptions, OneLinePerRequest } from './http/plugins/request-log.js';
import { securityHeaders, useHeaderSet } from './http/plugins/security-headers.js';
import { departuresRoute } from './http/routes/departures/departures-route.js';
import { disruptionsRoute } from './http/routes/disruptions/disruptions-route.js';
import { mapRoute, PUBLIC_DIR } from './http/routes/map/map-route.js';
import { matrixRoute } from './http/routes/matrix/matrix-route.js';
import { metaRoute } from './http/routes/meta/meta-route.js';
import { networkRoute } from './http/routes/network/network-route.js';
import { nodesRoute } from './http/routes/nodes/nodes-route.js';
import { ogcRoute } from './http/routes/ogc/ogc-route.js';
import { reachabilityRoute } from './http/routes/reachability/reachability-route.js';
import { routesRoute } from './http/routes/routes/routes-route.js';
import { watchesRoute } from './http/routes/watches/watches-route.js';
import { escapeNonAscii } from './http/serving/ascii-json.js';
import { LiveContextReader } from './http/serving/live-context.js';
import { DEFAULT_ROUTE_CACHE_SIZE, RouteCache } from './http/serving/route-cache.js';
import type { RoutePlanner } from './http/serving/route-planner.js';
import type { WorkerPoolHealth } from './http/serving/route-worker-pool.js';
import type { LiveMirror } from './state/live-mirror.js';
import type { StateStore } from './state/state-store.js';
import type { WatchService } from './watches/watch-service.js';

/** Where Swagger UI is served. */
export const DOCS_PREFIX = '/docs';
/** The accessibility stylesheet of Swagger UI under /docs (public/docs.css), read once at start. */
const DOCS_CSS = readFileSync(join(PUBLIC_DIR, 'docs.css'), 'utf8');

export interface BuildAppOptions {
  network: Network;
  /** Fastify logger options (level, destination; false in tests); serializers and redaction are added. */
  logger?: FastifyServerOptions['logger'];
  /** Rate limiting, CORS, timeouts, load shedding; defaults to IN_PROCESS_PROTECTION (no rate limit). */
  protection?: ProtectionOptions;
  /** Cached /routes answers (0 = no cache); DEFAULT_ROUTE_CACHE_SIZE by default. */
  routeCacheSize?: number;
  /** Where /routes queries are planned (a worker pool); in-process by default. */
  routePlanner?: RoutePlanner;
  /** The worker pool's state, for /health (degraded while below strength). */
  routeWorkers?: () => WorkerPoolHealth;
  /** The live state (disruptions) /routes plans with; default: none, the static network. */
  liveState?: LiveStateSource;
  /** The clock departures and the default network date are read from; default: the system clock. */
  clock?: () => Date;
  /** The live-state store and its mirror: /disruptions, and the store in /health. */
  state?: { store: StateStore; mirror: LiveMirror };
  /** Writes per minute per API key (0 = no limit); DEFAULT_WRITE_RATE_LIMIT by default. */
  writeRateLimitMax?: number;
  /** This process's watches (evaluator and webhook sender): /watches; without them /watches is a 503. */
  watches?: WatchService;
}

export async function buildApp({
  network,
  logger = false,
  protection = IN_PROCESS_PROTECTION,
  routeCacheSize = DEFAULT_ROUTE_CACHE_SIZE,
  routePlanner,
  routeWorkers,
  liveState,
  clock,
  state,
  writeRateLimitMax,
  watches,
}: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: appLoggerOptions(logger),
    logController: new OneLinePerRequest(),
    routerOptions: {
      querystringParser: parseQueryString,
      ignoreTrailingSlash: true,
      maxParamLength: MAX_PATH_PARAMETER_LENGTH,
    },
    clientErrorHandler,
    frameworkErrors,
    ...requestIdServerOptions,
    ...drainServerOptions,
    ...timeoutServerOptions(protection),
    http: { ...timeoutServerOptions(protection).http, ...httpFramingServerOptions },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  // Every JSON answer is ASCII (ascii-json.ts), whichever route writes it.
  app.setSerializerCompiler((route) => {
    const serialize = serializerCompiler(route as Parameters<typeof serializerCompiler>[0]);
    return (data) => escapeNonAscii(serialize(data));
  });
  registerErrorHandling(app);

  // What frames every request, in the order its hooks run: the request id and security headers first, so
  // that every answer carries them, errors included.
  await app.register(requestIdPlugin);
  await app.register(securityHeaders);
  await app.register(corsProtection, { origin: protection.corsOrigin });
  await app.register(httpFraming);
  await app.register(drain);
  await app.register(loadShedding, { overload: protection.overload });
  await app.register(rateLimitProtection, { max: protection.rateLimitMax });
  await app.register(strictQuery);
  await app.register(requestBodies);

  await app.register(swagger, swaggerOptions);
  await app.register(async (docs) => {
    useHeaderSet(docs, 'docs');
    await docs.register(swaggerUi, {
      routePrefix: DOCS_PREFIX,
      // Deep links put a link inside each operation's toggle button (nested-interactive), so they are off.
      uiConfig: { deepLinking: false },
      // Contrast and hidden unlabelled controls: our own stylesheet, served by Swagger UI on this origin.
      theme: { css: [{ filename: 'a11y.css', content: DOCS_CSS }] },
    });
  });

  // One reader of the live state for every routing endpoint: they plan under the same snapshot and clock.
  const context = new LiveContextReader({ ...(liveState ? { liveState } : {}), ...(clock ? { clock } : {}) });
  await app.register(routesRoute, {
    network,
    cache: new RouteCache(routeCacheSize),
    ...(routePlanner ? { planner: routePlanner } : {}),
    context,
  });
  await app.register(departuresRoute, { network });
  await app.register(nodesRoute, { network });
  await app.register(metaRoute, {
    network,
    ...(state ? { storeHealth: () => state.mirror.health() } : {}),
    ...(routeWorkers ? { workerHealth: routeWorkers } : {}),
  });
  await app.register(disruptionsRoute, {
    network,
    ...(state ? { state } : {}),
    ...(writeRateLimitMax !== undefined ? { writeRateLimitMax } : {}),
  });
  await app.register(watchesRoute, {
    ...(state && watches ? { state: { store: state.store, watches } } : {}),
    ...(writeRateLimitMax !== undefined ? { writeRateLimitMax } : {}),
  });
  await app.register(networkRoute, { network });
  await app.register(mapRoute, { network });
  await app.register(matrixRoute, { network, context });
  await app.register(reachabilityRoute, { network, context });
  await app.register(ogcRoute, { network });
  app.get('/openapi.json', { schema: { hide: true }, config: { headers: 'api' } }, async () => app.swagger());

  await app.ready();
  return app;
}
