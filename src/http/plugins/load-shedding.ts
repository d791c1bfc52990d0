/**
 * Load shedding (@fastify/under-pressure): while the event loop lags, the heap is too full or a health check
 * fails, requests get 503 OVERLOADED with Retry-After instead of waiting in a growing queue.
 */
import underPressure from '@fastify/under-pressure';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { ProblemError } from '../errors/problem.js';
import type { OverloadOptions } from './protection-options.js';

/** Seconds a client is asked to wait after a 503 OVERLOADED. */
export const OVERLOAD_RETRY_AFTER_SECONDS = 10;

/** The error under-pressure raises when it sheds a request. */
class Overloaded extends ProblemError {
  constructor() {
    super('OVERLOADED', 'The service is overloaded; retry shortly');
  }
}

const loadSheddingPlugin: FastifyPluginAsync<{ overload: false | OverloadOptions }> = async (
  app,
  { overload },
) => {
  if (!overload) return;
  await app.register(underPressure, {
    maxEventLoopDelay: overload.maxEventLoopDelayMs,
    maxHeapUsedBytes: overload.maxHeapUsedBytes,
    maxEventLoopUtilization: overload.maxEventLoopUtilization,
    retryAfter: OVERLOAD_RETRY_AFTER_SECONDS,
    customError: Overloaded,
    ...(overload.healthCheck
      ? { healthCheck: overload.healthCheck, healthCheckInterval: overload.healthCheckIntervalMs ?? 1000 }
      : {}),
  });
};

/** Registers load shedding on the root instance. */
export const loadShedding = fp(loadSheddingPlugin, { name: 'load-shedding' });
