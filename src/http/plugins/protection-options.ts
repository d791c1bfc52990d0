/**
 * The options of the plugins that guard the public API (rate limit, CORS, timeouts, load shedding), with the
 * defaults of an app built in-process and their mapping from the configuration. Each plugin reads its part.
 */
import type { ServerOptions } from 'node:http';
import type { FastifyServerOptions } from 'fastify';
import type { Config } from '../../config.js';

export interface ProtectionOptions {
  /** Requests per minute per client (by IP, see trustProxy); 0 = no rate limiting. */
  rateLimitMax: number;
  /** Allowed CORS origins: true = any, false = no CORS headers, or a list of origins. */
  corsOrigin: boolean | string[];
  /** Fastify's trustProxy: whether X-Forwarded-For names the client (behind a load balancer). */
  trustProxy: boolean | number | string;
  requestTimeoutMs: number;
  connectionTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** Load shedding thresholds (0 = that check is off); false = no load shedding at all. */
  overload: false | OverloadOptions;
}

export interface OverloadOptions {
  maxEventLoopDelayMs: number;
  maxHeapUsedBytes: number;
  maxEventLoopUtilization: number;
  /** An extra health check (true = healthy), polled every healthCheckIntervalMs. */
  healthCheck?: () => Promise<boolean>;
  healthCheckIntervalMs?: number;
}

/**
 * Defaults of buildApp when no protection is given: headers, CORS and timeouts as in production, but no rate
 * limiting and no load shedding, so that tests and tools can send as many requests as they like. The server
 * always passes protectionFromConfig(config).
 */
export const IN_PROCESS_PROTECTION: ProtectionOptions = {
  rateLimitMax: 0,
  corsOrigin: true,
  trustProxy: false,
  requestTimeoutMs: 10_000,
  connectionTimeoutMs: 90_000,
  keepAliveTimeoutMs: 72_000,
  overload: false,
};

/** The protection of the configured server. */
export function protectionFromConfig(config: Config): ProtectionOptions {
  return {
    rateLimitMax: config.RATE_LIMIT_MAX,
    corsOrigin: config.CORS_ORIGIN,
    trustProxy: config.TRUST_PROXY,
    requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
    connectionTimeoutMs: config.CONNECTION_TIMEOUT_MS,
    keepAliveTimeoutMs: config.KEEP_ALIVE_TIMEOUT_MS,
    overload: {
      maxEventLoopDelayMs: config.OVERLOAD_MAX_EVENT_LOOP_DELAY_MS,
      maxHeapUsedBytes: config.OVERLOAD_MAX_HEAP_USED_MB * 1024 * 1024,
      maxEventLoopUtilization: config.OVERLOAD_MAX_EVENT_LOOP_UTILIZATION,
    },
  };
}

/** Longest pause between two of Node's checks for requests past their timeout (its own default is 30 s). */
export const MAX_TIMEOUT_CHECK_INTERVAL_MS = 250;
/** Shortest pause between two checks, so that a tiny timeout does not turn the check into a busy loop. */
export const MIN_TIMEOUT_CHECK_INTERVAL_MS = 50;

/**
 * How often Node looks for requests past REQUEST_TIMEOUT_MS. Node only enforces the timeout when it checks,
 * every `connectionsCheckingInterval` (30 s by default), so a slow client could hold a connection for the
 * timeout plus up to 30 s. A quarter of the timeout, at most 250 ms, keeps the 408 within a second of it
 * even when accepting and answering take their time on a loaded machine (a check that finds a late request
 * still takes a moment to answer it, ~15 ms at 50 clients, and 200 slow clients accepted on a busy machine
 * start their clocks late); the check walks the open connections, which costs little at this rate.
 */
export function timeoutCheckIntervalMs(requestTimeoutMs: number): number {
  if (requestTimeoutMs <= 0) return MAX_TIMEOUT_CHECK_INTERVAL_MS;
  return Math.min(
    MAX_TIMEOUT_CHECK_INTERVAL_MS,
    Math.max(MIN_TIMEOUT_CHECK_INTERVAL_MS, Math.floor(requestTimeoutMs / 4)),
  );
}

/** The Fastify constructor options of the protection: timeouts and who the client is. */
export function timeoutServerOptions(
  options: ProtectionOptions,
): Partial<FastifyServerOptions> & { http: ServerOptions } {
  return {
    http: { connectionsCheckingInterval: timeoutCheckIntervalMs(options.requestTimeoutMs) },
    requestTimeout: options.requestTimeoutMs,
    connectionTimeout: options.connectionTimeoutMs,
    keepAliveTimeout: options.keepAliveTimeoutMs,
    // Fastify accepts a hop count at run time; its types omit numbers.
    trustProxy: options.trustProxy as FastifyServerOptions['trustProxy'],
  };
}
