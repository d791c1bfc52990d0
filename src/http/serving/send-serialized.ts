/** Sends a body that is already serialized (no schema serializer runs on a string payload). */
import type { FastifyReply } from 'fastify';

export function sendSerialized(
  reply: FastifyReply,
  contentType: string,
  body: string | Buffer,
): FastifyReply {
  return reply.type(contentType).send(body);
}
