/**
 * Problems raised before a request reaches a route: Node's HTTP parser rejecting the bytes (no request exists
 * yet, so the answer is written on the socket) and Fastify's router rejecting the path. Both answer
 * problem+json like every other error.
 */
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyServerOptions } from 'fastify';
import { headerSetPairs } from '../plugins/security-headers.js';
import { stringifyAscii } from '../serving/ascii-json.js';
import { PROBLEM_CONTENT_TYPE, problem, sendProblem } from './problem.js';

/** Longest path parameter the router accepts (ids are capped lower by their schema). */
export const MAX_PATH_PARAMETER_LENGTH = 1000;

/** The API's security headers, for answers that no route's hook frames. */
const API_HEADERS = headerSetPairs('api');
const API_HEADER_LINES = API_HEADERS.map(([name, value]) => `${name}: ${value}\r\n`).join('');

/**
 * Writes a problem on a raw socket, for errors Node's HTTP parser raises before any request exists. The
 * answer carries what every answer does: a fresh request id (to quote when reporting it), the API's security
 * headers and the charset.
 */
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
      `HTTP/1.1 ${body.status} ${STATUS_CODES[body.status] ?? code}\r\n${API_HEADER_LINES}x-request-id: ${randomUUID()}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
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
  for (const [name, value] of API_HEADERS) reply.header(name, value);
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
