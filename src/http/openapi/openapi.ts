/** The OpenAPI document's frame: generated from the route schemas by @fastify/swagger. */
import type { SwaggerOptions } from '@fastify/swagger';
import { ROUTE_LIMITS } from '../../domain/index.js';
import { QUERY_LIMITS } from '../plugins/query-string.js';
import { transformDocument, transformRoute } from './openapi-transforms.js';

export const API_VERSION = '0.1.0';

/** The limits every client must know, stated once in the document's description. */
const LIMITS_DESCRIPTION = [
  '**Limits.** Every limit is enforced, never clamped: a value over a cap is a 400 `INVALID_PARAMETER` naming the parameter.',
  `- Query string: at most ${QUERY_LIMITS.maxLength} characters as sent (percent-encoded); longer is a 414 \`URI_TOO_LONG\`. Request line and headers together: at most 16 KiB (431 \`HEADERS_TOO_LARGE\`).`,
  '- Percent-encoding must be valid UTF-8 (`%C3%A9`; a literal `%` is `%25`) and values must not contain control characters: otherwise a 400 `INVALID_PARAMETER` naming the parameter. Unknown and repeated scalar parameters are a 400 too.',
  `- /routes: at most ${ROUTE_LIMITS.maxAvoid} avoided countries, ${ROUTE_LIMITS.maxAvoidNodes} avoided nodes, ${ROUTE_LIMITS.maxVia} via points and ${ROUTE_LIMITS.maxAlternatives} alternatives; place names up to 200 characters. Per-parameter caps are in each parameter's schema (maxItems, maxLength, maximum); the query string's own cap comes first, so the lists together must fit in it (${ROUTE_LIMITS.maxAvoidNodes} avoided nodes of 200 characters do not: 414).`,
  '- Numbers in the query string are written in decimal digits (`20`, `0.5`, `0.0000001`): exponents (`1e-7`), hexadecimal and `Infinity` are a 400 `INVALID_PARAMETER` naming the parameter.',
  '- Rate limit: a fixed number of requests per minute per client (600 by default; `RATE_LIMIT_MAX`); over it, 429 `RATE_LIMITED` with `Retry-After` (seconds). `x-ratelimit-limit`, `x-ratelimit-remaining` and `x-ratelimit-reset` tell the budget.',
  '- Under overload, while the route workers are saturated or replacing a crashed one, or while shutting down: 503 `OVERLOADED` with `Retry-After` (and `Connection: close` while shutting down). A request not received within `REQUEST_TIMEOUT_MS` (10 s by default) is a 408 `REQUEST_TIMEOUT`.',
  '- Every answer carries `x-request-id` (the one sent, when it is 1-128 characters of `A-Za-z0-9._:-`, else a fresh UUID); quote it when reporting a problem.',
].join('\n');

export const swaggerOptions: SwaggerOptions = {
  openapi: {
    openapi: '3.1.0',
    info: {
      title: 'Eurasia freight routes',
      version: API_VERSION,
      description: [
        'Route planner for rail and ferry freight between China and Europe over a network of rail stations, border crossings and ferry terminals. Compare the Northern route (via Russia and Belarus), the Middle Corridor (Kazakhstan, the Caspian ferries, Azerbaijan, Georgia, the Black Sea or Turkey) and the Southern route (Central Asia, Iran, Turkey); exclude countries, modes and seas; see which legs cross the Caspian or the Black Sea by ferry. Every error is RFC 9457 problem+json with a stable `code`.',
        LIMITS_DESCRIPTION,
      ].join('\n\n'),
    },
    // Relative: "Try it out" in /docs then calls the server that serves the page, whatever its host and port
    // (an absolute localhost:3000 is another origin, which the CSP's connect-src 'self' refuses).
    servers: [{ url: '/', description: 'The server that serves this document' }],
    // Reads are public; writes (/disruptions) and /watches name their bearer-key requirement per operation.
    security: [],
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An API key created by an operator (`eurasia-freight-routes keys create --name NAME --scope disruptions:write`), sent as `Authorization: Bearer <key>`. Disruption writes need the scope `disruptions:write`; every /watches call needs `watches:write`.',
        },
      },
    },
    tags: [
      { name: 'Routes', description: 'Route planning' },
      { name: 'Network', description: 'Stations, ports, border crossings and countries of the network' },
      { name: 'Disruptions', description: 'Live network state: closures and delays reported by operators' },
      {
        name: 'Watches',
        description:
          'Route queries re-planned on each change of the live state, with signed webhooks when the answer changes',
      },
      { name: 'Service', description: 'Service status' },
      {
        name: 'OGC API - Routes',
        description:
          'OGC API - Routes, Part 1 (OGC 21-000, draft): landing page, conformance and route computation in the Route Exchange Model',
      },
    ],
  },
  transform: transformRoute,
  transformObject: transformDocument,
};
