/**
 * The one place where errors become HTTP answers: problems raised by plugins and hooks (ProblemError: rate
 * limit, load shedding, draining, malformed query strings), domain errors by their code, request validation
 * errors as 400 INVALID_PARAMETER naming every parameter at fault, unknown paths as 404 NOT_FOUND, known paths
 * asked with a method they lack as 405 METHOD_NOT_ALLOWED with `Allow`, and anything else as a 500 INTERNAL_ERROR whose body reveals nothing (the full error is logged with the request id).
 * Errors raised before routing are answered by pre-routing-errors.ts, with the same problem bodies.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError } from '../../domain/index.js';
import { StateError } from '../../state/state-errors.js';
import { ProblemError, problem, sendProblem } from './problem.js';

interface ValidationIssue {
  keyword: string;
  instancePath: string;
  message: string;
  params: Record<string, unknown>;
}

function describeValue(value: unknown): string {
  const s = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** One `{parameter, detail}` per validation issue; unknown parameters are named one by one. */
function validationProblems(issues: ValidationIssue[], source: Record<string, unknown>) {
  const out: { parameter: string; detail: string; value?: unknown }[] = [];
  for (const issue of issues) {
    const path = issue.instancePath.split('/').filter(Boolean);
    if (issue.keyword === 'unrecognized_keys' && Array.isArray(issue.params.keys)) {
      for (const key of issue.params.keys as string[]) {
        out.push({
          parameter: key,
          detail: `unknown parameter "${key}" (check its spelling: an ignored filter could change the route)`,
          value: source[key],
        });
      }
      continue;
    }
    const parameter = path[0] ?? 'query';
    const value = source[parameter];
    const index = path.length > 1 ? `[${path.slice(1).join('][')}]` : '';
    const got = value === undefined ? 'missing' : `got ${describeValue(value)}`;
    out.push({ parameter, detail: `${parameter}${index}: ${issue.message} (${got})`, value });
  }
  return out;
}

/** The value at a path of a parsed body, if there is one. */
function valueAt(body: unknown, path: string[]): unknown {
  let at: unknown = body;
  for (const key of path) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/** One `{parameter, detail}` per body issue, the parameter being the field's dotted path. */
function bodyProblems(issues: ValidationIssue[], body: unknown) {
  const out: { parameter: string; detail: string; value?: unknown }[] = [];
  for (const issue of issues) {
    const path = issue.instancePath.split('/').filter(Boolean);
    if (issue.keyword === 'unrecognized_keys' && Array.isArray(issue.params.keys)) {
      for (const key of issue.params.keys as string[]) {
        const field = [...path, key].join('.');
        out.push({
          parameter: field,
          detail: `unknown field "${field}"`,
          value: valueAt(body, [...path, key]),
        });
      }
      continue;
    }
    const field = path.length > 0 ? path.join('.') : 'body';
    const value = path.length > 0 ? valueAt(body, path) : undefined;
    const got =
      path.length === 0 ? '' : value === undefined ? ' (missing)' : ` (got ${describeValue(value)})`;
    out.push({
      parameter: field,
      detail: `${field}: ${issue.message}${got}`,
      ...(value !== undefined ? { value } : {}),
    });
  }
  return out;
}

/** A route's path as a whole-path pattern (`:name` is one segment); wildcard routes are left out. */
function pathPattern(url: string): RegExp | undefined {
  if (url.includes('*')) return undefined;
  const source = url
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}/?$`);
}

/**
 * The methods of every route, by path pattern, to tell a path that exists under other methods (405 with
 * `Allow`, RFC 9110 §15.5.6) from one that does not exist at all (404). Filled as routes are registered.
 */
class RouteMethods {
  private readonly byPath = new Map<string, { pattern: RegExp; methods: Set<string> }>();

  add(url: string, methods: string | string[]): void {
    const pattern = pathPattern(url);
    if (!pattern) return;
    const entry = this.byPath.get(url) ?? { pattern, methods: new Set<string>() };
    for (const method of Array.isArray(methods) ? methods : [methods]) {
      // OPTIONS routes answer CORS preflights (plugins/cors.ts), on every path alike: not a method of a resource.
      if (method !== 'OPTIONS') entry.methods.add(method);
    }
    if (entry.methods.has('GET')) entry.methods.add('HEAD');
    this.byPath.set(url, entry);
  }

  /** The methods a path answers, sorted; empty if no route has the path. */
  allowed(path: string): string[] {
    const methods = new Set<string>();
    for (const { pattern, methods: m } of this.byPath.values()) {
      if (pattern.test(path)) for (const method of m) methods.add(method);
    }
    return [...methods].sort();
  }
}

/** Installs the not-found and error handlers on the root instance. */
export function registerErrorHandling(app: FastifyInstance): void {
  const routes = new RouteMethods();
  app.addHook('onRoute', (route) => routes.add(route.url, route.method));
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = routes.allowed(path);
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '));
      return sendProblem(
        reply,
        problem(
          'METHOD_NOT_ALLOWED',
          `${request.method} is not a method of ${path.slice(0, 200)}; it answers ${allowed.join(', ')}`,
          request,
          { parameter: 'method', value: request.method },
        ),
      );
    }
    sendProblem(
      reply,
      problem(
        'NOT_FOUND',
        `${request.method} ${path.slice(0, 200)} is not an endpoint of this API; see /docs`,
        request,
      ),
    );
  });

  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof ProblemError) {
      if (error.options.retryAfterSeconds !== undefined)
        reply.header('retry-after', error.options.retryAfterSeconds);
      return sendProblem(reply, problem(error.code, error.message, request, error.extra));
    }
    if (error instanceof DomainError) {
      const { parameter, value, suggestions, blockedBy, relaxations } = error.details;
      return sendProblem(
        reply,
        problem(error.code, error.message, request, {
          ...(parameter !== undefined ? { parameter } : {}),
          ...(value !== undefined ? { value } : {}),
          ...(suggestions ? { suggestions } : {}),
          ...(blockedBy ? { blockedBy } : {}),
          ...(relaxations ? { relaxations } : {}),
        }),
      );
    }
    if (error instanceof StateError) {
      const { parameter, value } = error.details;
      if (error.code === 'STORE_UNAVAILABLE') reply.header('retry-after', 5);
      return sendProblem(
        reply,
        problem(error.code, error.message, request, {
          ...(parameter !== undefined ? { parameter } : {}),
          ...(value !== undefined ? { value } : {}),
        }),
      );
    }
    if (hasZodFastifySchemaValidationErrors(error) && error.validationContext === 'body') {
      const problems = bodyProblems(error.validation as unknown as ValidationIssue[], request.body);
      const first = problems[0] ?? { parameter: 'body', detail: error.message };
      return sendProblem(
        reply,
        problem('INVALID_BODY', problems.map((p) => p.detail).join('; '), request, {
          parameter: first.parameter,
          ...(first.value !== undefined ? { value: first.value } : {}),
          ...(problems.length > 1
            ? { errors: problems.map(({ parameter, detail }) => ({ parameter, detail })) }
            : {}),
        }),
      );
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const context = error.validationContext;
      // Bodies were answered above (INVALID_BODY): what is left are path and query parameters.
      const source = ((context === 'params' ? request.params : request.query) ?? {}) as Record<
        string,
        unknown
      >;
      const problems = validationProblems(error.validation as unknown as ValidationIssue[], source);
      const first = problems[0] ?? { parameter: 'query', detail: error.message };
      return sendProblem(
        reply,
        problem('INVALID_PARAMETER', problems.map((p) => p.detail).join('; '), request, {
          parameter: first.parameter,
          ...('value' in first && first.value !== undefined ? { value: first.value } : {}),
          ...(problems.length > 1
            ? { errors: problems.map(({ parameter, detail }) => ({ parameter, detail })) }
            : {}),
        }),
      );
    }
    const status = error.statusCode ?? 500;
    if (status === 413)
      return sendProblem(reply, problem('PAYLOAD_TOO_LARGE', error.message, request, { parameter: 'body' }));
    if (status === 415) {
      return sendProblem(
        reply,
        problem('UNSUPPORTED_MEDIA_TYPE', `${error.message}; send application/json`, request, {
          parameter: 'Content-Type',
          ...(request.headers['content-type'] !== undefined
            ? { value: request.headers['content-type'] }
            : {}),
        }),
      );
    }
    if (status >= 400 && status < 500) {
      // Fastify's own client errors (bad URL encoding, oversize headers, ...): say what, never how.
      const code = status === 404 ? 'NOT_FOUND' : status === 405 ? 'METHOD_NOT_ALLOWED' : 'INVALID_PARAMETER';
      return sendProblem(reply, { ...problem(code, error.message, request), status });
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(
      reply,
      problem('INTERNAL_ERROR', 'An internal error occurred; it has been logged', request),
    );
  });
}
