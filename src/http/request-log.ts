/**
 * One log line per request. Fastify logs two by default ("incoming request" and "request completed"), which
 * doubles the logging cost of a cached answer; this controller writes only the second, carrying what the
 * first had: the request id (the child logger's reqId), method, URL, host and client address, then the status
 * and the response time. Every other line Fastify writes (errors, aborted streams) is kept as it is.
 */
import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

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
