/**
 * REQUEST_TIMEOUT_MS holds on a listening server: a client that trickles its headers one byte at a time gets
 * its 408 problem within the timeout plus a second, while other clients are answered meanwhile.
 */
import { connect, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { IN_PROCESS_PROTECTION, timeoutCheckIntervalMs } from '../../src/http/plugins/protection-options.js';
import { fixtureNetwork } from '../helpers/test-app.js';

const TIMEOUT_MS = 1_500;
let app: FastifyInstance;
let port: number;

beforeAll(async () => {
  app = await buildApp({
    network: fixtureNetwork(),
    protection: { ...IN_PROCESS_PROTECTION, requestTimeoutMs: TIMEOUT_MS },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as { port: number }).port;
});
afterAll(async () => {
  await app.close();
});

/** Sends a never-ending header one byte every `everyMs`; resolves with what the server wrote and when. */
function trickle(everyMs: number): Promise<{ text: string; afterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket: Socket = connect(port, '127.0.0.1');
    const head = 'GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ';
    let sent = 0;
    let text = '';
    const timer = setInterval(() => {
      if (!socket.writable) return;
      socket.write(head.charAt(sent) || 'a');
      sent++;
    }, everyMs);
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      text += d;
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ text, afterMs: performance.now() - started });
    });
    setTimeout(() => {
      clearInterval(timer);
      socket.destroy();
      reject(new Error(`no answer after 20 s; got ${JSON.stringify(text)}`));
    }, 20_000).unref();
  });
}

describe('request timeout', () => {
  it('checks for late requests often enough to keep the timeout within a second', () => {
    expect(timeoutCheckIntervalMs(10_000)).toBe(250);
    expect(timeoutCheckIntervalMs(1_000)).toBe(250);
    expect(timeoutCheckIntervalMs(1)).toBe(50);
  });

  it('answers a slow client 408 problem+json within REQUEST_TIMEOUT_MS + 1 s while others are served', async () => {
    const slow = [trickle(100), trickle(150), trickle(200)];
    // Other clients are answered while the slow ones hold their connections.
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      expect(res.status).toBe(200);
    }
    for (const { text, afterMs } of await Promise.all(slow)) {
      expect(text).toMatch(/^HTTP\/1\.1 408 /);
      expect(text).toMatch(/content-type: application\/problem\+json/i);
      expect(text).toContain('"code":"REQUEST_TIMEOUT"');
      expect(afterMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(afterMs).toBeLessThan(TIMEOUT_MS + 1_000);
    }
  });
});
