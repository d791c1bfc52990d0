/**
 * Query-string parsing. Every list parameter accepts commas and repeats alike (`avoid=RU,BY` equals
 * `avoid=RU&avoid=BY`), so list parameters always arrive as arrays of trimmed, non-empty items. Other
 * parameters keep the standard shape: a string, or an array when repeated (which validation then rejects).
 *
 * Decoding is strict: a malformed percent-escape (`%`, `%ZZ`, a truncated or invalid UTF-8 sequence) or a
 * control character is never silently mangled into another value. The parser cannot answer the request
 * itself, so it records the fault under QUERY_FAULT and `queryFault` turns it into a 400 naming the parameter
 * (or a 414 for a query string over QUERY_LIMITS.maxLength, which is not even parsed).
 */

/** Parameters that hold lists, on every route. */
export const LIST_PARAMETERS = new Set([
  'avoid',
  'avoidModes',
  'avoidSeas',
  'avoidNodes',
  'via',
  'kind',
  'country',
  'origins',
  'destinations',
  'include',
]);

/**
 * Parameters that hold numbers, on every route. Their values must be written as plain decimals: number
 * coercion alone would read `0x5` as 5, `1e0` as 1 and an empty value as 0.
 */
export const NUMBER_PARAMETERS = new Set([
  'alternatives',
  'cargoTonnes',
  'limit',
  'maxHours',
  'maxKm',
  'maxCo2e',
]);
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

function withFault(out: Record<string, unknown>, fault: QueryFault): Record<string, unknown> {
  Object.defineProperty(out, QUERY_FAULT, { value: fault, enumerable: false });
  return out;
}

/** The fault recorded by parseQueryString on a parsed query, if any. */
export function queryFault(query: unknown): QueryFault | undefined {
  if (query === null || typeof query !== 'object') return undefined;
  return (query as { [QUERY_FAULT]?: QueryFault })[QUERY_FAULT];
}

/** Parses a raw query string (without `?`) into a prototype-free object; faults are recorded, not thrown. */
export function parseQueryString(query: string): Record<string, unknown> {
  // A prototype-free object: `__proto__` or `constructor` is just another (unknown) key.
  const out: Record<string, unknown> = Object.create(null);
  if (query.length > QUERY_LIMITS.maxLength)
    return withFault(out, { kind: 'too-long', length: query.length });
  const raw: Record<string, string[]> = Object.create(null);
  for (const pair of query.split('&')) {
    if (pair.length === 0) continue;
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    const key = decodeComponent(rawKey);
    if (key === undefined) return withFault(out, { kind: 'bad-encoding', parameter: rawKey, value: rawKey });
    const value = decodeComponent(rawValue);
    if (value === undefined) return withFault(out, { kind: 'bad-encoding', parameter: key, value: rawValue });
    if (CONTROL_CHARACTER.test(key) || CONTROL_CHARACTER.test(value)) {
      return withFault(out, { kind: 'control-character', parameter: key, value });
    }
    if (key.length === 0) {
      // `=RU` (a forgotten name) must not pass silently: it may be the filter the caller meant to set.
      if (value.length === 0) continue;
      return withFault(out, { kind: 'unnamed-value', parameter: 'query', value });
    }
    const values = raw[key];
    if (values) values.push(value);
    else raw[key] = [value];
  }
  for (const key of Object.keys(raw)) {
    const values = raw[key] as string[];
    if (NUMBER_PARAMETERS.has(key)) {
      const bad = values.find((v) => !isPlainDecimal(v));
      if (bad !== undefined) return withFault(out, { kind: 'not-a-number', parameter: key, value: bad });
    }
    if (LIST_PARAMETERS.has(key)) {
      out[key] = values
        .flatMap((v) => v.split(','))
        .map((v) => v.trim())
        .filter((v) => v.length > 0);
    } else {
      out[key] = values.length === 1 ? values[0] : values;
    }
  }
  return out;
}

/** Most query strings whose parse is remembered, and the longest one remembered. */
const REMEMBERED = { maxEntries: 4096, maxLength: 1024 } as const;
const remembered = new Map<string, Record<string, unknown>>();

function freeze(parsed: Record<string, unknown>): Record<string, unknown> {
  for (const value of Object.values(parsed)) if (Array.isArray(value)) Object.freeze(value);
  return Object.freeze(parsed);
}

/**
 * parseQueryString with a memory of recent query strings (the Fastify router's parser). The router parses the
 * query string of every request before any hook runs, so without it a /routes cache hit, answered from its
 * exact URL, would still pay for parsing. Parses are frozen and shared between requests: nothing writes to a
 * parsed query (validation makes a new object), and a frozen one would throw if anything tried. Bounded in
 * count and length; the oldest is forgotten first.
 */
export function parseQueryStringRemembered(query: string): Record<string, unknown> {
  const known = remembered.get(query);
  if (known !== undefined) return known;
  const parsed = freeze(parseQueryString(query));
  if (query.length <= REMEMBERED.maxLength) {
    if (remembered.size >= REMEMBERED.maxEntries) remembered.delete(remembered.keys().next().value as string);
    remembered.set(query, parsed);
  }
  return parsed;
}
