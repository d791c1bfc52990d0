/**
 * CORS (@fastify/cors), configured once: reads from the configured origins (any by default), preflights
 * answered with a day's max age, and the request-id, rate-limit, ETag and Location headers exposed to scripts.
 * A preflight for a path whose routes write (POST, PATCH, DELETE: /disruptions, /watches) allows those methods
 * and the headers writes need (Authorization, Content-Type, If-Match, Idempotency-Key); every other path stays
 * read-only.
 *
 * The options are static, so @fastify/cors uses them as they are on every request (a delegator would have it
 * normalize a new set of options per request, cache hits included). Which paths write is read from the routes
 * themselves as they are added (onRoute), not listed here: the first write route of a path gets a preflight route
 * of its own (OPTIONS on that path, hidden from the document) whose route config carries the write options,
 * which @fastify/cors reads from the route it answers; later write routes of the path add their methods to it.
 * Preflights for every other path reach the OPTIONS route @fastify/cors adds itself, under the read options.
 */
import cors, { type FastifyCorsOptions } from '@fastify/cors';
import type {
  FastifyInstance,
  FastifyPluginAsync,
  FastifyReply,
  FastifyRequest,
  RouteOptions,
} from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Options @fastify/cors merges over its own for this route (the preflight routes of write paths). */
    cors?: Pick<FastifyCorsOptions, 'methods' | 'allowedHeaders'>;
  }
  interface FastifyRequest {
    /** Set by @fastify/cors on a preflight it answered. */
    corsPreflightEnabled: boolean;
  }
}

export interface CorsOptions {
  /** true = any origin, false = no CORS headers, or the allowed origins. */
  origin: boolean | string[];
}

/** Headers a script on another origin may read. */
const EXPOSED_HEADERS = [
  'x-request-id',
  'retry-after',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  'etag',
  'location',
  'idempotent-replayed',
];
/** Request headers a cross-origin write may send. */
const WRITE_HEADERS = ['authorization', 'content-type', 'if-match', 'idempotency-key', 'x-request-id'];
const READ_METHODS = ['GET', 'HEAD', 'OPTIONS'];
/** How long a browser may remember a preflight, in seconds. */
const MAX_AGE_SECONDS = 86_400;

/** The methods of a route that write. */
function writeMethods(route: RouteOptions): string[] {
  return (Array.isArray(route.method) ? route.method : [route.method]).filter(
    (m) => !READ_METHODS.includes(m),
  );
}

/**
 * What @fastify/cors's own OPTIONS route does: its onRequest hook has answered every preflight already, so a
 * request gets here only when CORS is off for it.
 */
function preflightRoute(request: FastifyRequest, reply: FastifyReply): void {
  if (!request.corsPreflightEnabled) {
    reply.callNotFound();
    return;
  }
  reply.send();
}

const corsPlugin: FastifyPluginAsync<CorsOptions> = async (app, { origin }) => {
  if (origin === false) return;
  // The write methods and the preflight options of each write path, by route URL.
  const writes = new Map<
    string,
    { methods: Set<string>; options: { methods: string; allowedHeaders: string } }
  >();
  app.addHook('onRoute', function addPreflight(this: FastifyInstance, route) {
    const methods = writeMethods(route);
    if (methods.length === 0 || route.url.includes('*')) return;
    let write = writes.get(route.url);
    if (write === undefined) {
      write = { methods: new Set(), options: { methods: '', allowedHeaders: WRITE_HEADERS.join(', ') } };
      writes.set(route.url, write);
      this.route({
        method: 'OPTIONS',
        url: route.url,
        schema: { hide: true },
        // The route config keeps this object, so the methods added below reach it.
        config: { cors: write.options },
        handler: preflightRoute,
      });
    }
    for (const m of methods) write.methods.add(m);
    write.options.methods = [...READ_METHODS, ...[...write.methods].sort()].join(', ');
  });

  await app.register(cors, {
    // `*` for any origin; for a list, the caller's origin when it is in it (with Vary: Origin).
    origin: origin === true || origin.includes('*') ? '*' : origin,
    // Lists as the header values they become: @fastify/cors joins an array on every answer.
    methods: READ_METHODS.join(', '),
    exposedHeaders: EXPOSED_HEADERS.join(', '),
    maxAge: MAX_AGE_SECONDS,
    // An OPTIONS request that is not a valid preflight gets the same empty 204, not a plain-text 400.
    strictPreflight: false,
    // The OPTIONS route @fastify/cors adds is not part of the documented API.
    hideOptionsRoute: true,
  } satisfies FastifyCorsOptions);
};

/** Registers CORS on the root instance. */
export const corsProtection = fp(corsPlugin, { name: 'cors' });
