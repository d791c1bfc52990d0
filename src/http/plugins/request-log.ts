/**
 * Request logging through pino, as Fastify does it, with one line per request instead of two: Fastify writes
 * "incoming request" and "request completed", which doubles the logging of a cached answer; this controller
 * writes only the second, with the request as the first described it. Each line goes through the request's
 * child logger (its `reqId`), pino's serializers and its redaction, like every other line.
 */
import { type FastifyReply, type FastifyRequest, type FastifyServerOptions, LogController } from 'fastify';

/** Headers that must never reach a log line: credentials. */
export const REDACTED_HEADERS = ['authorization', 'cookie', 'x-api-key'] as const;

/** What a request line says of the request: method, URL, host, client address and port, headers. */
function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: request.url,
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
    headers: request.headers,
  };
}

/** The pino options of every logger of the app: the request serializer and the redaction of credentials. */
export const LOG_OPTIONS = {
  serializers: { req: serializeRequest },
  redact: { paths: REDACTED_HEADERS.map((name) => `req.headers["${name}"]`), censor: '[Redacted]' },
};

/**
 * The app's logger option: a caller's logger options (level, destination) with the serializers and redaction
 * added; false (no logging) stays false.
 */
export function appLoggerOptions(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (logger === false || logger === undefined) return false;
  return { ...(logger === true ? {} : logger), ...LOG_OPTIONS };
}

/** Writes one line per request, when it completes. */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (error) {
      reply.log.error(
        { req: request, res: reply, err: error, responseTime: reply.elapsedTime },
        'request errored',
      );
    } else {
      reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
    }
  }
}
