/**
 * Per-client rate limiting (@fastify/rate-limit): a fixed number of requests per minute; over it, 429
 * RATE_LIMITED with Retry-After. A route is exempt when it says so itself (`config: { rateLimit: false }`,
 * as /health does, so that orchestrator probes are never throttled).
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { ProblemError } from '../errors/problem.js';

export interface RateLimitOptions {
  /** Requests per minute per client; 0 = no rate limiting. */
  max: number;
}

const WINDOW_MS = 60_000;

const rateLimitPlugin: FastifyPluginAsync<RateLimitOptions> = async (app, { max }) => {
  if (max <= 0) return;
  await app.register(rateLimit, {
    global: true,
    max,
    timeWindow: WINDOW_MS,
    errorResponseBuilder: (_request, context) =>
      new ProblemError(
        'RATE_LIMITED',
        `Rate limit of ${context.max} requests per minute exceeded; retry in ${context.after}`,
      ),
  });
};

/** Registers rate limiting on the root instance; routes registered after it are counted. */
export const rateLimitProtection = fp(rateLimitPlugin, { name: 'rate-limit' });
