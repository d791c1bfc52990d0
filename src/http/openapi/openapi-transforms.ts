/**
 * Finishing touches on the generated OpenAPI document, applied centrally so every route gets them:
 * - the answers every operation can give whatever its input (408 REQUEST_TIMEOUT, 414 URI_TOO_LONG, 431
 *   HEADERS_TOO_LARGE, 429 RATE_LIMITED except on routes that exempt themselves from the rate limit in their
 *   config, as /health does; 503 OVERLOADED) are documented on each operation;
 * - the response headers are declared: `x-request-id` on every answer, `Retry-After` on 429 and 503, and
 *   `x-ratelimit-limit`, `x-ratelimit-remaining`, `x-ratelimit-reset` on every answer of a rate-limited
 *   operation (components.headers);
 * - schema examples are written as OpenAPI 3.1 / JSON Schema `examples` arrays (zod `.meta({ example })`
 *   in the schemas stays the one place to write them);
 * - components that no operation references (input twins of output schemas) are dropped.
 */
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { problemResponse } from '../errors/problem-responses.js';
import { QUERY_LIMITS } from '../plugins/query-string.js';

/** Response headers, declared once in components.headers and referenced from each response. */
export const RESPONSE_HEADERS: Record<string, { description: string; schema: Json }> = {
  RequestId: {
    description:
      "The request id: the client's own `x-request-id` when it sent a valid one, else one made up; logged with the request",
    schema: { type: 'string', maxLength: 128 },
  },
  RetryAfter: { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 0 } },
  RateLimitLimit: {
    description: 'Requests allowed per client per minute (RATE_LIMIT_MAX)',
    schema: { type: 'integer', minimum: 0 },
  },
  RateLimitRemaining: {
    description: 'Requests left in the current minute',
    schema: { type: 'integer', minimum: 0 },
  },
  RateLimitReset: {
    description: 'Seconds until the current minute ends and the budget is full again',
    schema: { type: 'integer', minimum: 0 },
  },
};

const headerRef = (name: string) => ({ $ref: `#/components/headers/${name}` });

type Transform = typeof jsonSchemaTransform;
type TransformObject = typeof jsonSchemaTransformObject;
type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const transformRoute: Transform = (input) => {
  const schema = input.schema as Json | undefined;
  if (schema && !schema.hide && isObject(schema.response)) {
    const response: Json = { ...schema.response };
    const rateLimited = (input.route?.config as { rateLimit?: unknown } | undefined)?.rateLimit !== false;
    if (rateLimited && !('429' in response)) {
      response['429'] = problemResponse(
        'Too many requests from this client (RATE_LIMITED); retry after `Retry-After` seconds',
      );
    }
    const always: Array<[string, string]> = [
      ['408', `The request was not received within REQUEST_TIMEOUT_MS (REQUEST_TIMEOUT)`],
      [
        '414',
        `Query string over ${QUERY_LIMITS.maxLength} characters as sent, percent-encoding included (URI_TOO_LONG; the detail names the limit)`,
      ],
      ['431', 'Request headers too large (HEADERS_TOO_LARGE)'],
    ];
    for (const [status, description] of always) {
      if (!(status in response)) response[status] = problemResponse(description);
    }
    if (!('503' in response)) {
      response['503'] = problemResponse(
        'Overloaded or shutting down (OVERLOADED); retry after `Retry-After` seconds, on another instance if there is one',
      );
    }
    return jsonSchemaTransform({ ...input, schema: { ...schema, response } } as Parameters<Transform>[0]);
  }
  return jsonSchemaTransform(input);
};

/** Rewrites `example: x` as `examples: [x]` throughout a schema (a property named "example" is left alone). */
function examplesArrays(schema: unknown): void {
  if (Array.isArray(schema)) {
    for (const item of schema) examplesArrays(item);
    return;
  }
  if (!isObject(schema)) return;
  if ('example' in schema) {
    if (!('examples' in schema)) schema.examples = [schema.example];
    delete schema.example;
  }
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && isObject(value)) {
      for (const property of Object.values(value)) examplesArrays(property);
    } else if (key !== 'examples' && key !== 'const' && key !== 'default' && key !== 'enum') {
      examplesArrays(value);
    }
  }
}

/** Names of the component schemas referenced from `root`, following references transitively. */
function referencedComponents(root: unknown, components: Json): Set<string> {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
    } else if (isObject(value)) {
      const ref = value.$ref;
      if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
        const name = ref.slice('#/components/schemas/'.length);
        if (!found.has(name)) {
          found.add(name);
          visit(components[name]);
        }
      }
      for (const child of Object.values(value)) visit(child);
    }
  };
  visit(root);
  return found;
}

export const transformDocument: TransformObject = (input) => {
  const document = jsonSchemaTransformObject(input) as Json;
  const paths = (document.paths ?? {}) as Json;
  const components = (isObject(document.components) ? document.components : {}) as Json;
  const schemas = (isObject(components.schemas) ? components.schemas : {}) as Json;
  const used = referencedComponents(paths, schemas);
  for (const name of Object.keys(schemas)) if (!used.has(name)) delete schemas[name];
  for (const schema of Object.values(schemas)) examplesArrays(schema);
  components.headers = { ...(isObject(components.headers) ? components.headers : {}), ...RESPONSE_HEADERS };
  document.components = components;
  for (const item of Object.values(paths)) {
    if (!isObject(item)) continue;
    for (const operation of Object.values(item)) {
      if (!isObject(operation)) continue;
      const responses = (operation.responses as Json | undefined) ?? {};
      // An operation is rate-limited when its answers include 429 (transformRoute adds it to exactly those).
      const rateLimited = '429' in responses;
      for (const [status, response] of Object.entries(responses)) {
        if (!isObject(response)) continue;
        const headers: Json = { ...(isObject(response.headers) ? response.headers : {}) };
        headers['x-request-id'] = headerRef('RequestId');
        if (status === '429' || status === '503') headers['Retry-After'] = headerRef('RetryAfter');
        if (rateLimited) {
          headers['x-ratelimit-limit'] = headerRef('RateLimitLimit');
          headers['x-ratelimit-remaining'] = headerRef('RateLimitRemaining');
          headers['x-ratelimit-reset'] = headerRef('RateLimitReset');
        }
        response.headers = headers;
      }
      for (const parameter of (operation.parameters as Json[] | undefined) ?? [])
        examplesArrays(parameter.schema);
      for (const response of Object.values((operation.responses as Json | undefined) ?? {})) {
        if (!isObject(response) || !isObject(response.content)) continue;
        for (const media of Object.values(response.content))
          if (isObject(media)) examplesArrays(media.schema);
      }
    }
  }
  return document as ReturnType<TransformObject>;
};
