/**
 * One log line per request. Fastify logs two by default ("incoming request" and "request completed"), which
 * doubles the logging cost of a cached answer; this controller writes only the second, carrying what the
 * first had: the request id (the child logger's reqId), method, URL, host and client address, then the status
 * and the response time. Every other line Fastify writes (errors, aborted streams) is kept as it is.
 *
 * Given the logger's destination, the line of a request that succeeded is written as text directly, in the
 * shape pino gives it (level, time, pid, hostname, reqId, req, res, responseTime, msg): going through pino's
 * serializers and generic JSON writer for these few fixed fields cost more than answering a cached request.
 */
import { hostname } from 'node:os';
import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

/** Where log lines go (the `stream` of Fastify's logger options). */
export type LogSink = (line: string) => void;

const INFO = 30;
/** Logger levels at which info lines are written. */
const LOGS_INFO = new Set(['trace', 'debug', 'info']);

/** A value as JSON; null where it is missing (a request without a Host header, a socket already gone). */
const json = (value: unknown): string => JSON.stringify(value ?? null);

export class OneLinePerRequest extends LogController {
  /** The constant start of every line: level, then (after the time) pid and hostname. */
  private readonly pidAndHost = `,"pid":${process.pid},"hostname":${JSON.stringify(hostname())}`;

  constructor(private readonly sink?: LogSink) {
    super();
  }

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
    } else if (this.sink === undefined) {
      reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
    } else if (LOGS_INFO.has(reply.log.level)) {
      const socket = request.raw.socket;
      this.sink(
        `{"level":${INFO},"time":${Date.now()}${this.pidAndHost},"reqId":${json(request.id)},"req":{"method":${json(request.method)},"url":${json(request.url)},"host":${json(request.host)},"remoteAddress":${json(request.ip)},"remotePort":${json(socket?.remotePort)}},"res":{"statusCode":${reply.statusCode}},"responseTime":${reply.elapsedTime},"msg":"request completed"}\n`,
      );
    }
  }
}
