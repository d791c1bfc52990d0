/**
 * Who may write: `Authorization: Bearer <key>` naming a live API key with the route's scope, checked before
 * the body is read; then a fixed budget of writes per minute per key. Reads never come here.
 *
 * Written here rather than with @fastify/rate-limit: its budget is keyed before authentication (onRequest,
 * by IP by default) and it is already registered on the root for the per-IP limit; the per-key budget needs
 * the verified key, which only exists after this check.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VerifiedKey } from '../../../state/api-key-store.js';
import type { StateStore } from '../../../state/state-store.js';
import { problem, sendProblem } from '../../errors/problem.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The API key a write was authenticated with. */
    apiKey?: VerifiedKey;
  }
}

export const AUTH_REALM = 'eurasia-freight-routes';
const WINDOW_MS = 60_000;

/** Writes per minute per key when not configured (WRITE_RATE_LIMIT_MAX). */
export const DEFAULT_WRITE_RATE_LIMIT = 120;

/** The per-key limit of a write resource: `max` writes a minute per key (0: no limit). */
export function keyRateLimiter(max = DEFAULT_WRITE_RATE_LIMIT): KeyRateLimiter | undefined {
  return max > 0 ? new KeyRateLimiter(max) : undefined;
}

/** Writes per key in fixed one-minute windows; the counters are this instance's (per replica). */
export class KeyRateLimiter {
  private window = 0;
  private readonly counts = new Map<string, number>();

  constructor(readonly max: number) {}

  /** Counts one write; false when the key is over its budget for this minute. */
  take(keyId: string, now = Date.now()): { allowed: boolean; remaining: number; resetSeconds: number } {
    const window = Math.floor(now / WINDOW_MS);
    if (window !== this.window) {
      this.window = window;
      this.counts.clear();
    }
    const used = (this.counts.get(keyId) ?? 0) + 1;
    this.counts.set(keyId, used);
    const resetSeconds = Math.ceil(((window + 1) * WINDOW_MS - now) / 1000);
    return { allowed: used <= this.max, remaining: Math.max(0, this.max - used), resetSeconds };
  }
}

/** An onRequest hook that lets through only requests with a live key carrying `scope`. */
export function requireScope(store: StateStore, scope: string, limiter: KeyRateLimiter | undefined) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer[ ]+(\S+)\s*$/i.exec(header) : null;
    if (!match) {
      reply.header('www-authenticate', `Bearer realm="${AUTH_REALM}", scope="${scope}"`);
      return sendProblem(
        reply,
        problem(
          'UNAUTHORIZED',
          header === undefined
            ? `Writes need an API key: send Authorization: Bearer <key> (scope ${scope})`
            : 'The Authorization header must be "Bearer <key>"',
          request,
          { parameter: 'Authorization' },
        ),
      );
    }
    const key = await store.keys.verify(match[1] as string);
    if (!key) {
      reply.header(
        'www-authenticate',
        `Bearer realm="${AUTH_REALM}", error="invalid_token", scope="${scope}"`,
      );
      return sendProblem(
        reply,
        problem('UNAUTHORIZED', 'The API key is unknown or revoked', request, { parameter: 'Authorization' }),
      );
    }
    if (!key.scopes.includes(scope)) {
      reply.header(
        'www-authenticate',
        `Bearer realm="${AUTH_REALM}", error="insufficient_scope", scope="${scope}"`,
      );
      return sendProblem(
        reply,
        problem('FORBIDDEN', `The API key "${key.name}" lacks the scope ${scope}`, request, {
          parameter: 'Authorization',
        }),
      );
    }
    if (limiter) {
      const budget = limiter.take(key.id);
      reply.header('x-ratelimit-limit', limiter.max);
      reply.header('x-ratelimit-remaining', budget.remaining);
      reply.header('x-ratelimit-reset', budget.resetSeconds);
      if (!budget.allowed) {
        reply.header('retry-after', budget.resetSeconds);
        return sendProblem(
          reply,
          problem(
            'RATE_LIMITED',
            `The API key "${key.name}" has used its ${limiter.max} writes for this minute; retry in ${budget.resetSeconds} s`,
            request,
          ),
        );
      }
    }
    request.apiKey = key;
  };
}
