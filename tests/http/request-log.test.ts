/**
 * Request logging: exactly one structured line per request, carrying what an operator needs to follow it (the
 * request id the client saw, method, URL, client, status and response time), cache hits included.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Network } from '../../src/domain/index.js';
import { fixtureNetwork } from '../helpers/test-app.js';

interface LogLine {
  level: number;
  time?: number;
  pid?: number;
  hostname?: string;
  msg: string;
  reqId?: string;
  req?: { method: string; url: string; remoteAddress: string };
  res?: { statusCode: number };
  responseTime?: number;
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function loggedApp(level = 'info', network: Network = fixtureNetwork()) {
  const lines: LogLine[] = [];
  const app = await buildApp({
    network,
    logger: { level, stream: { write: (line: string) => lines.push(JSON.parse(line)) } },
  });
  closers.push(() => app.close());
  return { app, lines };
}

describe('request log', () => {
  it('writes one line per request with id, method, URL, client, status and response time', async () => {
    const { app, lines } = await loggedApp();
    const url = '/routes?origin=CN_XIAN&destination=DE_DUISBURG';
    const first = await app.inject({ url, headers: { 'x-request-id': 'trace-1' } });
    const repeat = await app.inject({ url, headers: { 'x-request-id': 'trace-2' } });
    const missing = await app.inject({ url: '/no-such-path', headers: { 'x-request-id': 'trace-3' } });
    expect(repeat.headers['x-cache']).toBe('hit');

    const perRequest = lines.filter((l) => l.reqId !== undefined);
    expect(perRequest.map((l) => l.reqId)).toEqual(['trace-1', 'trace-2', 'trace-3']);
    const expected = [
      [url, first.statusCode],
      [url, repeat.statusCode],
      ['/no-such-path', missing.statusCode],
    ];
    perRequest.forEach((line, i) => {
      expect(line.msg).toBe('request completed');
      expect(line.level).toBe(30);
      expect(line.req?.method).toBe('GET');
      expect([line.req?.url, line.res?.statusCode]).toEqual(expected[i]);
      expect(line.req?.remoteAddress).toBe('127.0.0.1');
      expect(line.responseTime).toBeGreaterThanOrEqual(0);
    });
    expect(missing.statusCode).toBe(404);
  });

  it('writes its lines in the shape of the other log lines: level, time, pid, hostname, message', async () => {
    const { app, lines } = await loggedApp();
    await app.inject('/countries');
    const line = lines.find((l) => l.msg === 'request completed');
    expect(line?.level).toBe(30);
    expect(line?.pid).toBe(process.pid);
    expect(typeof line?.hostname).toBe('string');
    expect(Math.abs((line?.time ?? 0) - Date.now())).toBeLessThan(60_000);
  });

  it('goes through pino: credentials in headers are redacted, the other headers kept', async () => {
    const { app, lines } = await loggedApp();
    await app.inject({
      url: '/countries',
      headers: {
        authorization: 'Bearer sk-live-123',
        cookie: 'session=s3cr3t',
        'user-agent': 'quote-tool/2',
      },
    });
    const line = lines.find((l) => l.msg === 'request completed') as LogLine & {
      req: { headers: Record<string, string> };
    };
    expect(line.req.headers.authorization).toBe('[Redacted]');
    expect(line.req.headers.cookie).toBe('[Redacted]');
    expect(line.req.headers['user-agent']).toBe('quote-tool/2');
    expect(JSON.stringify(lines)).not.toMatch(/sk-live-123|s3cr3t/);
  });

  it('writes no per-request line when the level is above info', async () => {
    const { app, lines } = await loggedApp('warn');
    const res = await app.inject('/countries');
    expect(res.statusCode).toBe(200);
    expect(lines.filter((l) => l.msg === 'request completed')).toEqual([]);
  });

  it('an error logged while handling a request carries that request id (the request logger is made when used)', async () => {
    const network = fixtureNetwork();
    let armed = false;
    // A network whose version breaks once the app is built: /health then fails and the error is logged.
    const broken = Object.create(network, {
      dataVersion: {
        get() {
          if (armed) throw new TypeError('broken on purpose');
          return network.dataVersion;
        },
      },
    }) as Network;
    const { app, lines } = await loggedApp('info', broken);
    armed = true;
    const res = await app.inject({ url: '/health', headers: { 'x-request-id': 'trace-err' } });
    expect(res.statusCode).toBe(500);
    const errors = lines.filter((l) => l.level === 50);
    expect(errors.length).toBeGreaterThan(0);
    for (const line of errors) expect(line.reqId).toBe('trace-err');
  });
});
