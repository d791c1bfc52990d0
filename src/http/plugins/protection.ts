/**
 * What keeps the public API unbreakable from outside: the query-string checks (length, encoding), request ids,
 * security headers (helmet), CORS, per-client rate limiting, load shedding (under-pressure), timeouts, the
 * problem+json answers for errors that happen before routing (bad URL, malformed HTTP), and draining on
 * shutdown. buildApp registers it; the options come from the configuration (protectionFromConfig).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyHelmetOptions } from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { Config } from '../../config.js';
import { PROBLEM_CONTENT_TYPE, problem, sendProblem } from '../errors/problem.js';
import { stringifyAscii } from '../serving/ascii-json.js';
import { QUERY_LIMITS, queryFault } from './query-string.js';
import { helmetHeaders, type StaticHeaders } from './security-headers.js';

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
  overload:
    | false
    | {
        maxEventLoopDelayMs: number;
        maxHeapUsedBytes: number;
        maxEventLoopUtilization: number;
        /** An extra health check (true = healthy), polled every healthCheckIntervalMs. */
        healthCheck?: () => Promise<boolean>;
        healthCheckIntervalMs?: number;
      };
}

/** Seconds a client is asked to wait after a 503 OVERLOADED. */
export const OVERLOAD_RETRY_AFTER_SECONDS = 10;
/** Longest path parameter the router accepts (ids are capped lower by their schema). */
export const MAX_PATH_PARAMETER_LENGTH = 1000;
/** Where Swagger UI is served (see app.ts). */
export const DOCS_PREFIX = '/docs';
const STRICT_STYLE_SRC = "style-src 'self'";
const DOCS_STYLE_SRC = "style-src 'self' 'unsafe-inline'";

/**
 * Paths of the API proper: answers are data (JSON, GeoJSON, SVG drawn with presentation attributes only) that
 * no browser renders as a page with scripts, so they carry the headers that matter for an API (OWASP's REST
 * security list): a CSP that allows nothing and no framing, nosniff, HSTS, X-Frame-Options and no referrer.
 * The headers that only concern HTML documents (cross-origin isolation, DNS prefetch, download and
 * cross-domain-policy options, the legacy XSS filter) go with the pages, assets and docs only: they cost every
 * API answer their bytes and their validation by Node and by the client, and protect nothing there.
 */
const API_PATHS = ['/routes', '/nodes', '/countries', '/network', '/health', '/openapi.json', '/disruptions'];
const API_CSP = "default-src 'none'; frame-ancestors 'none'";
const API_SECURITY_HEADERS = [
  'strict-transport-security',
  'x-content-type-options',
  'x-frame-options',
  'referrer-policy',
];

/** Whether a URL (path and query) is an API path rather than a page, an asset or the docs. */
export function isApiPath(url: string): boolean {
  for (const path of API_PATHS) {
    if (url.startsWith(path)) {
      const next = url.charCodeAt(path.length);
      // The path itself, a sub-path, or its query string: /nodes, /nodes/CN_XIAN, /routes?..., not /routesx.
      if (Number.isNaN(next) || next === 0x2f || next === 0x3f) return true;
    }
  }
  return false;
}
/** A caller's X-Request-Id is kept only when it looks like an id; otherwise a fresh one is made. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

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

function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/** Writes a problem on a raw socket, for errors Node's HTTP parser raises before any request exists. */
function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const code =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? 'REQUEST_TIMEOUT'
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? 'HEADERS_TOO_LARGE'
        : 'BAD_REQUEST';
  const detail =
    code === 'REQUEST_TIMEOUT'
      ? 'The request was not received in time'
      : code === 'HEADERS_TOO_LARGE'
        ? 'The request line and headers exceed the size this server accepts (16 KiB)'
        : 'The request is not valid HTTP';
  const body = stringifyAscii(problem(code, detail, undefined));
  if (socket.writable) {
    const { status } = problem(code, detail, undefined);
    socket.write(
      `HTTP/1.1 ${status} ${code.replaceAll('_', ' ')}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** Fastify constructor options that protection needs: timeouts, request ids, pre-routing error answers. */
export function protectionServerOptions(options: ProtectionOptions): Partial<FastifyServerOptions> {
  return {
    requestTimeout: options.requestTimeoutMs,
    connectionTimeout: options.connectionTimeoutMs,
    keepAliveTimeout: options.keepAliveTimeoutMs,
    // Fastify accepts a hop count at run time; its types omit numbers.
    trustProxy: options.trustProxy as FastifyServerOptions['trustProxy'],
    genReqId: requestId,
    requestIdHeader: false,
    // Draining is answered by our own hook, as problem+json (see registerProtection).
    return503OnClosing: false,
    clientErrorHandler,
    frameworkErrors: (error, request, reply) => {
      reply.header('x-request-id', request.id);
      if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
        return sendProblem(
          reply,
          problem(
            'URI_TOO_LONG',
            `A path segment is longer than ${MAX_PATH_PARAMETER_LENGTH} characters`,
            request,
            { parameter: 'path' },
          ),
        );
      }
      // FST_ERR_BAD_URL (a malformed percent-escape in the path) and anything else the router rejects.
      return sendProblem(
        reply,
        problem('INVALID_PARAMETER', 'The URL path is not valid: malformed percent-encoding', request, {
          parameter: 'path',
        }),
      );
    },
  };
}

/** Rejects a request whose query string is too long, malformed or carries control characters. */
async function checkQueryString(request: FastifyRequest, reply: FastifyReply) {
  const fault = queryFault(request.query);
  if (!fault) return;
  if (fault.kind === 'too-long') {
    return sendProblem(
      reply,
      problem(
        'URI_TOO_LONG',
        `The query string has ${fault.length} characters; at most ${QUERY_LIMITS.maxLength} are accepted`,
        request,
      ),
    );
  }
  const why =
    fault.kind === 'bad-encoding'
      ? 'malformed percent-encoding (a "%" must start a valid UTF-8 escape such as %C3%A9; write a literal % as %25)'
      : fault.kind === 'control-character'
        ? 'contains a control character'
        : fault.kind === 'not-a-number'
          ? `"${fault.value.slice(0, 60)}" is not a number written in decimal digits (such as 2 or 20.5)`
          : 'a value without a parameter name (`=value`); name the parameter it is meant for';
  return sendProblem(
    reply,
    problem('INVALID_PARAMETER', `${fault.parameter || '(empty name)'}: ${why}`, request, {
      parameter: fault.parameter.slice(0, 200) || 'query',
      value: fault.value.slice(0, 200),
    }),
  );
}

/** Helmet's configuration: same-origin scripts and styles only (Swagger UI and the map page load theirs here). */
const HELMET_OPTIONS: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      connectSrc: ["'self'"],
      fontSrc: ["'self'", 'data:'],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      imgSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'"],
    },
  },
  // A public read-only API: browsers on other origins may load its answers (CORS decides for scripts).
  crossOriginResourcePolicy: { policy: 'cross-origin' },
  frameguard: { action: 'deny' },
};

const CORS_METHODS = 'GET, HEAD, OPTIONS';
const CORS_EXPOSED_HEADERS = [
  'x-request-id',
  'retry-after',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  'etag',
  'location',
].join(', ');
const CORS_MAX_AGE = '86400';

/**
 * Sets the CORS headers of an answer: Access-Control-Allow-Origin (`*`, or the caller's origin when it is in
 * the list, with `Vary: Origin`) and the exposed headers.
 */
function corsHeaderSetter(origin: true | string[]): (request: FastifyRequest, reply: FastifyReply) => void {
  if (origin === true || origin.includes('*')) {
    return (_request, reply) => {
      reply.header('access-control-allow-origin', '*');
      reply.header('access-control-expose-headers', CORS_EXPOSED_HEADERS);
    };
  }
  const allowed = new Set(origin);
  return (request, reply) => {
    reply.header('vary', 'Origin');
    const given = request.headers.origin;
    if (given !== undefined && allowed.has(given)) reply.header('access-control-allow-origin', given);
    reply.header('access-control-expose-headers', CORS_EXPOSED_HEADERS);
  };
}

/**
 * Answers an OPTIONS request as a CORS preflight: 204 with the allowed methods, the requested headers and a
 * day's max age. One that is not a valid preflight (no Origin or no requested method) gets the same empty 204,
 * not a plain-text 400.
 */
function answerPreflight(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('access-control-allow-methods', CORS_METHODS);
  const vary = reply.getHeader('vary');
  reply.header('vary', vary ? `${vary}, Access-Control-Request-Headers` : 'Access-Control-Request-Headers');
  const requested = request.headers['access-control-request-headers'];
  if (requested !== undefined) reply.header('access-control-allow-headers', requested);
  reply.header('access-control-max-age', CORS_MAX_AGE);
  reply.code(204).header('content-length', '0').send();
}

/** Registers every protection on the root instance; call before the routes. */
export async function registerProtection(app: FastifyInstance, options: ProtectionOptions): Promise<void> {
  let draining = false;
  app.addHook('preClose', async () => {
    draining = true;
  });
  // A request that was in flight when shutdown began: answer it, then let the connection go.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (draining) reply.header('connection', 'close');
    done(null, payload);
  });

  // Every header that does not depend on the request is computed once: helmet's for pages and assets (Swagger
  // UI sets a few inline styles at run time, so only its pages get 'unsafe-inline' for styles), the API set
  // for API paths, then CORS.
  const secure = await helmetHeaders(HELMET_OPTIONS);
  const docs: StaticHeaders = {
    ...secure,
    'content-security-policy': String(secure['content-security-policy']).replace(
      STRICT_STYLE_SRC,
      DOCS_STYLE_SRC,
    ),
  };
  const api: StaticHeaders = {
    'content-security-policy': API_CSP,
    ...Object.fromEntries(
      API_SECURITY_HEADERS.map((name) => {
        const value = secure[name];
        if (value === undefined) throw new Error(`protection: helmet no longer sets ${name}`);
        return [name, value];
      }),
    ),
  };
  const setCors = options.corsOrigin === false ? undefined : corsHeaderSetter(options.corsOrigin);
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    const { url } = request;
    reply.headers(isApiPath(url) ? api : url.startsWith(DOCS_PREFIX) ? docs : secure);
    if (setCors !== undefined) setCors(request, reply);
    if (draining) {
      reply.header('connection', 'close').header('retry-after', 1);
      sendProblem(
        reply,
        problem('OVERLOADED', 'The service is shutting down; retry on another instance', request),
      );
      return;
    }
    if (setCors !== undefined && request.method === 'OPTIONS') {
      answerPreflight(request, reply);
      return;
    }
    done();
  });
  if (setCors !== undefined) {
    // Routes every OPTIONS request, so that the hook above answers it as a preflight.
    app.options('*', { schema: { hide: true } }, (_request, reply) => {
      reply.callNotFound();
    });
  }

  if (options.overload) {
    const o = options.overload;
    await app.register(underPressure, {
      maxEventLoopDelay: o.maxEventLoopDelayMs,
      maxHeapUsedBytes: o.maxHeapUsedBytes,
      maxEventLoopUtilization: o.maxEventLoopUtilization,
      retryAfter: OVERLOAD_RETRY_AFTER_SECONDS,
      ...(o.healthCheck
        ? { healthCheck: o.healthCheck, healthCheckInterval: o.healthCheckIntervalMs ?? 1000 }
        : {}),
    });
  }

  if (options.rateLimitMax > 0) {
    await app.register(rateLimit, {
      global: true,
      max: options.rateLimitMax,
      timeWindow: 60_000,
      // Probes of the orchestrator must never be throttled.
      allowList: (request) => request.routeOptions.url === '/health',
    });
  }

  // Checked before validation rather than on arrival: a repeat of a query string that was answered before (a
  // route-cache hit, answered in the route's onRequest hook) needs no second check.
  app.addHook('preValidation', checkQueryString);

  // The API is read-only and takes no request bodies: none is parsed (nor buffered up to a size limit), so a
  // body sent to any path changes nothing, and a POST to /routes is a plain 404 problem.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
}
