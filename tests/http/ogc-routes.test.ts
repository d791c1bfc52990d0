/**
 * OGC API - Routes, Part 1 (OGC 21-000, 1.0.0-draft.1) and the Route Exchange Model (OGC 21-001,
 * 1.0.0-draft.1): each test names the requirement it checks, for the classes /ogc/conformance declares.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadNetwork, type Network } from '../../src/domain/index.js';
import { EMBEDDED_DIR } from '../helpers/test-app.js';

let app: FastifyInstance;
let network: Network;
beforeAll(async () => {
  network = loadNetwork(EMBEDDED_DIR);
  app = await buildApp({ network });
});
afterAll(() => app.close());

const ROUTES = 'http://www.opengis.net/spec/ogcapi-routes-1/1.0.0-draft.1/conf';
const REM = 'http://www.opengis.net/spec/rem/1.0.0-draft.1/conf/rem';

const post = (body: unknown, contentType = 'application/json') =>
  app.inject({
    method: 'POST',
    url: '/ogc/routes',
    headers: { 'content-type': contentType },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });

const at = (id: string): [number, number] => {
  const n = network.nodeById.get(id);
  if (!n) throw new Error(`${id} missing`);
  return [n.lon, n.lat];
};
const multiPoint = (...ids: string[]) => ({ type: 'MultiPoint', coordinates: ids.map(at) });

interface Feature {
  type: string;
  geometry: { type: string; coordinates: unknown };
  properties: Record<string, unknown> & { featureType: string };
}

describe('OGC API - Routes: landing page and conformance', () => {
  it('/req/core/landing-page-link: the landing page links the routes resource with the OGC relation', async () => {
    const res = await app.inject('/ogc/');
    expect(res.statusCode).toBe(200);
    const links = res.json().links as { rel: string; href: string }[];
    expect(links).toContainEqual(
      expect.objectContaining({ rel: 'http://www.opengis.net/def/rel/ogc/1.0/routes', href: '/ogc/routes' }),
    );
    for (const rel of [
      'self',
      'service-desc',
      'service-doc',
      'http://www.opengis.net/def/rel/ogc/1.0/conformance',
    ]) {
      expect(links.map((l) => l.rel)).toContain(rel);
    }
    // The linked resources exist (routes are computed by POST: a GET is a 405 saying so).
    for (const l of links) {
      const res = await app.inject(l.href);
      if (l.href === '/ogc/routes') {
        expect(res.statusCode).toBe(405);
        expect(res.headers.allow).toBe('POST');
      } else expect(res.statusCode, l.href).toBeLessThan(400);
    }
  });

  it('/req/core/conformance-values: the conformance declaration lists the classes and every preference', async () => {
    const body = (await app.inject('/ogc/conformance')).json();
    expect(body.conformsTo).toEqual([`${ROUTES}/core`, `${ROUTES}/intermediate-waypoints`, REM]);
    // Not claimed: stored routes, modes, height, weight, obstacles, time.
    for (const c of ['manage-routes', 'mode', 'height', 'weight', 'obstacles', 'time'])
      expect(body.conformsTo).not.toContain(`${ROUTES}/${c}`);
    expect(body.properties[`${ROUTES}/core`].preferences).toEqual(['shortest', 'fastest', 'lowest-co2e']);
  });
});

describe('OGC API - Routes: POST /ogc/routes', () => {
  const definition = (value: unknown, extra: Record<string, unknown> = {}) => ({
    inputs: { waypoints: { value }, ...extra },
  });

  it('/req/core/compute-route-op, /req/core/compute-route-success: a MultiPoint route definition gives 200 and a REM route', async () => {
    const res = await post({
      ...definition(multiPoint('CN_XIAN', 'DE_DUISBURG'), {
        name: 'Xian to Duisburg',
        preference: 'fastest',
      }),
      // Members beside inputs may be ignored (compute-route-op).
      outputs: { route: {} },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
    const fc = res.json();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.name).toBe('Xian to Duisburg');
    // The route is the one /routes plans with optimize=time.
    const plan = (await app.inject('/routes?origin=CN_XIAN&destination=DE_DUISBURG&optimize=time')).json();
    const segments = fc.features.filter((f: Feature) => f.properties.featureType === 'segment');
    expect(segments.map((s: Feature) => s.properties.linkId)).toEqual(
      plan.routes[0].legs.map((l: { linkId: string }) => l.linkId),
    );
  });

  it('/req/rem/geojson, /req/rem/features: overview, start, segments in order, end', async () => {
    const fc = (await post(definition(multiPoint('CN_XIAN', 'GE_POTI')))).json();
    const types = fc.features.map((f: Feature) => f.properties.featureType);
    expect(types[0]).toBe('overview');
    expect(types[1]).toBe('start');
    expect(types.at(-1)).toBe('end');
    expect(types.slice(2, -1).every((t: string) => t === 'segment')).toBe(true);
    expect(types.length).toBeGreaterThan(3);
    for (const f of fc.features) expect(f.type).toBe('Feature');
    // Segments in travel order: each starts where the one before ended.
    const segments = fc.features.filter((f: Feature) => f.properties.featureType === 'segment');
    for (let i = 1; i < segments.length; i++)
      expect(segments[i].properties.from).toBe(segments[i - 1].properties.to);
  });

  it('/req/rem/overview, /req/rem/start, /req/rem/end, /req/rem/segments: geometries and lengths and durations that add up', async () => {
    const fc = (
      await post(definition(multiPoint('KZ_AKTAU', 'TR_HALKALI'), { preference: 'fastest' }))
    ).json();
    const byType = (t: string) => fc.features.filter((f: Feature) => f.properties.featureType === t);
    const [overview] = byType('overview');
    const [start] = byType('start');
    const [end] = byType('end');
    const segments = byType('segment');
    expect(overview.geometry.type).toBe('LineString');
    const line = overview.geometry.coordinates as [number, number][];
    expect(start.geometry).toEqual({ type: 'Point', coordinates: line[0] });
    expect(end.geometry).toEqual({ type: 'Point', coordinates: line.at(-1) });
    const onLine = (p: [number, number]) => line.some((q) => q[0] === p[0] && q[1] === p[1]);
    let length = 0;
    let duration = 0;
    for (const s of segments) {
      expect(s.geometry.type).toBe('Point');
      expect(onLine(s.geometry.coordinates)).toBe(true);
      expect(typeof s.properties.length_m).toBe('number');
      expect(typeof s.properties.duration_s).toBe('number');
      length += s.properties.length_m;
      duration += s.properties.duration_s;
    }
    expect(segments.at(-1).geometry.coordinates).toEqual(line.at(-1));
    expect(overview.properties.length_m).toBe(length);
    expect(overview.properties.duration_s).toBe(duration);
    // The same route /routes gives, in metres and seconds.
    const route = (await app.inject('/routes?origin=KZ_AKTAU&destination=TR_HALKALI&optimize=time')).json()
      .routes[0];
    expect(length).toBe(Math.round(route.distanceKm * 1000));
    expect(Math.abs(duration - route.durationHours * 3600)).toBeLessThanOrEqual(segments.length);
  });

  it('waypoints as node ids or names work like positions; positions snap to the nearest node', async () => {
    const byName = (await post(definition(['Aktau', 'Poti']))).json();
    const [lon, lat] = at('KZ_AKTAU');
    const near = (
      await post(definition({ type: 'MultiPoint', coordinates: [[lon + 0.05, lat - 0.05], at('GE_POTI')] }))
    ).json();
    const start = near.features.find((f: Feature) => f.properties.featureType === 'start');
    expect(start.properties.nodeId).toBe('KZ_AKTAU');
    expect(start.properties.snapDistanceKm).toBeGreaterThan(0);
    expect(start.properties.snapDistanceKm).toBeLessThan(10);
    const overview = (fc: { features: Feature[] }) => fc.features[0]?.properties;
    expect(overview(near)?.length_m).toBe(overview(byName)?.length_m);
  });

  it('/req/intermediate-waypoints/input, /req/intermediate-waypoints/success: five or more points, passed in order', async () => {
    const ids = ['CN_XIAN', 'KZ_ALTYNKOL', 'KZ_AKTAU', 'AZ_ALAT', 'GE_POTI', 'RO_CONSTANTA', 'HU_BUDAPEST'];
    const res = await post(definition(multiPoint(...ids)));
    expect(res.statusCode).toBe(200);
    const fc = res.json();
    const line = fc.features[0].geometry.coordinates as [number, number][];
    let from = 0;
    for (const id of ids) {
      const [x, y] = at(id);
      const k = line.findIndex((q, i) => i >= from && q[0] === x && q[1] === y);
      expect(k, id).toBeGreaterThanOrEqual(from);
      from = k;
    }
  });

  it('the /routes constraints apply: avoid=RU,BY crosses the Caspian', async () => {
    const fc = (await post(definition(['Xian', 'Duisburg'], { avoid: ['RU', 'BY'] }))).json();
    expect(fc.features[0].properties.countries).not.toContain('RU');
    expect(fc.features[0].properties.usesCaspianFerry).toBe(true);
  });

  it('/req/core/error A: an invalid route definition is a 400 problem naming the member', async () => {
    const cases: [unknown, string][] = [
      [{}, 'inputs'],
      [definition(multiPoint('CN_XIAN')), 'inputs.waypoints.value'],
      [definition({ type: 'MultiPoint', coordinates: [[200, 34], at('GE_POTI')] }), 'inputs.waypoints.value'],
      [definition({ type: 'Point', coordinates: at('GE_POTI') }), 'inputs.waypoints.value'],
      [definition(['Xian', 'Duisburg'], { preference: 'cheapest' }), 'inputs.preference'],
      [definition(['Xian', 'Atlantis']), 'inputs.waypoints.value[1]'],
      [definition(['Xian', 'Duisburg'], { avoid: ['XX'] }), 'avoid'],
      [definition(['Xian', 'Duisburg'], { avoidd: ['RU'] }), 'avoidd'],
      ['{not json', ''],
    ];
    for (const [body, member] of cases) {
      const res = await post(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = res.json();
      expect(problem.code).toMatch(/^(INVALID_PARAMETER|UNKNOWN_COUNTRY)$/);
      if (member) expect(String(problem.parameter), JSON.stringify(body)).toContain(member);
    }
    const text = await post('x', 'text/plain');
    expect(text.statusCode).toBe(415);
  });

  it('/req/core/error B: a valid definition the network cannot serve is a 422', async () => {
    const offNetwork = await post(definition({ type: 'MultiPoint', coordinates: [[-30, 0], at('GE_POTI')] }));
    expect(offNetwork.statusCode).toBe(422);
    expect(offNetwork.json()).toMatchObject({ code: 'WAYPOINT_OFF_NETWORK' });
    const noRoute = await post(
      definition(['Xian', 'Duisburg'], { avoid: ['RU', 'BY', 'GE', 'IR', 'TR', 'AM'] }),
    );
    expect(noRoute.statusCode).toBe(422);
    expect(noRoute.json().code).toBe('NO_ROUTE');
  });
});
