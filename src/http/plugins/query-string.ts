/**
 * Query strings, read strictly. The router's parser (parseQueryString) decodes every pair: a malformed
 * percent-escape (`%`, `%ZZ`, a truncated or invalid UTF-8 sequence) or a control character is never silently
 * mangled into another value, and a query string over QUERY_LIMITS.maxLength is not even parsed. The parser
 * cannot answer the request itself, so it records the fault on the parsed object.
 *
 * What each parameter is comes from the route's own querystring schema, read once when the route is added
 * (strictQuery's onRoute hook): a parameter whose schema is an array is a list, which accepts commas and
 * repeats alike (`avoid=RU,BY` equals `avoid=RU&avoid=BY`) and arrives as an array of trimmed, non-empty items;
 * one whose schema is a number must be written as a plain decimal (number coercion alone would read `0x5` as 5,
 * `1e0` as 1 and an empty value as 0). A route without a querystring schema takes no parameters, so an unknown
 * parameter is a 400 on every endpoint. Faults become problems (ProblemError) before validation.
 */
import type { FastifyPluginCallback, preValidationHookHandler, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { z } from 'zod';
import { ProblemError } from '../errors/problem.js';

const PLAIN_DECIMAL = /^-?[0-9]+(\.[0-9]+)?$/;

/** True when `text` is a number written in decimal digits (`2`, `20.5`, `-1`), spaces around it aside. */
export function isPlainDecimal(text: string): boolean {
  return PLAIN_DECIMAL.test(text.trim());
}

/** Limits of the query string as a whole; the per-parameter limits are in the route schemas. */
export const QUERY_LIMITS = {
  /** Longest accepted query string (the part after `?`, as sent, percent-encoded), in characters. */
  maxLength: 8192,
} as const;

/** What is wrong with a query string as a whole, if anything. */
export type QueryFault =
  | { kind: 'too-long'; length: number }
  | { kind: 'bad-encoding'; parameter: string; value: string }
  | { kind: 'control-character'; parameter: string; value: string }
  | { kind: 'not-a-number'; parameter: string; value: string }
  | { kind: 'unnamed-value'; parameter: 'query'; value: string };

/** Key under which the parser records a fault (a symbol: never a parameter, never enumerated). */
export const QUERY_FAULT: unique symbol = Symbol('queryFault');

/** A parsed query string: each parameter's value, or its values when it was repeated. */
export type ParsedQuery = Record<string, string | string[]>;

// C0 controls and DEL: no parameter of the API can contain them, and they have no business in logs.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** Decodes one `application/x-www-form-urlencoded` component, or returns undefined when it is malformed. */
function decodeComponent(text: string): string | undefined {
  const spaced = text.includes('+') ? text.replaceAll('+', ' ') : text;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return undefined;
  }
}

function withFault<T extends object>(out: T, fault: QueryFault): T {
  Object.defineProperty(out, QUERY_FAULT, { value: fault, enumerable: false });
  return out;
}

/** The fault recorded on a parsed query, if any. */
export function queryFault(query: unknown): QueryFault | undefined {
  if (query === null || typeof query !== 'object') return undefined;
  return (query as { [QUERY_FAULT]?: QueryFault })[QUERY_FAULT];
}

/**
 * Parses a raw query string (without `?`) into a prototype-free object (the Fastify router's parser); faults
 * are recorded, not thrown. Each call makes a new object: nothing is shared between requests.
 */
export function parseQueryString(query: string): ParsedQuery {
  // A prototype-free object: `__proto__` or `constructor` is just another (unknown) key.
  const out: ParsedQuery = Object.create(null);
  if (query.length > QUERY_LIMITS.maxLength)
    return withFault(out, { kind: 'too-long', length: query.length });
  // A control character is either written as it is (checked once, on the whole string) or decoded from an
  // escape: only a component that held a "%" can have gained one.
  const rawControl = CONTROL_CHARACTER.test(query);
  let start = 0;
  while (start <= query.length) {
    let end = query.indexOf('&', start);
    if (end < 0) end = query.length;
    const from = start;
    start = end + 1;
    if (end === from) continue;
    // The first "=" of the pair, looked for within it only (a search of the rest of the string for a pair
    // without one would make a query of many such pairs quadratic).
    let eq = -1;
    for (let i = from; i < end; i++) {
      if (query.charCodeAt(i) === 0x3d) {
        eq = i;
        break;
      }
    }
    const rawKey = query.slice(from, eq < 0 ? end : eq);
    const rawValue = eq < 0 ? '' : query.slice(eq + 1, end);
    const key = decodeComponent(rawKey);
    if (key === undefined) return withFault(out, { kind: 'bad-encoding', parameter: rawKey, value: rawKey });
    const value = decodeComponent(rawValue);
    if (value === undefined) return withFault(out, { kind: 'bad-encoding', parameter: key, value: rawValue });
    if (
      (rawControl || key !== rawKey || value !== rawValue) &&
      (CONTROL_CHARACTER.test(key) || CONTROL_CHARACTER.test(value))
    ) {
      return withFault(out, { kind: 'control-character', parameter: key, value });
    }
    if (key.length === 0) {
      // `=RU` (a forgotten name) must not pass silently: it may be the filter the caller meant to set.
      if (value.length === 0) continue;
      return withFault(out, { kind: 'unnamed-value', parameter: 'query', value });
    }
    const known = out[key];
    if (known === undefined) out[key] = value;
    else if (typeof known === 'string') out[key] = [known, value];
    else known.push(value);
  }
  return out;
}

/** What a route's querystring schema says of its parameters. */
export interface QueryShape {
  /** Parameters that hold lists (commas and repeats). */
  lists: ReadonlySet<string>;
  /** Parameters that hold numbers (plain decimals only). */
  numbers: ReadonlySet<string>;
}

/** The schema under optional, default, nullable and the input side of a pipe. */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (;;) {
    const def = current._zod.def as z.core.$ZodTypeDef & {
      innerType?: z.core.$ZodType;
      in?: z.core.$ZodType;
    };
    const inner = def.type === 'pipe' ? def.in : def.innerType;
    if (inner === undefined) return current;
    current = inner;
  }
}

/** Reads which parameters of a querystring schema (a zod object) are lists and which are numbers. */
export function queryShape(schema: unknown): QueryShape {
  const lists = new Set<string>();
  const numbers = new Set<string>();
  const shape = (schema as { shape?: Record<string, z.core.$ZodType> } | undefined)?.shape ?? {};
  for (const [name, field] of Object.entries(shape)) {
    const type = unwrap(field)._zod.def.type;
    if (type === 'array') lists.add(name);
    else if (type === 'number') numbers.add(name);
  }
  return { lists, numbers };
}

/** A list parameter's items: split at commas, trimmed, empty ones dropped. */
export function listItems(value: string | string[]): string[] {
  return (typeof value === 'string' ? [value] : value)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

/** The problem a query fault is answered with: 414 for a query string too long, else 400 naming the parameter. */
function faultProblem(fault: QueryFault): ProblemError {
  if (fault.kind === 'too-long') {
    return new ProblemError(
      'URI_TOO_LONG',
      `The query string has ${fault.length} characters; at most ${QUERY_LIMITS.maxLength} are accepted`,
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
  return new ProblemError('INVALID_PARAMETER', `${fault.parameter || '(empty name)'}: ${why}`, {
    parameter: fault.parameter.slice(0, 200) || 'query',
    value: fault.value.slice(0, 200),
  });
}

/**
 * The preValidation hook of a route: rejects a faulty query string, checks its numbers and turns its lists
 * into arrays, as its shape says.
 */
export function queryNormalizer({ lists, numbers }: QueryShape): preValidationHookHandler {
  return (request, _reply, done) => {
    const query = request.query as ParsedQuery;
    const fault = queryFault(query);
    if (fault) return done(faultProblem(fault));
    for (const name of numbers) {
      const value = query[name];
      if (value === undefined) continue;
      const bad = (typeof value === 'string' ? [value] : value).find((v) => !isPlainDecimal(v));
      if (bad !== undefined) return done(faultProblem({ kind: 'not-a-number', parameter: name, value: bad }));
    }
    for (const name of lists) {
      const value = query[name];
      if (value !== undefined) query[name] = listItems(value);
    }
    done();
  };
}

/** The querystring schema of a route that declares none: no parameter at all. */
const NO_PARAMETERS = z.strictObject({});

function addHook<K extends 'preValidation'>(route: RouteOptions, name: K, hook: preValidationHookHandler) {
  const existing = route[name];
  route[name] =
    existing === undefined ? [hook] : Array.isArray(existing) ? [hook, ...existing] : [hook, existing];
}

const strictQueryPlugin: FastifyPluginCallback = (app, _options, done) => {
  app.addHook('onRoute', (route) => {
    const given = route.schema?.querystring;
    if (given === undefined) route.schema = { ...route.schema, querystring: NO_PARAMETERS };
    addHook(route, 'preValidation', queryNormalizer(queryShape(given)));
  });
  done();
};

/** Gives every route registered after it the strict reading of its query string. */
export const strictQuery = fp(strictQueryPlugin, { name: 'strict-query' });
