/**
 * Builds the application around a loaded network: validators, error handling, docs and routes. It never
 * listens; server.ts does (and tests inject requests).
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Network } from './domain/index.js';
import { registerErrorHandling } from './http/errors/error-handler.js';
import { swaggerOptions } from './http/openapi/openapi.js';
import {
  DOCS_PREFIX,
  IN_PROCESS_PROTECTION,
  MAX_PATH_PARAMETER_LENGTH,
  type ProtectionOptions,
  protectionServerOptions,
  registerProtection,
} from './http/plugins/protection.js';
import { parseQueryStringRemembered } from './http/plugins/query-string.js';
import { type LogSink, OneLinePerRequest } from './http/plugins/request-log.js';
import { mapRoute } from './http/routes/map/map-route.js';
import { matrixRoute } from './http/routes/matrix/matrix-route.js';
import { metaRoute } from './http/routes/meta/meta-route.js';
import { networkRoute } from './http/routes/network/network-route.js';
import { nodesRoute } from './http/routes/nodes/nodes-route.js';
import { ogcRoute } from './http/routes/ogc/ogc-route.js';
import { reachabilityRoute } from './http/routes/reachability/reachability-route.js';
import { routesRoute } from './http/routes/routes/routes-route.js';
import { escapeNonAscii } from './http/serving/ascii-json.js';
import { DEFAULT_ROUTE_CACHE_SIZE, RouteCache } from './http/serving/route-cache.js';
import type { RoutePlanner } from './http/serving/route-planner.js';

export interface BuildAppOptions {
  network: Network;
  /** Fastify logger option (false in tests). */
  logger?: FastifyServerOptions['logger'];
  /** Rate limiting, CORS, timeouts, load shedding; defaults to IN_PROCESS_PROTECTION (no rate limit). */
  protection?: ProtectionOptions;
  /** Cached /routes answers (0 = no cache); DEFAULT_ROUTE_CACHE_SIZE by default. */
  routeCacheSize?: number;
  /** Where /routes queries are planned (a worker pool); in-process by default. */
  routePlanner?: RoutePlanner;
}

/** The destination of the logger options, when they name one (the server's, or a test's collector). */
function logSink(logger: BuildAppOptions['logger']): LogSink | undefined {
  if (typeof logger !== 'object' || logger === null || !('stream' in logger)) return undefined;
  const stream = logger.stream as { write?: (line: string) => unknown } | undefined;
  const write = stream?.write;
  return typeof write === 'function' ? (line) => void write.call(stream, line) : undefined;
}

export async function buildApp({
  network,
  logger = false,
  protection = IN_PROCESS_PROTECTION,
  routeCacheSize = DEFAULT_ROUTE_CACHE_SIZE,
  routePlanner,
}: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger,
    logController: new OneLinePerRequest(logSink(logger)),
    routerOptions: {
      querystringParser: parseQueryStringRemembered,
      ignoreTrailingSlash: true,
      maxParamLength: MAX_PATH_PARAMETER_LENGTH,
    },
    ...protectionServerOptions(protection),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  // Every JSON answer is ASCII (ascii-json.ts), whichever route writes it.
  app.setSerializerCompiler((route) => {
    const serialize = serializerCompiler(route as Parameters<typeof serializerCompiler>[0]);
    return (data) => escapeNonAscii(serialize(data));
  });
  registerErrorHandling(app);
  await registerProtection(app, protection);

  await app.register(swagger, swaggerOptions);
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX });

  await app.register(routesRoute, {
    network,
    cache: new RouteCache(routeCacheSize),
    ...(routePlanner ? { planner: routePlanner } : {}),
  });
  await app.register(nodesRoute, { network });
  await app.register(metaRoute, { network });
  await app.register(networkRoute, { network });
  await app.register(mapRoute, { network });
  await app.register(matrixRoute, { network });
  await app.register(reachabilityRoute, { network });
  await app.register(ogcRoute, { network });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.ready();
  return app;
}
