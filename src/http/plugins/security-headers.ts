/**
 * Security headers, from helmet, in three sets; a route names its set in its config (`config: { headers:
 * 'api' }`), and anything that names none (pages, assets, unknown paths) gets the page set.
 *
 * - `page`: helmet's full set with a CSP of same-origin scripts and styles only (the map page and its assets).
 * - `docs`: the same, plus inline styles, which Swagger UI sets at run time.
 * - `api`: answers that are data (JSON, GeoJSON, SVG drawn with presentation attributes only), which no browser
 *   renders as a page with scripts: the headers that matter for an API (OWASP's REST security list), a CSP that
 *   allows nothing and no framing, nosniff, HSTS, X-Frame-Options and no referrer. The headers that only concern
 *   HTML documents (cross-origin isolation, DNS prefetch, download and cross-domain-policy options, the legacy
 *   XSS filter) would cost every API answer their bytes and protect nothing there.
 *
 * helmet computes each set once, at start (helmet itself, with the options below, so the values cannot drift from
 * what it would set); one onRequest hook then sets the set the route names as one object of ready values. Why
 * not helmet's middleware on each request, nor @fastify/helmet: both re-run helmet's middlewares per answer, each
 * setting its header on the raw response, where Node validates it again and merges it with Fastify's headers when
 * the head is written; @fastify/helmet even rebuilds the middleware (options, CSP parsing) in two async hooks.
 * Every header of these sets is static (no nonce, nothing read from the request), so the values helmet computes
 * once are the values it would set on every answer.
 */
import type { FastifyInstance, FastifyPluginCallback } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';

/** The header sets a route can name. */
export type HeaderSet = 'page' | 'docs' | 'api';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Which security headers the route's answers carry (default `page`). */
    headers?: HeaderSet;
  }
}

/** Same-origin scripts, styles, images and connections only; nothing may frame a page. */
const PAGE_DIRECTIVES = {
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
};

const PAGE: HelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: PAGE_DIRECTIVES },
  // A public read-only API: browsers on other origins may load its answers (CORS decides for scripts).
  crossOriginResourcePolicy: { policy: 'cross-origin' },
  xFrameOptions: { action: 'deny' },
};

const DOCS: HelmetOptions = {
  ...PAGE,
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { ...PAGE_DIRECTIVES, styleSrc: ["'self'", "'unsafe-inline'"] },
  },
};

const API: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  },
  xFrameOptions: { action: 'deny' },
  crossOriginOpenerPolicy: false,
  crossOriginResourcePolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
};

/** The helmet options of each set. */
export const HEADER_SETS: Readonly<Record<HeaderSet, HelmetOptions>> = { page: PAGE, docs: DOCS, api: API };

const noop = () => {};

/**
 * The headers helmet sets for a set, as name/value pairs in helmet's order (names as helmet writes them), read
 * once by running helmet's middleware against a collector.
 */
function helmetPairs(options: HelmetOptions): [string, string][] {
  const pairs: [string, string][] = [];
  const collector = {
    setHeader(name: string, value: string | number | readonly string[]) {
      pairs.push([name, Array.isArray(value) ? value.join(', ') : String(value)]);
    },
    removeHeader() {},
  };
  helmet(options)({} as never, collector as never, noop);
  return pairs;
}

/** Each set's headers as one object (lower-case names), for reply.headers(). */
const SET_HEADERS: Readonly<Record<HeaderSet, Readonly<Record<string, string>>>> = {
  page: Object.freeze(headerObject(helmetPairs(PAGE))),
  docs: Object.freeze(headerObject(helmetPairs(DOCS))),
  api: Object.freeze(headerObject(helmetPairs(API))),
};

function headerObject(pairs: readonly (readonly [string, string])[]): Record<string, string> {
  return Object.fromEntries(pairs.map(([name, value]) => [name.toLowerCase(), value]));
}

const securityHeadersPlugin: FastifyPluginCallback = (app, _options, done) => {
  app.addHook('onRequest', (request, reply, next) => {
    // Unknown paths have a route config too (the 404 route's), without a set: the page set.
    reply.headers(SET_HEADERS[request.routeOptions.config.headers ?? 'page']);
    next();
  });
  done();
};

/**
 * The headers of a set as name/value pairs, for answers written on a raw socket before any request exists
 * (pre-routing-errors.ts): the same values the hook sets, read once from helmet.
 */
export function headerSetPairs(set: HeaderSet): ReadonlyArray<readonly [string, string]> {
  return helmetPairs(HEADER_SETS[set]);
}

/** Sets the security headers of every answer, as its route's config names them. */
export const securityHeaders = fp(securityHeadersPlugin, { name: 'security-headers' });

/**
 * Gives every route registered in `scope` (and its children) that names no header set the set `set`: for the
 * routes of a library, such as Swagger UI's pages, which cannot name one themselves.
 */
export function useHeaderSet(scope: FastifyInstance, set: HeaderSet): void {
  scope.addHook('onRoute', (route) => {
    if (route.config?.headers === undefined) route.config = { ...route.config, headers: set };
  });
}
