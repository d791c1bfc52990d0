/**
 * A watch's route query: the parameters of GET /routes, sent as an object (`{"origin": "Xian", "avoid":
 * ["RU", "BY"]}`, lists also as comma-separated strings, numbers as numbers) or as a query string
 * (`origin=Xian&destination=Duisburg&avoid=RU,BY`). Both are read exactly as /routes reads its query string
 * (the same parser, list and number rules) and validated by the route query schema itself, so a watch accepts
 * what /routes accepts and refuses what it refuses, each problem naming `query.<parameter>`.
 */
import type { z } from 'zod';
import {
  isPlainDecimal,
  listItems,
  type ParsedQuery,
  parseQueryString,
  queryFault,
  queryShape,
} from '../http/plugins/query-string.js';
import { RoutesQuerySchema } from '../http/schemas/route-schemas.js';
import type { WatchQueryInputSchema } from '../http/schemas/watch-schemas.js';
import type { RoutesQuery } from '../http/serving/route-cache.js';
import { StateError } from '../state/state-errors.js';
import type { WatchQuery } from '../state/watch-store.js';

const SHAPE = queryShape(RoutesQuerySchema);

/** The query as sent in a POST /watches body. */
export type WatchQueryInput = z.output<typeof WatchQueryInputSchema>;

const invalid = (parameter: string, message: string, value?: unknown) =>
  new StateError('INVALID_BODY', `${parameter}: ${message}`, {
    parameter,
    ...(value !== undefined ? { value } : {}),
  });

/** The input as the /routes query-string parser would give it: strings, and arrays of strings. */
function asParsedQuery(input: WatchQueryInput): ParsedQuery {
  if (typeof input === 'string') {
    const parsed = parseQueryString(input.startsWith('?') ? input.slice(1) : input);
    const fault = queryFault(parsed);
    if (fault) {
      if (fault.kind === 'too-long')
        throw invalid('query', `longer than the ${fault.length} characters allowed`);
      throw invalid(`query.${fault.parameter}`, `is malformed (${fault.kind})`, fault.value);
    }
    return parsed;
  }
  const out: ParsedQuery = Object.create(null);
  for (const [name, value] of Object.entries(input)) {
    out[name] = Array.isArray(value) ? value.map(String) : String(value);
  }
  return out;
}

/**
 * Reads and validates a watch's query; the stored form (what /routes would see after its parser) and the
 * validated query. Throws INVALID_BODY naming `query.<parameter>`.
 */
export function readWatchQuery(input: WatchQueryInput): { stored: WatchQuery; query: RoutesQuery } {
  const parsed = asParsedQuery(input);
  for (const name of SHAPE.numbers) {
    const value = parsed[name];
    if (value === undefined) continue;
    const bad = (typeof value === 'string' ? [value] : value).find((v) => !isPlainDecimal(v));
    if (bad !== undefined) throw invalid(`query.${name}`, 'is not a number written in decimal digits', bad);
  }
  for (const name of SHAPE.lists) {
    const value = parsed[name];
    if (value !== undefined) parsed[name] = listItems(value);
  }
  const result = RoutesQuerySchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0] as z.core.$ZodIssue;
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0] ?? '';
      throw invalid(`query.${key}`, `unknown parameter "${key}" of GET /routes`, parsed[key]);
    }
    const name = String(issue.path[0] ?? '');
    throw invalid(
      name === '' ? 'query' : `query.${name}`,
      issue.message,
      name === '' ? undefined : parsed[name],
    );
  }
  const stored: WatchQuery = {};
  for (const [name, value] of Object.entries(parsed)) stored[name] = value;
  return { stored, query: result.data as RoutesQuery };
}

/** A stored query validated again (the evaluator reads watches written by earlier builds). */
export function storedWatchQuery(stored: WatchQuery): RoutesQuery {
  return readWatchQuery(stored).query;
}
