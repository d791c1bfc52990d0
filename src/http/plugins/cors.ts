/**
 * CORS (@fastify/cors): GET from the configured origins (any by default), preflights answered with a day's
 * max age, and the request-id and rate-limit headers exposed to scripts.
 */
import cors from '@fastify/cors';
import type { FastifyPluginAsync } from 'fastify';
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
];
/** How long a browser may remember a preflight, in seconds. */
const MAX_AGE_SECONDS = 86_400;

const corsPlugin: FastifyPluginAsync<CorsOptions> = async (app, { origin }) => {
  if (origin === false) return;
  await app.register(cors, {
    // `*` for any origin; for a list, the caller's origin when it is in it (with Vary: Origin).
    origin: origin === true || origin.includes('*') ? '*' : origin,
    methods: ['GET', 'HEAD', 'OPTIONS'],
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: MAX_AGE_SECONDS,
    // An OPTIONS request that is not a valid preflight gets the same empty 204, not a plain-text 400.
    strictPreflight: false,
    // The OPTIONS route @fastify/cors adds is not part of the documented API.
    hideOptionsRoute: true,
  });
};

/** Registers CORS on the root instance. */
export const corsProtection = fp(corsPlugin, { name: 'cors' });
