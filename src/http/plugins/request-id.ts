/**
 * Request ids: a caller's X-Request-Id is kept when it looks like an id, otherwise a fresh UUID is made; every
 * answer returns it in `x-request-id`, and every log line of the request carries it (`reqId`).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyPluginCallback, FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';

/** What a kept X-Request-Id may look like. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/** The Fastify constructor options that make the ids (Fastify's own header option is off: ours checks it). */
export const requestIdServerOptions: Partial<FastifyServerOptions> = {
  genReqId: requestId,
  requestIdHeader: false,
};

const echoRequestId: FastifyPluginCallback = (app, _options, done) => {
  app.addHook('onRequest', (request, reply, next) => {
    reply.header('x-request-id', request.id);
    next();
  });
  done();
};

/** Returns the request id on every answer. */
export const requestIdPlugin = fp(echoRequestId, { name: 'request-id' });
