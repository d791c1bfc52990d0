/**
 * Request bodies: the API is read-only and takes none, so none is parsed (nor buffered up to a size limit): a
 * body sent to any path changes nothing, and a POST to /routes is a plain 404 problem.
 */
import type { FastifyPluginCallback } from 'fastify';
import fp from 'fastify-plugin';

const ignoreBodies: FastifyPluginCallback = (app, _options, done) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, next) => next(null, undefined));
  done();
};

/** Replaces every body parser by one that reads nothing. */
export const requestBodies = fp(ignoreBodies, { name: 'request-bodies' });
