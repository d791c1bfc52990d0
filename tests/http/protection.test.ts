/**
 * Protection of the public API: rate limiting (429 problem+json with Retry-After), security headers, a CSP
 * that still lets Swagger UI run, CORS, load shedding (503 problem+json), request ids, and no internals in
 * any answer.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Network } from '../../src/domain/index.js';
import { IN_PROCESS_PROTECTION, type ProtectionOptions } from '../../src/http/plugins/protection-options.js';
import { fixtureNetwork } from '../helpers/test-app.js';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

async function appWith(protection: Partial<ProtectionOptions> = {}, network: Network = fixtureNetwork()) {
  const app = await buildApp({ network, protection: { ...IN_PROCESS_PROTECTION, ...protection } });
  apps.push(app);
  return app;
}

/** Parses a CSP header into directive → sources. */
function parseCsp(header: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of String(header ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name, sources);
  }
  return out;
}

describe('rate limiting', () => {
  it('answers 429 problem+json RATE_LIMITED with Retry-After once a client is over its budget', async () => {
    const app = await appWith({ rateLimitMax: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await app.inject('/countries');
      statuses.push(res.statusCode);
      expect(res.headers['x-ratelimit-limit']).toBe('3');
    }
    expect(statuses).toEqual([200, 200, 200]);
    const limited = await app.inject('/countries');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = limited.json();
    expect(body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(body.detail).toMatch(/retry/i);
  });

  it('counts repeated /routes queries too: cached answers are counted and carry the budget headers', async () => {
    const app = await appWith({ rateLimitMax: 20 });
    const url = '/routes?origin=Xian&destination=Duisburg&avoid=RU,BY';
    const answers = [];
    for (let i = 0; i < 30; i++) answers.push(await app.inject(url));
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses.slice(20)).toEqual(Array(10).fill(429));
    const hits = answers.filter((a) => a.headers['x-cache'] === 'hit');
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits) {
      expect(hit.headers['x-ratelimit-limit']).toBe('20');
      expect(hit.headers['x-ratelimit-remaining']).toBeDefined();
    }
    expect(answers[29]?.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
  });

  it('counts per client', async () => {
    const app = await appWith({ rateLimitMax: 1 });
    expect((await app.inject({ url: '/countries', remoteAddress: '192.0.2.1' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/countries', remoteAddress: '192.0.2.1' })).statusCode).toBe(429);
    expect((await app.inject({ url: '/countries', remoteAddress: '192.0.2.2' })).statusCode).toBe(200);
  });

  it('never throttles /health (orchestrator probes)', async () => {
    const app = await appWith({ rateLimitMax: 1 });
    for (let i = 0; i < 5; i++) expect((await app.inject('/health')).statusCode).toBe(200);
  });

  it('is off when the maximum is 0', async () => {
    const app = await appWith({ rateLimitMax: 0 });
    for (let i = 0; i < 50; i++) expect((await app.inject('/countries')).statusCode).toBe(200);
  });
});

/** The headers every answer carries, API and pages alike. */
function expectCommonSecurityHeaders(headers: Record<string, unknown>) {
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['strict-transport-security']).toMatch(/max-age=\d+/);
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['x-powered-by']).toBeUndefined();
}

describe('security headers', () => {
  it.each([
    '/countries',
    '/routes?origin=nowhere&destination=Duisburg',
    '/routes?origin=Xian&destination=Duisburg&format=svg',
    '/nodes/CN_XIAN',
    '/health',
  ])(
    'on the API (%s, answers and errors alike): the API set, with a CSP that allows nothing',
    async (url) => {
      const app = await appWith();
      const res = await app.inject(url);
      expectCommonSecurityHeaders(res.headers);
      const csp = parseCsp(res.headers['content-security-policy']);
      expect(csp.get('default-src')).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect([...csp.keys()].sort()).toEqual(['default-src', 'frame-ancestors']);
      // Headers that concern HTML documents only are not sent with data.
      for (const name of [
        'x-dns-prefetch-control',
        'x-download-options',
        'origin-agent-cluster',
        'x-xss-protection',
      ]) {
        expect(res.headers[name], name).toBeUndefined();
      }
      expect(res.headers['x-powered-by']).toBeUndefined();
    },
  );

  it.each(['/', '/app.js', '/map.svg', '/no-such-path', '/routesx'])(
    "on pages, assets and anything else (%s): helmet's full set, same-origin scripts and styles only",
    async (url) => {
      const app = await appWith();
      const res = await app.inject(url);
      expectCommonSecurityHeaders(res.headers);
      expect(res.headers['x-dns-prefetch-control']).toBe('off');
      expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
      const csp = parseCsp(res.headers['content-security-policy']);
      expect(csp.get('default-src')).toEqual(["'self'"]);
      expect(csp.get('script-src')).toEqual(["'self'"]);
      expect(csp.get('style-src')).toEqual(["'self'"]);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(res.headers['x-powered-by']).toBeUndefined();
    },
  );

  it('let Swagger UI at /docs load its own scripts and styles', async () => {
    const app = await appWith();
    const page = await app.inject('/docs/');
    expect(page.statusCode).toBe(200);
    const csp = parseCsp(page.headers['content-security-policy']);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toContain("'self'");
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    // No inline script: every script and stylesheet is a same-origin file the page can load under this CSP.
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>\s*\S/);
    const assets = [...page.body.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1] as string);
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const asset of assets) {
      expect(asset, 'same origin').not.toMatch(/^(https?:)?\/\//);
      const url = new URL(asset, 'http://localhost/docs/').pathname;
      const res = await app.inject(url);
      expect(res.statusCode, url).toBe(200);
    }
    // The document the UI fetches is same-origin too.
    expect((await app.inject('/docs/json')).statusCode).toBe(200);
  });
});

describe('CORS', () => {
  it('allows GET from any origin by default', async () => {
    const app = await appWith();
    const res = await app.inject({ url: '/countries', headers: { origin: 'https://planner.example' } });
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(String(res.headers['access-control-expose-headers'])).toContain('x-request-id');
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/routes',
      headers: { origin: 'https://planner.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(String(preflight.headers['access-control-allow-methods'])).toContain('GET');
    expect(String(preflight.headers['access-control-allow-methods'])).not.toContain('POST');
  });

  it('allows only the configured origins', async () => {
    const app = await appWith({ corsOrigin: ['https://planner.example'] });
    const allowed = await app.inject({ url: '/countries', headers: { origin: 'https://planner.example' } });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://planner.example');
    const other = await app.inject({ url: '/countries', headers: { origin: 'https://evil.example' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('sends no CORS headers when turned off', async () => {
    const app = await appWith({ corsOrigin: false });
    const res = await app.inject({ url: '/countries', headers: { origin: 'https://planner.example' } });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('load shedding', () => {
  it('answers 503 problem+json OVERLOADED with Retry-After when under pressure', async () => {
    const app = await appWith({
      overload: {
        maxEventLoopDelayMs: 0,
        maxHeapUsedBytes: 0,
        maxEventLoopUtilization: 0,
        healthCheck: async () => false,
        healthCheckIntervalMs: 60_000,
      },
    });
    const res = await app.inject('/routes?origin=Xian&destination=Duisburg');
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.json()).toMatchObject({ status: 503, code: 'OVERLOADED' });
    // Readiness follows: /health reports the overload too.
    expect((await app.inject('/health')).statusCode).toBe(503);
  });

  it('serves normally when healthy', async () => {
    const app = await appWith({
      overload: {
        maxEventLoopDelayMs: 1000,
        maxHeapUsedBytes: 0,
        maxEventLoopUtilization: 0,
        healthCheck: async () => true,
        healthCheckIntervalMs: 60_000,
      },
    });
    expect((await app.inject('/routes?origin=Xian&destination=Duisburg')).statusCode).toBe(200);
  });
});

describe('request ids', () => {
  it('honours a well-formed X-Request-Id and returns it', async () => {
    const app = await appWith();
    const res = await app.inject({ url: '/countries', headers: { 'x-request-id': 'quote-7f3a.2' } });
    expect(res.headers['x-request-id']).toBe('quote-7f3a.2');
    const error = await app.inject({ url: '/nodes/NOPE', headers: { 'x-request-id': 'quote-7f3a.3' } });
    expect(error.headers['x-request-id']).toBe('quote-7f3a.3');
  });

  it('replaces a missing or malformed one with a fresh UUID', async () => {
    const app = await appWith();
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const none = await app.inject('/countries');
    expect(String(none.headers['x-request-id'])).toMatch(uuid);
    const bad = await app.inject({
      url: '/countries',
      headers: { 'x-request-id': `<script>${'x'.repeat(300)}` },
    });
    expect(String(bad.headers['x-request-id'])).toMatch(uuid);
    expect(none.headers['x-request-id']).not.toBe(bad.headers['x-request-id']);
  });
});

describe('no internals in any answer', () => {
  it('an unexpected failure is a bare 500 INTERNAL_ERROR problem, without message or stack', async () => {
    const network = fixtureNetwork();
    // A network whose version breaks once the app is built (a stand-in for any bug behind a route).
    let armed = false;
    const broken = Object.create(network, {
      dataVersion: {
        get() {
          if (armed) throw new TypeError('secret detail at /srv/app/src/domain/x.ts:12');
          return network.dataVersion;
        },
      },
    }) as Network;
    const app = await appWith({}, broken);
    armed = true;
    const res = await app.inject('/health');
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
    expect(res.body).not.toMatch(/secret|TypeError|\.ts|\/srv\/|\n\s+at /);
  });
});
