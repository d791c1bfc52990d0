/**
 * Service configuration, read once from the environment, validated and defaulted; an invalid value stops
 * the start with a message naming the variable.
 */
import { z } from 'zod';
import { DatabaseUrlSchema } from './state/database-url.js';

const millis = (fallback: number) => z.coerce.number().int().min(0).max(3_600_000).default(fallback);

/** `*` (any origin), `none` (no CORS headers), or a comma-separated list of origins such as https://a.example. */
const corsOrigin = z
  .string()
  .default('*')
  .transform((text, ctx): true | false | string[] => {
    const value = text.trim();
    if (value === '*') return true;
    if (value === 'none' || value === 'false') return false;
    const origins = value
      .split(',')
      .map((o) => o.trim())
      .filter((o) => o.length > 0);
    for (const origin of origins) {
      if (!/^https?:\/\/[^/\s?#]+$/.test(origin)) {
        ctx.addIssue({
          code: 'custom',
          message: `"${origin}" is not an origin (scheme://host[:port], no path); use *, none or a comma-separated list`,
        });
      }
    }
    if (origins.length === 0) ctx.addIssue({ code: 'custom', message: 'lists no origin' });
    return origins;
  });

/** `false` (default), `true`, a number of proxy hops, or a comma-separated list of proxy addresses/CIDRs. */
const trustProxy = z
  .string()
  .default('false')
  .transform((text): boolean | number | string => {
    const value = text.trim();
    if (value === 'false') return false;
    if (value === 'true') return true;
    if (/^\d+$/.test(value)) return Number(value);
    return value;
  });

/** Abuse protection: rate limiting, CORS, timeouts and load shedding (see src/http/plugins/protection-options.ts). */
const protectionSettings = {
  /** Requests per minute per client; 0 turns rate limiting off. */
  RATE_LIMIT_MAX: z.coerce.number().int().min(0).max(1_000_000).default(600),
  CORS_ORIGIN: corsOrigin,
  TRUST_PROXY: trustProxy,
  /** Time to receive a whole request (Node's requestTimeout; 408 after it). */
  REQUEST_TIMEOUT_MS: millis(10_000),
  /** Socket inactivity timeout; 0 = none. Must exceed KEEP_ALIVE_TIMEOUT_MS. */
  CONNECTION_TIMEOUT_MS: millis(90_000),
  /** How long an idle keep-alive connection stays open (longer than a load balancer's idle timeout). */
  KEEP_ALIVE_TIMEOUT_MS: millis(72_000),
  /** Load shedding (503 OVERLOADED): mean event-loop delay over one second; 0 = off. */
  OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  /** Load shedding: heap in use, MiB; 0 = off. */
  OVERLOAD_MAX_HEAP_USED_MB: z.coerce.number().int().min(0).max(1_000_000).default(0),
  /** Load shedding: event-loop utilisation from 0 to 1; 0 = off. */
  OVERLOAD_MAX_EVENT_LOOP_UTILIZATION: z.coerce.number().min(0).max(1).default(0),
};

function checkTimeouts(
  c: { REQUEST_TIMEOUT_MS: number; CONNECTION_TIMEOUT_MS: number; KEEP_ALIVE_TIMEOUT_MS: number },
  ctx: z.RefinementCtx,
): void {
  if (c.CONNECTION_TIMEOUT_MS > 0 && c.KEEP_ALIVE_TIMEOUT_MS >= c.CONNECTION_TIMEOUT_MS) {
    ctx.addIssue({
      code: 'custom',
      path: ['KEEP_ALIVE_TIMEOUT_MS'],
      message: `must be less than CONNECTION_TIMEOUT_MS (${c.CONNECTION_TIMEOUT_MS}), or idle connections are cut by the socket timeout`,
    });
  }
}

const ConfigSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    GRAPH_DATA_DIR: z.string().min(1).default('./graph-data'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Cached /routes answers (serialized, LRU); 0 turns the cache off. */
    ROUTE_CACHE_SIZE: z.coerce.number().int().min(0).max(10_000_000).default(10_000),
    /** Worker threads planning uncached /routes queries; `auto`: one per spare core on large networks. */
    ROUTE_WORKERS: z.union([z.literal('auto'), z.coerce.number().int().min(0).max(64)]).default('auto'),
    /**
     * How many nice steps below the event loop route workers plan (Linux); 0 keeps them level with it. The
     * default is the pool's own (DEFAULT_WORKER_NICE in http/serving/thread-priority.ts; a test keeps them equal).
     */
    ROUTE_WORKER_NICE: z.coerce.number().int().min(0).max(19).default(10),
    /** Longest a /routes query may run in a route worker: 503 OVERLOADED after it, and the worker is replaced. */
    ROUTE_JOB_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
    /** Queries waiting or running per route worker beyond which new ones are shed (503 OVERLOADED). */
    ROUTE_WORKER_QUEUE: z.coerce.number().int().min(1).max(100_000).default(32),
    ...protectionSettings,
    /** Where live state (disruptions, API keys) is stored: unset = ./var/state.sqlite (see state/database-url.ts). */
    DATABASE_URL: DatabaseUrlSchema,
    /** Writes (POST, PATCH, DELETE) per minute per API key and replica; 0 turns the limit off. */
    WRITE_RATE_LIMIT_MAX: z.coerce.number().int().min(0).max(1_000_000).default(120),
    /** `true` lets watches call back to private and loopback addresses (tests, closed networks); never in production. */
    WATCH_ALLOW_PRIVATE_CALLBACKS: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
  })
  .superRefine(checkTimeouts);

export type Config = z.output<typeof ConfigSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A setting's value as an error message may show it: a password in a URL is masked. */
function shown(name: string, value: unknown): unknown {
  if (name !== 'DATABASE_URL' || typeof value !== 'string') return value;
  return value.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}

/** Reads the configuration from an environment (process.env by default). Empty strings count as unset. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const picked = Object.fromEntries(
    Object.keys(ConfigSchema.shape).flatMap((k) =>
      env[k] !== undefined && env[k] !== '' ? [[k, env[k]]] : [],
    ),
  );
  const result = ConfigSchema.safeParse(picked);
  if (!result.success) {
    const lines = result.error.issues.map(
      (i) =>
        `${i.path.join('.')}=${JSON.stringify(shown(String(i.path[0]), picked[String(i.path[0])]))}: ${i.message}`,
    );
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return result.data;
}
