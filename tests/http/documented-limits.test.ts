/**
 * The documented caps agree with what is enforced: a /routes query within every per-parameter cap but over the
 * query-string cap is a 414 naming that cap; numbers with an exponent are a 400 as the document says; every
 * operation declares 408/414/431/503 and its response headers (x-request-id everywhere, Retry-After on 429 and
 * 503, x-ratelimit-* on rate-limited operations).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { ROUTE_LIMITS } from '../../src/domain/index.js';
import { QUERY_LIMITS } from '../../src/http/plugins/query-string.js';
import { fixtureNetwork } from '../helpers/test-app.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildApp({ network: fixtureNetwork() });
});
afterAll(async () => {
  await app.close();
});

// biome-ignore lint/suspicious/noExplicitAny: walking a parsed JSON document
type Json = Record<string, any>;

describe('documented limits', () => {
  it('avoidNodes at its item caps is over the query-string cap: 414 naming the cap', async () => {
    const names = Array.from({ length: ROUTE_LIMITS.maxAvoidNodes }, (_, i) => `${i}`.padEnd(200, 'x'));
    const query = `origin=CN_XIAN&destination=DE_DUISBURG&avoidNodes=${names.join(',')}`;
    expect(query.length).toBeGreaterThan(QUERY_LIMITS.maxLength);
    const res = await app.inject(`/routes?${query}`);
    expect(res.statusCode).toBe(414);
    expect(res.json().code).toBe('URI_TOO_LONG');
    expect(res.json().detail).toContain(String(QUERY_LIMITS.maxLength));
    // The document says so.
    const doc = (await app.inject('/openapi.json')).json() as Json;
    expect(doc.info.description).toMatch(/avoided nodes of 200 characters do not: 414/);
  });

  it('cargoTonnes=1e-7 is a 400 as documented; 0.0000001 is accepted', async () => {
    const exponent = await app.inject('/routes?origin=CN_XIAN&destination=DE_DUISBURG&cargoTonnes=1e-7');
    expect(exponent.statusCode).toBe(400);
    expect(exponent.json().parameter).toBe('cargoTonnes');
    expect(exponent.json().detail).toMatch(/decimal digits/);
    const decimal = await app.inject('/routes?origin=CN_XIAN&destination=DE_DUISBURG&cargoTonnes=0.0000001');
    expect(decimal.statusCode).toBe(200);
    const doc = (await app.inject('/openapi.json')).json() as Json;
    expect(doc.info.description).toMatch(/exponents \(`1e-7`\).*400/);
  });

  it('every operation declares 408, 414, 431 and 503 and its response headers', async () => {
    const doc = (await app.inject('/openapi.json')).json() as Json;
    expect(Object.keys(doc.components.headers)).toEqual(
      expect.arrayContaining([
        'RequestId',
        'RetryAfter',
        'RateLimitLimit',
        'RateLimitRemaining',
        'RateLimitReset',
      ]),
    );
    let operations = 0;
    for (const [path, item] of Object.entries(doc.paths as Json)) {
      for (const [method, operation] of Object.entries(item as Json)) {
        operations++;
        const responses = (operation as Json).responses as Json;
        for (const status of ['408', '414', '431', '503'])
          expect(responses[status], `${method} ${path} ${status}`).toBeDefined();
        expect(responses['503'].headers['Retry-After'].$ref).toBe('#/components/headers/RetryAfter');
        for (const [status, response] of Object.entries(responses)) {
          expect((response as Json).headers['x-request-id'], `${method} ${path} ${status}`).toBeDefined();
          if ('429' in responses)
            expect(
              (response as Json).headers['x-ratelimit-remaining'],
              `${method} ${path} ${status}`,
            ).toBeDefined();
        }
      }
    }
    expect(operations).toBeGreaterThan(10);
    // /health is exempt from the rate limit: no 429, no x-ratelimit-*.
    expect(doc.paths['/health'].get.responses['429']).toBeUndefined();
    expect(doc.paths['/health'].get.responses['200'].headers['x-ratelimit-limit']).toBeUndefined();
  });
});
