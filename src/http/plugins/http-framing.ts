/**
 * HTTP framing that Node leaves to the application, answered as problems like every other error: a request
 * must name exactly one Host (RFC 9112 §3.2: none or several is a 400), and an Expect other than
 * `100-continue` cannot be met (RFC 9110 §10.1.1: 417). Node answers both itself with bare bodies; here its own
 * checks are turned off and the requests reach this hook, after the request id and security headers are set.
 */
import type { ServerOptions } from 'node:http';
import type { FastifyPluginCallback } from 'fastify';
import fp from 'fastify-plugin';
import { ProblemError } from '../errors/problem.js';

/** Node's server options this plugin takes over: Host is checked here, with a problem body. */
export const httpFramingServerOptions: ServerOptions = { requireHostHeader: false };

/** How many Host fields a request sent (Node keeps only the first in `headers`). */
function hostFieldCount(rawHeaders: readonly string[]): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    // Only a four-letter name can be Host: the others are not lower-cased (a copy) to be compared.
    if (name.length === 4 && (name === 'Host' || name === 'host' || name.toLowerCase() === 'host')) count++;
  }
  return count;
}

const httpFramingPlugin: FastifyPluginCallback = (app, _options, done) => {
  // Without a listener Node answers an unknown Expect with a bare 417 and never routes the request.
  app.server.on('checkExpectation', app.routing);
  app.addHook('onRequest', (request, _reply, next) => {
    const raw = request.raw;
    const hosts = hostFieldCount(raw.rawHeaders);
    const http11 = raw.httpVersionMajor === 1 && raw.httpVersionMinor >= 1;
    if (hosts > 1 || (hosts === 0 && http11)) {
      next(
        new ProblemError(
          'BAD_REQUEST',
          hosts > 1
            ? `The request has ${hosts} Host header fields; HTTP/1.1 allows exactly one`
            : 'The request has no Host header field; HTTP/1.1 requires one',
          { parameter: 'Host', ...(hosts > 1 ? { value: raw.headers.host } : {}) },
        ),
      );
      return;
    }
    const expect = raw.headers.expect;
    if (expect !== undefined && expect.trim().toLowerCase() !== '100-continue') {
      next(
        new ProblemError('EXPECTATION_FAILED', `Expect: ${expect.slice(0, 100)} is not supported`, {
          parameter: 'Expect',
          value: expect.slice(0, 200),
        }),
      );
      return;
    }
    next();
  });
  done();
};

/** Checks the Host and Expect fields of every request. */
export const httpFraming = fp(httpFramingPlugin, { name: 'http-framing' });
