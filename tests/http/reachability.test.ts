import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../../src/app.js';
import {
  DomainError,
  findReachable,
  findRoutes,
  loadNetwork,
  type Network,
  ReachabilitySchema,
  reachableNodeList,
} from '../../src/domain/index.js';
import { escapeNonAscii } from '../../src/http/serving/ascii-json.js';
import { reachabilitySerializer } from '../../src/http/serving/reachability-serializer.js';
import {
  AKTAU_SHUT,
  KZ_QUEUE,
  LIVE_DEPARTURE,
  LIVE_NOW,
  SettableLiveState,
} from '../helpers/live-disruptions.js';
import { EMBEDDED_DIR } from '../helpers/test-app.js';

let app: FastifyInstance;
let network: Network;
beforeAll(async () => {
  network = loadNetwork(EMBEDDED_DIR);
  app = await buildApp({ network, routeCacheSize: 0 });
});
afterAll(() => app.close());

const get = (url: string) => app.inject({ method: 'GET', url });

interface Reached {
  node: { id: string };
  distanceKm: number;
  durationHours: number;
  co2eKgPerTonne: number;
}

/**
 * Checks a /reachability answer from Xi'an against /routes, node by node: a node is listed, with the totals of
 * its best route, exactly when that route's `figure` is within `value`; Xi'an itself and the avoided countries'
 * nodes are not listed. Returns how many nodes are within the budget.
 */
function expectListedAsRoutes(
  body: { nodes: Reached[] },
  figure: 'distanceKm' | 'durationHours' | 'co2eKgPerTonne',
  value: number,
  options: Parameters<typeof findRoutes>[3] & { avoid: string[] },
): number {
  const listed = new Map<string, Reached>(body.nodes.map((r: Reached) => [r.node.id, r]));
  expect(listed.size).toBe(body.nodes.length);
  let inside = 0;
  for (const node of network.nodes) {
    if (node.id === 'CN_XIAN' || options.avoid.includes(node.country)) {
      if (node.id !== 'CN_XIAN') expect(listed.has(node.id), node.id).toBe(false);
      continue;
    }
    let route: ReturnType<typeof findRoutes>['routes'][number] | undefined;
    try {
      route = findRoutes(network, 'CN_XIAN', node.id, options).routes[0];
    } catch (e) {
      if (!(e instanceof DomainError) || e.code !== 'NO_ROUTE') throw e;
    }
    const entry = listed.get(node.id);
    if (route && route[figure] <= value) {
      inside++;
      expect(entry, node.id).toEqual({
        node: { id: node.id, name: node.name, country: node.country },
        distanceKm: route.distanceKm,
        durationHours: route.durationHours,
        co2eKgPerTonne: route.co2eKgPerTonne,
      });
    } else {
      expect(entry, node.id).toBeUndefined();
    }
  }
  return inside;
}

describe('GET /reachability', () => {
  it.each([
    ['maxHours', 432, 'time', 'durationHours'],
    ['maxKm', 6000, 'distance', 'distanceKm'],
    ['maxCo2e', 150, 'co2', 'co2eKgPerTonne'],
  ] as const)(
    '%s=%s: exactly the nodes whose /routes figure is within the budget, each with the /routes totals',
    async (name, value, optimize, figure) => {
      const res = await get(`/reachability?origin=Xian&${name}=${value}&avoid=RU,BY`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.budget).toEqual({ name, value });
      expect(body.optimize).toBe(optimize);
      expect(body.nodes[0]).toMatchObject({ node: { id: 'CN_XIAN' }, distanceKm: 0, durationHours: 0 });
      const inside = expectListedAsRoutes(body, figure, value, { optimize, avoid: ['RU', 'BY'] });
      // The budget is neither everything nor nothing.
      expect(inside).toBeGreaterThan(20);
      expect(inside).toBeLessThan(network.nodes.length - 20);
      // Nearest first by the budget's figure (up to rounding of the exact cost).
      const figures = body.nodes.map((r: Reached) => r[figure]);
      for (let k = 1; k < figures.length; k++) expect(figures[k]).toBeGreaterThanOrEqual(figures[k - 1] - 1);
    },
  );

  it('format=geojson: one Point per reachable node with the costs as properties', async () => {
    const json = (await get('/reachability?origin=Xian&maxKm=3000')).json();
    const res = await get('/reachability?origin=Xian&maxKm=3000&format=geojson');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
    const fc = res.json();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features).toHaveLength(json.nodes.length);
    const first = fc.features[0];
    const xian = network.nodeById.get('CN_XIAN');
    expect(first.geometry).toEqual({ type: 'Point', coordinates: [xian?.lon, xian?.lat] });
    expect(first.properties).toMatchObject({ id: 'CN_XIAN', origin: true, distanceKm: 0 });
    fc.features.forEach((f: { properties: Record<string, unknown> }, k: number) => {
      expect(f.properties.distanceKm).toBe(json.nodes[k].distanceKm);
      expect(f.properties.durationHours).toBe(json.nodes[k].durationHours);
      expect(f.properties.co2eKgPerTonne).toBe(json.nodes[k].co2eKgPerTonne);
    });
  });

  it('is written from the columns exactly as the schema encodes the rows, and sent as written', async () => {
    const serialize = reachabilitySerializer();
    const cases = [
      ['Xian', { maxHours: 432, avoid: ['RU', 'BY'] }],
      ['Xian', { maxKm: 40_000 }],
      ['Baku', { maxCo2e: 60, avoidModes: ['ferry'] }],
      ['Duisburg', { maxKm: 1 }],
      ['Xian', { maxHours: 432, disruptions: [AKTAU_SHUT, KZ_QUEUE], departAt: LIVE_DEPARTURE }],
    ] as const;
    for (const [origin, options] of cases) {
      const reach = findReachable(network, origin, options);
      const { reached, ...envelope } = reach;
      const rows = reachableNodeList(network, reached);
      expect(rows).toHaveLength(reached.count);
      const answer = { ...envelope, dataVersion: network.dataVersion, nodes: rows };
      const expected = escapeNonAscii(JSON.stringify(z.encode(ReachabilitySchema, answer)));
      expect(serialize(network, { ...reach, dataVersion: network.dataVersion })).toBe(expected);
    }
    const res = await get('/reachability?origin=Xian&maxHours=432&avoid=RU,BY');
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const { reached, ...envelope } = findReachable(network, 'Xian', { maxHours: 432, avoid: ['RU', 'BY'] });
    expect(res.json()).toEqual({
      ...envelope,
      dataVersion: network.dataVersion,
      nodes: reachableNodeList(network, reached),
    });
  });

  it('needs exactly one budget, in range: otherwise a 400 naming it', async () => {
    const cases: [string, string, unknown][] = [
      ['/reachability?origin=Xian', 'maxHours', undefined],
      ['/reachability?origin=Xian&maxHours=10&maxKm=100', 'maxKm', 100],
      ['/reachability?origin=Xian&maxKm=0', 'maxKm', '0'],
      ['/reachability?origin=Xian&maxKm=40001', 'maxKm', '40001'],
      ['/reachability?origin=Xian&maxHours=abc', 'maxHours', 'abc'],
      ['/reachability?origin=Xian&maxKm=100&via=Baku', 'via', 'Baku'],
    ];
    for (const [url, parameter, value] of cases) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json(), url).toMatchObject({ code: 'INVALID_PARAMETER', parameter });
      if (value !== undefined) expect(res.json().value, url).toEqual(value);
    }
  });

  it('an origin in an avoided country is a 422, an unknown one a 404', async () => {
    const avoided = await get('/reachability?origin=Moscow&maxKm=100&avoid=RU');
    expect(avoided.statusCode).toBe(422);
    expect(avoided.json()).toMatchObject({ code: 'ENDPOINT_IN_AVOIDED_COUNTRY', parameter: 'origin' });
    const unknown = await get('/reachability?origin=Atlantis&maxKm=100');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'UNKNOWN_PLACE', parameter: 'origin', value: 'Atlantis' });
  });
});

describe('GET /reachability on the live network', () => {
  const live$ = new SettableLiveState();
  let live: FastifyInstance;
  beforeAll(async () => {
    live = await buildApp({ network, routeCacheSize: 0, liveState: live$, clock: () => LIVE_NOW });
  });
  afterAll(() => live.close());
  const ids = (body: { nodes: Reached[] }) => body.nodes.map((r) => r.node.id);

  it('a closure of Aktau removes it from the reachable nodes; ignoreDisruptions opts out', async () => {
    const url = '/reachability?origin=Xian&maxHours=432&avoid=RU,BY';
    live$.set([]);
    const before = (await live.inject(url)).json();
    expect(ids(before)).toContain('KZ_AKTAU');
    expect(before.departAt).toBeUndefined();
    live$.set([AKTAU_SHUT]);
    const after = (await live.inject(url)).json();
    expect(ids(after)).not.toContain('KZ_AKTAU');
    expect(after.departAt).toBe(LIVE_DEPARTURE.toISOString());
    expect(after.nodes.length).toBeLessThan(before.nodes.length);
    const ignored = (await live.inject(`${url}&ignoreDisruptions=true`)).json();
    expect(ignored.nodes).toEqual(before.nodes);
  });

  it.each([
    ['maxHours', 432, 'time', 'durationHours'],
    ['maxKm', 6000, 'distance', 'distanceKm'],
  ] as const)(
    'under a closure and a delay, %s=%s lists exactly the nodes /routes reaches within it, with its totals',
    async (name, value, optimize, figure) => {
      live$.set([AKTAU_SHUT, KZ_QUEUE]);
      const body = (await live.inject(`/reachability?origin=Xian&${name}=${value}&avoid=RU,BY`)).json();
      const inside = expectListedAsRoutes(body, figure, value, {
        optimize,
        avoid: ['RU', 'BY'],
        disruptions: live$.current().disruptions,
        departAt: LIVE_DEPARTURE,
        clock: () => LIVE_NOW,
      });
      expect(inside).toBeGreaterThan(20);
    },
  );
});
