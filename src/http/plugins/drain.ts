/**
 * Draining on shutdown: from app.startDraining() (SIGTERM, see server.ts) or once the app starts closing,
 * requests in flight are answered with Connection: close, and new requests, on connections still open or
 * accepted while the backlog is drained, get 503 OVERLOADED with Retry-After, so that a load balancer retries
 * them on another instance. (Closing the sockets themselves is graceful-close.ts.)
 */
import type { FastifyPluginCallback, FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';
import { ProblemError } from '../errors/problem.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Starts draining now (before app.close()): new requests get 503 with Connection: close. */
    startDraining(): void;
    /** Whether the app is draining. */
    readonly draining: boolean;
  }
}

/** Fastify's own 503 while closing is plain text; ours is a problem (see the plugin). */
export const drainServerOptions: Partial<FastifyServerOptions> = { return503OnClosing: false };

/** Seconds a client refused by a draining instance is asked to wait (another instance can take it at once). */
export const DRAIN_RETRY_AFTER_SECONDS = 1;

const drainPlugin: FastifyPluginCallback = (app, _options, done) => {
  let draining = false;
  app.decorate('startDraining', () => {
    draining = true;
  });
  app.decorate('draining', {
    getter: () => draining,
  });
  app.addHook('preClose', async () => {
    draining = true;
  });
  app.addHook('onRequest', (_request, reply, next) => {
    if (!draining) return next();
    reply.header('connection', 'close').header('retry-after', DRAIN_RETRY_AFTER_SECONDS);
    next(new ProblemError('OVERLOADED', 'The service is shutting down; retry on another instance'));
  });
  // A request that was in flight when shutdown began: answer it, then let the connection go.
  app.addHook('onSend', (_request, reply, payload, next) => {
    if (draining) reply.header('connection', 'close');
    next(null, payload);
  });
  done();
};

/** Registers draining on the root instance. */
export const drain = fp(drainPlugin, { name: 'drain' });
