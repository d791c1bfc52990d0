/**
 * HTTP edge cases sent as raw bytes (no client would send them): Host missing or repeated, an Expect the
 * server cannot meet, a method a path lacks, and answers written before routing. Each is a problem+json with
 * a request id, the API's security headers and a charset.
 */
import { connect } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { fixtureNetwork } from '../helpers/test-app.js';

let app: FastifyInstance;
let port: number;

beforeAll(async () => {
  app = await buildApp({ network: fixtureNetwork() });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as { port: number }).port;
});
afterAll(async () => {
  await app.close();
});

interface RawAnswer {
  status: number;
  headers: Map<string, string>;
  body: string;
}

/** Sends bytes as they are and reads the first answer (the connection is closed after it). */
function raw(request: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      text += d;
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      const lines = text.slice(0, end).split('\r\n');
      const headers = new Map<string, string>();
      for (const line of lines.slice(1)) {
        const colon = line.indexOf(':');
        headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
      }
      const length = Number(headers.get('content-length') ?? 0);
      const body = text.slice(end + 4);
      if (Buffer.byteLength(body) < length) return;
      socket.destroy();
      resolve({ status: Number(lines[0]?.split(' ')[1]), headers, body });
    });
    socket.on('error', reject);
    socket.write(request);
    setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer to ${JSON.stringify(request.slice(0, 60))}: ${text}`));
    }, 5_000).unref();
  });
}

function expectFramedProblem(answer: RawAnswer, status: number, code: string) {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
  expect(answer.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  expect(answer.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  const body = JSON.parse(answer.body) as { code: string; status: number };
  expect(body.code).toBe(code);
  expect(body.status).toBe(status);
  return body;
}

describe('HTTP framing', () => {
  it('refuses two Host fields with a 400 problem naming Host (RFC 9112 §3.2)', async () => {
    const answer = await raw('GET /health HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n');
    const body = expectFramedProblem(answer, 400, 'BAD_REQUEST');
    expect(body).toMatchObject({ parameter: 'Host' });
  });

  it('refuses an HTTP/1.1 request without Host with a 400 problem, and accepts HTTP/1.0 without it', async () => {
    const answer = await raw('GET /health HTTP/1.1\r\n\r\n');
    expect(expectFramedProblem(answer, 400, 'BAD_REQUEST')).toMatchObject({ parameter: 'Host' });
    expect((await raw('GET /health HTTP/1.0\r\n\r\n')).status).toBe(200);
  });

  it('answers an Expect it cannot meet with a 417 problem, and 100-continue as usual', async () => {
    const answer = await raw('GET /health HTTP/1.1\r\nHost: a.example\r\nExpect: bogus\r\n\r\n');
    expect(expectFramedProblem(answer, 417, 'EXPECTATION_FAILED')).toMatchObject({
      parameter: 'Expect',
      value: 'bogus',
    });
    const ok = await raw('GET /health HTTP/1.1\r\nHost: a.example\r\nExpect: 100-continue\r\n\r\n');
    expect(ok.status).toBe(100);
  });
});

describe('methods', () => {
  it('answers a method a path lacks with 405 METHOD_NOT_ALLOWED and Allow (RFC 9110 §15.5.6)', async () => {
    const answer = await raw('POST /routes HTTP/1.1\r\nHost: a.example\r\nContent-Length: 0\r\n\r\n');
    expect(expectFramedProblem(answer, 405, 'METHOD_NOT_ALLOWED')).toMatchObject({ value: 'POST' });
    expect(answer.headers.get('allow')).toBe('GET, HEAD');
    const node = await raw('DELETE /nodes/CN_XIAN HTTP/1.1\r\nHost: a.example\r\n\r\n');
    expect(node.status).toBe(405);
    expect(node.headers.get('allow')).toBe('GET, HEAD');
  });

  it('still answers 404 for a path no route has', async () => {
    const answer = await raw(
      'POST /no-such-endpoint HTTP/1.1\r\nHost: a.example\r\nContent-Length: 0\r\n\r\n',
    );
    expectFramedProblem(answer, 404, 'NOT_FOUND');
    expect(answer.headers.has('allow')).toBe(false);
  });
});

describe('answers written before routing', () => {
  it.each([
    [
      'a malformed percent-escape in the path',
      'GET /nodes/%zz HTTP/1.1\r\nHost: a\r\n\r\n',
      400,
      'INVALID_PARAMETER',
    ],
    [
      'an over-long path segment',
      `GET /nodes/${'a'.repeat(1200)} HTTP/1.1\r\nHost: a\r\n\r\n`,
      414,
      'URI_TOO_LONG',
    ],
    [
      'headers over 16 KiB',
      `GET /health HTTP/1.1\r\nHost: a\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      431,
      'HEADERS_TOO_LARGE',
    ],
    ['bytes that are not HTTP', 'GARBAGE\r\n\r\n', 400, 'BAD_REQUEST'],
  ])('frame %s like every other answer', async (_what, request, status, code) => {
    expectFramedProblem(await raw(request), status, code);
  });
});
