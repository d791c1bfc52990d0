/**
 * CORS (@fastify/cors): reads from the configured origins (any by default), preflights answered with a day's
 * max age, and the request-id, rate-limit, ETag and Location headers exposed to scripts. A preflight for a
 * path whose routes write (POST, PATCH, DELETE: /disruptions, /watches) allows those methods and the headers
 * writes need (Authorization, Content-Type, If-Match, Idempotency-Key); every other path stays read-only.
 * Which paths write is read from the routes themselves as they are added (onRoute), not listed here.
 */
import cors, { type FastifyCorsOptions } from '@fastify/cors';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

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

/** A route path as a whole-path pattern (`:id` is one segment). */
const pathPattern = (url: string) =>
  new RegExp(
    `^${url
      .split('/')
      .map((s) => (s.startsWith(':') ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/')}/?$`,
  );

const corsPlugin: FastifyPluginAsync<CorsOptions> = async (app, { origin }) => {
  if (origin === false) return;
  const writes: { pattern: RegExp; methods: Set<string> }[] = [];
  app.addHook('onRoute', (route) => {
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter(
      (m) => !READ_METHODS.includes(m),
    );
    if (methods.length === 0 || route.url.includes('*')) return;
    const known = writes.find((w) => w.pattern.source === pathPattern(route.url).source);
    if (known) for (const m of methods) known.methods.add(m);
    else writes.push({ pattern: pathPattern(route.url), methods: new Set(methods) });
  });

  const common: FastifyCorsOptions = {
    // `*` for any origin; for a list, the caller's origin when it is in it (with Vary: Origin).
    origin: origin === true || origin.includes('*') ? '*' : origin,
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: MAX_AGE_SECONDS,
    // An OPTIONS request that is not a valid preflight gets the same empty 204, not a plain-text 400.
    strictPreflight: false,
  };
  const read: FastifyCorsOptions = { ...common, methods: READ_METHODS };
  const writeOptions = new Map<string, FastifyCorsOptions>();
  const forPath = (request: FastifyRequest): FastifyCorsOptions => {
    if (request.method !== 'OPTIONS' || writes.length === 0) return read;
    const path = request.url.split('?')[0] ?? '';
    const write = writes.find((w) => w.pattern.test(path));
    if (!write) return read;
    const key = write.pattern.source;
    let options = writeOptions.get(key);
    if (!options) {
      options = {
        ...common,
        methods: [...READ_METHODS, ...[...write.methods].sort()],
        allowedHeaders: WRITE_HEADERS,
      };
      writeOptions.set(key, options);
    }
    return options;
  };
  await app.register(cors, {
    delegator: (request, callback) => callback(null, forPath(request as FastifyRequest)),
    // The OPTIONS route @fastify/cors adds is not part of the documented API.
    hideOptionsRoute: true,
  });
};

/** Registers CORS on the root instance. */
export const corsProtection = fp(corsPlugin, { name: 'cors' });
