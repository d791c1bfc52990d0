/**
 * What an Idempotency-Key is bound to: the method, the path and the body, hashed. The body is hashed in a
 * canonical form (keys sorted), so a retry that serialises the same object differently is the same request.
 */
import { createHash } from 'node:crypto';

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** SHA-256 (hex) of a request as an Idempotency-Key sees it. */
export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${path}\n${canonical(body)}`)
    .digest('hex');
}

/** Idempotency-Key values accepted: 1-255 visible ASCII characters (a UUID, a ticket number). */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
