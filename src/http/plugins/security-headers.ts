/**
 * The security headers of every answer (helmet's), computed once at start. @fastify/helmet rebuilds its whole
 * middleware, CSP parsing included, on every request, although the headers never change; so the configured
 * plugin answers one request in a throwaway instance, its headers are kept, and a single hook sets them from
 * then on (see protection.ts). The CSP is helmet's, so its syntax and defaults stay helmet's.
 */
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify from 'fastify';

/** Header name (lower case) → value. */
export type StaticHeaders = Readonly<Record<string, string>>;

const PROBE = '/probe';
const PLAIN = '/plain';

/**
 * The headers @fastify/helmet adds to an answer under `options`: those of an answer with helmet, minus those
 * of the same answer on a route where helmet is off (content type, length, date, connection).
 */
export async function helmetHeaders(options: FastifyHelmetOptions): Promise<StaticHeaders> {
  const probe = Fastify({ logger: false });
  try {
    await probe.register(helmet, options);
    probe.get(PROBE, async () => '');
    probe.get(PLAIN, { helmet: false }, async () => '');
    const [withHelmet, without] = await Promise.all([probe.inject(PROBE), probe.inject(PLAIN)]);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(withHelmet.headers)) {
      if (name in without.headers || value === undefined) continue;
      headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    }
    if (!headers['content-security-policy'])
      throw new Error('security-headers: helmet set no Content-Security-Policy');
    return headers;
  } finally {
    await probe.close();
  }
}
