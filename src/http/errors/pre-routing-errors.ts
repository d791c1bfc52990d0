/**
 * Problems raised before a request reaches a route: Node's HTTP parser rejecting the bytes (no request exists
 * yet, so the answer is written on the socket) and Fastify's router rejecting the path. Both answer
 * problem+json like every other error.
 */
import type { Socket } from 'node:net';
import type { FastifyServerOptions } from 'fastify';
import { stringifyAscii } from '../serving/ascii-json.js';
import { PROBLEM_CONTENT_TYPE, problem, sendProblem } from './problem.js';

/** Longest path parameter the router accepts (ids are capped lower by their schema). */
export const MAX_PATH_PARAMETER_LENGTH = 1000;

/** Writes a problem on a raw socket, for errors Node's HTTP parser raises before any request exists. */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const code =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? 'REQUEST_TIMEOUT'
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? 'HEADERS_TOO_LARGE'
        : 'BAD_REQUEST';
  const detail =
    code === 'REQUEST_TIMEOUT'
      ? 'The request was not received in time'
      : code === 'HEADERS_TOO_LARGE'
        ? 'The request line and headers exceed the size this server accepts (16 KiB)'
        : 'The request is not valid HTTP';
  const body = problem(code, detail, undefined);
  const text = stringifyAscii(body);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${body.status} ${code.replaceAll('_', ' ')}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
    );
  }
  socket.destroy();
}

/** The router's rejections (a path segment too long, a malformed percent-escape in the path) as problems. */
export const frameworkErrors: NonNullable<FastifyServerOptions['frameworkErrors']> = (
  error,
  request,
  reply,
) => {
  reply.header('x-request-id', request.id);
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return sendProblem(
      reply,
      problem(
        'URI_TOO_LONG',
        `A path segment is longer than ${MAX_PATH_PARAMETER_LENGTH} characters`,
        request,
        { parameter: 'path' },
      ),
    );
  }
  // FST_ERR_BAD_URL (a malformed percent-escape in the path) and anything else the router rejects.
  return sendProblem(
    reply,
    problem('INVALID_PARAMETER', 'The URL path is not valid: malformed percent-encoding', request, {
      parameter: 'path',
    }),
  );
};
