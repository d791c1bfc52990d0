/**
 * /routes over the embedded network with its advisories and the network date: routes list the advisories they
 * touch and the warnings say so, avoidAdvisories keeps clear of them, networkDate is echoed, defaults to the
 * app clock's day, and is part of what a cached answer depends on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadNetwork } from '../../src/domain/index.js';
import { EMBEDDED_DIR } from '../helpers/test-app.js';

let now = new Date('2026-12-01T23:59:00Z');
const network = loadNetwork(EMBEDDED_DIR);
let app: Awaited<ReturnType<typeof buildApp>>;
beforeAll(async () => {
  app = await buildApp({ network, clock: () => now });
});
afterAll(() => app.close());

interface Advisory {
  id: string;
  kind: string;
  country?: string;
  source: string;
  asOf: string;
}
const idsOf = (advisories: Advisory[]) => advisories.map((a) => a.id);

describe('advisories on /routes', () => {
  it('lists the sourced, dated advisories a route touches and names them in the warnings', async () => {
    const res = await app.inject('/routes?origin=GE_BATUMI&destination=PL_PRZEMYSL');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const route = body.routes[0];
    expect(route.countries).toContain('UA');
    const ua = route.advisories.find((a: Advisory) => a.id === 'ua-war-risk-rail');
    expect(ua).toMatchObject({ kind: 'war-risk', country: 'UA' });
    expect(ua.source).toMatch(/^https:\/\//);
    expect(ua.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(body.warnings.join('\n')).toMatch(/Route 1: war risk at UA \(advisory ua-war-risk-rail/);
  });

  it('keeps clear of the kinds in avoidAdvisories', async () => {
    const res = await app.inject('/routes?origin=GE_BATUMI&destination=PL_PRZEMYSL&avoidAdvisories=war-risk');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.avoidAdvisories).toEqual(['war-risk']);
    expect(body.routes[0].countries).not.toContain('UA');
    expect(idsOf(body.routes[0].advisories).filter((id) => id.includes('war'))).toEqual([]);
  });

  it('with sanctions and war risk avoided, Xi’an–Duisburg crosses neither Russia, Belarus, Iran nor Ukraine', async () => {
    const res = await app.inject(
      '/routes?origin=Xian&destination=Duisburg&avoidAdvisories=sanctions,war-risk&alternatives=2',
    );
    expect(res.statusCode).toBe(200);
    for (const route of res.json().routes) {
      for (const c of ['RU', 'BY', 'IR', 'UA']) expect(route.countries).not.toContain(c);
    }
  });

  it('refuses an unknown advisory kind, naming the parameter', async () => {
    const res = await app.inject('/routes?origin=Xian&destination=Duisburg&avoidAdvisories=piracy');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('INVALID_PARAMETER');
    expect(res.json().parameter).toBe('avoidAdvisories');
  });

  it('refuses an origin an avoided advisory covers with 422', async () => {
    const res = await app.inject('/routes?origin=UA_LVIV&destination=Duisburg&avoidAdvisories=war-risk');
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('ENDPOINT_IN_AVOIDED_COUNTRY');
    expect(res.json().parameter).toBe('origin');
  });
});

describe('networkDate on /routes', () => {
  it('echoes the day, defaults to the clock day (UTC), and never serves yesterday’s answer today', async () => {
    now = new Date('2026-12-01T23:59:00Z');
    const url = '/routes?origin=Xian&destination=Duisburg&avoid=RU,BY';
    const first = await app.inject(url);
    expect(first.json().networkDate).toBe('2026-12-01');
    expect((await app.inject(url)).headers['x-cache']).toBe('hit');
    now = new Date('2026-12-02T00:01:00Z');
    const next = await app.inject(url);
    expect(next.headers['x-cache']).toBe('miss');
    expect(next.json().networkDate).toBe('2026-12-02');
  });

  it('routes on the day asked for and keys the cache on it', async () => {
    const a = await app.inject('/routes?origin=Xian&destination=Duisburg&networkDate=2031-05-01');
    expect(a.statusCode).toBe(200);
    expect(a.json().networkDate).toBe('2031-05-01');
    const b = await app.inject('/routes?origin=xian&destination=duisburg&networkDate=2031-05-02');
    expect(b.json().networkDate).toBe('2031-05-02');
  });

  it('routes over the China–Kyrgyzstan–Uzbekistan railway from its opening day on', async () => {
    const url = '/routes?origin=CN_KASHGAR&destination=UZ_TASHKENT&avoidModes=road&networkDate=';
    const before = (await app.inject(`${url}2029-12-31`)).json();
    const after = (await app.inject(`${url}2030-01-01`)).json();
    expect(before.routes[0].countries).toEqual(['CN', 'KZ', 'UZ']);
    expect(after.routes[0].countries).toEqual(['CN', 'KG', 'UZ']);
    expect(after.routes[0].legs.map((l: { to: { id: string } }) => l.to.id)).toContain('KG_MAKMAL');
    expect(after.routes[0].distanceKm).toBeLessThan(before.routes[0].distanceKm / 2);
  });

  it('refuses a day that does not exist, naming the parameter and the value', async () => {
    const res = await app.inject('/routes?origin=Xian&destination=Duisburg&networkDate=2030-02-30');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'INVALID_PARAMETER',
      parameter: 'networkDate',
      value: '2030-02-30',
    });
  });
});
