/**
 * Dated answers over HTTP: /routes with departAt and arriveBy (every undated field kept, legs and routes dated,
 * instants validated and named in 400s, cached per instant) and /departures (a window of up to 31 days).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/test-app.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(async () => {
  await app.close();
});

const ROUTE = '/routes?origin=CN_XIAN&destination=DE_DUISBURG&avoid=RU,BY';

describe('GET /routes with departAt', () => {
  it('keeps every field of the undated answer and adds the timeline and ranges', async () => {
    const plain = (await app.inject(ROUTE)).json();
    const res = await app.inject(`${ROUTE}&departAt=2026-12-05&arriveBy=2027-01-15T00:00:00Z`);
    expect(res.statusCode).toBe(200);
    const dated = res.json();
    expect(dated.departAt).toBe('2026-12-05T00:00:00Z');
    expect(dated.arriveBy).toBe('2027-01-15T00:00:00Z');
    const route = dated.routes[0];
    const undated = plain.routes[0];
    for (const key of Object.keys(undated)) {
      if (key !== 'legs' && key !== 'events') expect(route[key], key).toEqual(undated[key]);
    }
    // The same events; each reports the median hours of its stop on that date instead of the typical ones.
    const what = (e: Record<string, unknown>) => ({ ...e, dwellHours: undefined });
    expect(route.events.map(what)).toEqual(undated.events.map(what));
    for (const e of route.events) expect(e.dwellHours).toBeGreaterThanOrEqual(0);
    const dostyk = (events: { type: string; at: { id: string }; dwellHours: number }[]) =>
      events.find((e) => e.type === 'border-crossing' && e.at.id === 'KZ_DOSTYK')?.dwellHours;
    // The route crosses at Dostyk (0 h of its own dwell; the crossing costs exit, transhipment and entry).
    expect(dostyk(undated.events)).toBeGreaterThan(0);
    expect(dostyk(route.events)).toBeGreaterThan(0);
    expect(route.legs).toHaveLength(undated.legs.length);
    route.legs.forEach((leg: Record<string, unknown>, i: number) => {
      const { departsAt, arrivesAt, ...rest } = leg;
      expect(rest).toEqual(undated.legs[i]);
      expect(departsAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00Z$/);
      expect(arrivesAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00Z$/);
    });
    expect(route.legs[0].departsAt).toBe('2026-12-05T00:00:00Z');
    expect(route.legs.at(-1).arrivesAt).toBe(route.arrival.p50);
    expect(route.arrival.p10 <= route.arrival.p50 && route.arrival.p50 <= route.arrival.p90).toBe(true);
    expect(route.durationDays.p10).toBeLessThanOrEqual(route.durationDays.p50);
    expect(route.onTimeProbability).toBeGreaterThanOrEqual(0);
    expect(route.onTimeProbability).toBeLessThanOrEqual(1);
    // Without departAt nothing dated appears.
    expect(undated.arrival).toBeUndefined();
    expect(undated.legs[0].departsAt).toBeUndefined();
  });

  it('reads a date-time with an offset as its instant, and shares the cached answer with the same instant', async () => {
    const a = await app.inject(`${ROUTE}&departAt=2026-12-05T04:00:00%2B04:00`);
    const b = await app.inject(`${ROUTE}&departAt=2026-12-05`);
    expect(a.statusCode).toBe(200);
    expect(a.json().departAt).toBe('2026-12-05T00:00:00Z');
    expect(b.headers['x-cache']).toBe('hit');
    expect(b.body).toBe(a.body);
    const other = await app.inject(`${ROUTE}&departAt=2026-12-06`);
    expect(other.headers['x-cache']).toBe('miss');
    expect(other.json().routes[0].legs[0].departsAt).toBe('2026-12-06T00:00:00Z');
  });

  it.each([
    ['departAt', '2026-12-05T08:00:00'],
    ['departAt', 'tomorrow'],
    ['departAt', '2026-02-30'],
    ['arriveBy', '2026-13-01'],
  ])('400 naming %s for %s', async (parameter, value) => {
    const base = parameter === 'departAt' ? ROUTE : `${ROUTE}&departAt=2026-12-01`;
    const res = await app.inject(`${base}&${parameter}=${encodeURIComponent(value)}`);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const body = res.json();
    expect(body.code).toBe('INVALID_PARAMETER');
    expect(body.parameter).toBe(parameter);
    expect(body.value).toBe(value);
  });

  it('with arriveBy alone, the cargo leaves now and the answer is not cached', async () => {
    const before = Date.now();
    const res = await app.inject(`${ROUTE}&arriveBy=2099-01-01`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Date.parse(body.departAt)).toBeGreaterThanOrEqual(Math.floor(before / 60_000) * 60_000);
    expect(Date.parse(body.departAt)).toBeLessThanOrEqual(Date.now());
    expect(body.routes[0].onTimeProbability).toBe(1);
    expect((await app.inject(`${ROUTE}&arriveBy=2099-01-01`)).headers['x-cache']).toBe('miss');
  });
});

describe('GET /departures', () => {
  const URL = '/departures?origin=xian&destination=duisburg&avoid=RU,BY&from=2026-12-01';

  it('gives one arrival range per day and the best days', async () => {
    const res = await app.inject(`${URL}&days=10&optimize=time`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.departures.map((d: { date: string }) => d.date)).toEqual(
      Array.from({ length: 10 }, (_, i) => `2026-12-${String(i + 1).padStart(2, '0')}`),
    );
    for (const d of body.departures) {
      expect(d.durationDays.p10).toBeLessThanOrEqual(d.durationDays.p50);
      expect(d.durationDays.p50).toBeLessThanOrEqual(d.durationDays.p90);
      expect(d.countries[0]).toBe('CN');
      expect(d.countries).not.toContain('RU');
      expect(Array.isArray(d.ferries)).toBe(true);
    }
    const shortest = Math.min(
      ...body.departures.map((d: { durationDays: { p50: number } }) => d.durationDays.p50),
    );
    const best = body.departures.find((d: { date: string }) => d.date === body.best.byP50);
    expect(best.durationDays.p50).toBe(shortest);
    // Each day's figures are those of /routes for that day.
    const day = body.departures[3];
    const routes = (await app.inject(`${ROUTE}&optimize=time&departAt=${day.date}`)).json();
    expect(routes.routes[0].arrival).toEqual(day.arrival);
    expect(routes.routes[0].countries).toEqual(day.countries);
  });

  it('is FIFO: a later day never arrives earlier', async () => {
    const body = (await app.inject(`${URL}&days=31`)).json();
    for (let i = 1; i < body.departures.length; i++) {
      const [a, b] = [body.departures[i - 1].arrival, body.departures[i].arrival];
      expect(b.p10 >= a.p10 && b.p50 >= a.p50 && b.p90 >= a.p90).toBe(true);
    }
  });

  it.each([
    ['days', '32'],
    ['days', '0'],
    ['from', '2026-12-32'],
    ['from', '01.12.2026'],
  ])('400 naming %s=%s', async (parameter, value) => {
    const base = '/departures?origin=xian&destination=duisburg&from=2026-12-01';
    const url = parameter === 'from' ? base.replace('2026-12-01', value) : `${base}&${parameter}=${value}`;
    const res = await app.inject(url);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'INVALID_PARAMETER', parameter });
  });

  it('refuses unknown parameters and keeps every /routes constraint', async () => {
    const res = await app.inject(`${URL}&avoidd=RU`);
    expect(res.statusCode).toBe(400);
    expect(res.json().parameter).toBe('avoidd');
    const blocked = await app.inject(
      '/departures?origin=xian&destination=duisburg&avoid=RU,BY,AZ,IR,TR,GE&from=2026-12-01',
    );
    expect(blocked.statusCode).toBe(422);
    expect(blocked.json().code).toBe('NO_ROUTE');
  });
});
