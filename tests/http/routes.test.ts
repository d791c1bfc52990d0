import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/test-app.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const get = (url: string) => app.inject({ method: 'GET', url });

describe('GET /routes', () => {
  it('returns the route plan in the documented shape', async () => {
    const res = await get("/routes?origin=Xi'an&destination=Duisburg");
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.json();
    expect(body.origin).toEqual({ id: 'CN_XIAN', name: "Xi'an International Port", country: 'CN' });
    expect(body.destination.id).toBe('DE_DUISBURG');
    expect(body.avoid).toEqual([]);
    expect(body.optimize).toBe('distance');
    expect(body.dataVersion).toMatch(/^sha256:[0-9a-f]{64}$/);
    const route = body.routes[0];
    expect(route.countries).toEqual(['CN', 'KZ', 'RU', 'BY', 'PL', 'DE']);
    expect(route.usesCaspianFerry).toBe(false);
    expect(route.legs[0].from.id).toBe('CN_XIAN');
    expect(route.legs.at(-1).to.id).toBe('DE_DUISBURG');
  });

  it('avoid=RU,BY, avoid=RUS,BLR and repeated lower-case codes give the same answer, crossing the Caspian by ferry', async () => {
    const bodies = await Promise.all(
      [
        '/routes?origin=xian&destination=duisburg&avoid=RU,BY',
        '/routes?origin=xian&destination=duisburg&avoid=RUS,BLR',
        '/routes?origin=xian&destination=duisburg&avoid=ru&avoid=by',
        '/routes?origin=xian&destination=duisburg&avoid=RU&avoid=blr,',
      ].map(async (url) => (await get(url)).json()),
    );
    for (const body of bodies) {
      expect(body.avoid).toEqual(['BY', 'RU']);
      expect(body.routes).toEqual(bodies[0].routes);
    }
    const route = bodies[0].routes[0];
    for (const leg of route.legs) {
      expect(leg.countries).not.toContain('RU');
      expect(leg.countries).not.toContain('BY');
    }
    expect(route.usesCaspianFerry).toBe(true);
    const caspian = route.legs.filter((l: { seaId?: string }) => l.seaId === 'caspian');
    expect(caspian).toHaveLength(1);
    expect(caspian[0]).toMatchObject({ mode: 'ferry', sea: 'Caspian Sea' });
  });

  it('ferries and the two booleans agree with the legs', async () => {
    const body = (await get('/routes?origin=xian&destination=duisburg&avoid=RU,BY&alternatives=2')).json();
    expect(body.routes.length).toBeGreaterThan(1);
    for (const route of body.routes) {
      const ferryLegs = route.legs.filter((l: { mode: string }) => l.mode === 'ferry');
      expect(route.ferries.map((f: { from: { id: string } }) => f.from.id)).toEqual(
        ferryLegs.map((l: { from: { id: string } }) => l.from.id),
      );
      expect(route.usesCaspianFerry).toBe(ferryLegs.some((l: { seaId: string }) => l.seaId === 'caspian'));
      expect(route.usesBlackSeaFerry).toBe(ferryLegs.some((l: { seaId: string }) => l.seaId === 'black-sea'));
      for (const leg of ferryLegs) expect(typeof leg.sea).toBe('string');
    }
  });

  it.each([['xian'], ["XI'AN"], ['Xi’an'], ['XI AN'], ['cn_xian']])(
    'resolves the origin spelled %s',
    async (origin) => {
      const res = await get(`/routes?origin=${encodeURIComponent(origin)}&destination=Duisburg`);
      expect(res.statusCode).toBe(200);
      expect(res.json().origin.id).toBe('CN_XIAN');
    },
  );

  it.each([['Constanta'], ['Constanța'], ['CONSTANȚA']])(
    'resolves %s to the Constanța port',
    async (name) => {
      const res = await get(`/routes?origin=${encodeURIComponent(name)}&destination=Duisburg`);
      expect(res.json().origin.id).toBe('RO_CONSTANTA');
    },
  );

  it('answers a name shared by two nodes with 400 AMBIGUOUS_PLACE listing them', async () => {
    const res = await get('/routes?origin=Sarakhs&destination=Duisburg');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body.code).toBe('AMBIGUOUS_PLACE');
    expect(body.parameter).toBe('origin');
    expect(body.suggestions.map((s: { id: string }) => s.id).sort()).toEqual(['IR_SARAKHS', 'TM_SARAKHS']);
  });

  it('answers an unknown place with 404 UNKNOWN_PLACE and the closest matches', async () => {
    const res = await get('/routes?origin=Xian&destination=Duisbrug');
    expect(res.statusCode).toBe(404);
    const body = res.json();
    expect(body).toMatchObject({
      code: 'UNKNOWN_PLACE',
      parameter: 'destination',
      value: 'Duisbrug',
      status: 404,
    });
    expect(body.suggestions[0].id).toBe('DE_DUISBURG');
  });

  it('answers an unknown country code with 400 UNKNOWN_COUNTRY naming the code', async () => {
    const res = await get('/routes?origin=Xian&destination=Duisburg&avoid=RU,XQ');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'UNKNOWN_COUNTRY', parameter: 'avoid', value: 'XQ' });
    expect(res.json().detail).toContain('"XQ"');
  });

  it('rejects an unknown (misspelt) parameter instead of ignoring it', async () => {
    const res = await get('/routes?origin=Xian&destination=Duisburg&aviod=RU');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'aviod' });
  });

  it('names a missing parameter', async () => {
    const res = await get('/routes?origin=Xian');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'destination' });
  });

  it('rejects a value over a cap instead of clamping it, and lists every problem', async () => {
    const res = await get('/routes?origin=Xian&destination=Duisburg&alternatives=6&optimize=fastest');
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.errors.map((e: { parameter: string }) => e.parameter).sort()).toEqual([
      'alternatives',
      'optimize',
    ]);
  });

  it('answers an origin inside an avoided country with 422 ENDPOINT_IN_AVOIDED_COUNTRY', async () => {
    const res = await get('/routes?origin=Xian&destination=Duisburg&avoid=CN');
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({
      code: 'ENDPOINT_IN_AVOIDED_COUNTRY',
      parameter: 'origin',
      value: 'CN_XIAN',
    });
  });

  it('answers a cut-off destination with 422 NO_ROUTE, the blocking constraints and the relaxations', async () => {
    const res = await get('/routes?origin=Xian&destination=Duisburg&avoid=RU,BY,GE,IR');
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.code).toBe('NO_ROUTE');
    expect(body.relaxations).toContainEqual({ allow: [{ kind: 'country', value: 'GE' }] });
    expect(body.relaxations).toContainEqual({ allow: [{ kind: 'country', value: 'IR' }] });
    expect(body.blockedBy.map((c: { value: string }) => c.value)).toContain('GE');
  });

  it('answers the same place as origin and destination with 400 naming destination', async () => {
    const res = await get('/routes?origin=Aktau&destination=KZ_AKTAU');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'destination' });
  });

  it('answers format=geojson with one LineString per leg in [lon, lat]', async () => {
    const res = await get('/routes?origin=Xian&destination=Duisburg&avoid=RU,BY&format=geojson');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
    const body = res.json();
    const json = (await get('/routes?origin=Xian&destination=Duisburg&avoid=RU,BY')).json();
    expect(body.type).toBe('FeatureCollection');
    expect(body.features).toHaveLength(json.routes[0].legs.length);
    const first = body.features[0];
    expect(first.geometry.type).toBe('LineString');
    expect(first.geometry.coordinates[0]).toEqual([109.06, 34.43]);
    const ferry = body.features.find((f: { properties: { mode: string } }) => f.properties.mode === 'ferry');
    expect(ferry.properties.sea).toBe('Caspian Sea');
  });
});

describe('unknown paths and methods', () => {
  it('answers an unknown path with 404 NOT_FOUND problem+json', async () => {
    const res = await get('/route?origin=x');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().code).toBe('NOT_FOUND');
  });

  it('answers POST /routes with a problem, never a 5xx', async () => {
    const res = await app.inject({ method: 'POST', url: '/routes', payload: { origin: 'x' } });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('numeric parameters', () => {
  it.each([['0x5'], ['1e0'], [''], [' '], ['2abc'], ['Infinity']])(
    'alternatives=%s is a 400 naming the parameter',
    async (value) => {
      const res = await get(
        `/routes?origin=Xian&destination=Duisburg&alternatives=${encodeURIComponent(value)}`,
      );
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'alternatives' });
    },
  );

  it('accepts plain decimals and still rejects a value over the cap or below zero', async () => {
    expect(
      (await get('/routes?origin=Xian&destination=Duisburg&alternatives=2&cargoTonnes=20.5')).statusCode,
    ).toBe(200);
    expect((await get('/routes?origin=Xian&destination=Duisburg&alternatives=6')).json().parameter).toBe(
      'alternatives',
    );
    expect((await get('/routes?origin=Xian&destination=Duisburg&alternatives=-1')).json().parameter).toBe(
      'alternatives',
    );
    expect((await get('/nodes?limit=0x10')).json()).toMatchObject({
      code: 'INVALID_PARAMETER',
      parameter: 'limit',
    });
  });
});
