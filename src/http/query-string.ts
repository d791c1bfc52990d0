/**
 * Query-string parsing. Every list parameter accepts commas and repeats alike (`avoid=RU,BY` equals
 * `avoid=RU&avoid=BY`), so list parameters always arrive as arrays of trimmed, non-empty items. Other
 * parameters keep the standard shape: a string, or an array when repeated (which validation then rejects).
 */
import { parse } from 'node:querystring';

/** Parameters that hold lists, on every route. */
export const LIST_PARAMETERS = new Set(['avoid', 'avoidModes', 'avoidSeas', 'avoidNodes', 'via', 'kind']);

export function parseQueryString(query: string): Record<string, unknown> {
  // node:querystring returns an object without prototype, so `__proto__` is just another (unknown) key.
  const raw = parse(query);
  const out: Record<string, unknown> = Object.create(null);
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (LIST_PARAMETERS.has(key)) {
      const values = Array.isArray(value) ? value : [value];
      out[key] = values
        .flatMap((v) => v.split(','))
        .map((v) => v.trim())
        .filter((v) => v.length > 0);
    } else {
      out[key] = value;
    }
  }
  return out;
}
