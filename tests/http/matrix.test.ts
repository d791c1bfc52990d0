import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadNetwork, MATRIX_LIMITS } from '../../src/domain/index.js';
import {
  AKTAU_SHUT,
  KZ_QUEUE,
  LIVE_DEPARTURE,
  LIVE_NOW,
  SettableLiveState,
} from '../helpers/live-disruptions.js';
import { EMBEDDED_DIR } from '../helpers/test-app.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildApp({ network: loadNetwork(EMBEDDED_DIR), routeCacheSize: 0 });
});
afterAll(() => app.close());

const get = (url: string) => app.inject({ method: 'GET', url });

const HUBS = ['CN_XIAN', 'CN_CHENGDU', 'KZ_AKTAU', 'AZ_ALAT', 'GE_POTI', 'TR_HALKALI'];
const EU = ['DE_DUISBURG', 'HU_BUDAPEST', 'PL_MALASZEWICZE', 'RO_CONSTANTA'];

describe('GET /matrix', () => {
  it('answers the documented shape, rows = origins, with names resolved', async () => {
    const res = await get("/matrix?origins=Xi'an,Chengdu&destinations=Duisburg&destinations=Budapest");
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.origins.map((o: { id: string }) => o.id)).toEqual(['CN_XIAN', 'CN_CHENGDU']);
    expect(body.destinations.map((d: { id: string }) => d.id)).toEqual(['DE_DUISBURG', 'HU_BUDAPEST']);
    for (const key of ['distanceKm', 'durationHours', 'co2eKgPerTonne', 'unreachable']) {
      expect(body[key]).toHaveLength(2);
      for (const row of body[key]) expect(row).toHaveLength(2);
    }
    expect(body.optimize).toBe('distance');
    expect(body.dataVersion).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(body.countries).toBeUndefined();
  });

  it.each(['distance', 'time', 'co2'])(
    'every cell is the figure /routes gives for that pair (optimize=%s, avoid=RU,BY)',
    async (optimize) => {
      const q = `avoid=RU,BY&optimize=${optimize}`;
      const matrix = await get(
        `/matrix?origins=${HUBS.join(',')}&destinations=${EU.join(',')}&${q}&include=countries,seas`,
      );
      expect(matrix.statusCode).toBe(200);
      const body = matrix.json();
      let compared = 0;
      for (const [i, o] of HUBS.entries()) {
        for (const [j, d] of EU.entries()) {
          const res = await get(`/routes?origin=${o}&destination=${d}&${q}`);
          if (res.statusCode !== 200) {
            expect(body.distanceKm[i][j]).toBeNull();
            expect(body.unreachable[i][j]).toBe(res.json().code);
            continue;
          }
          const route = res.json().routes[0];
          expect([body.distanceKm[i][j], body.durationHours[i][j], body.co2eKgPerTonne[i][j]]).toEqual([
            route.distanceKm,
            route.durationHours,
            route.co2eKgPerTonne,
          ]);
          expect(body.countries[i][j]).toEqual(route.countries);
          expect(body.seas[i][j]).toEqual(route.ferries.map((f: { seaId: string }) => f.seaId));
          expect(body.unreachable[i][j]).toBeNull();
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(15);
    },
  );

  it('the same place is 0, not null; a repeated origin repeats its row', async () => {
    const body = (
      await get('/matrix?origins=KZ_AKTAU,AZ_ALAT,KZ_AKTAU&destinations=KZ_AKTAU,AZ_ALAT')
    ).json();
    expect(body.distanceKm[0][0]).toBe(0);
    expect(body.durationHours[0][0]).toBe(0);
    expect(body.co2eKgPerTonne[0][0]).toBe(0);
    expect(body.unreachable[0][0]).toBeNull();
    expect(body.distanceKm[0][1]).toBeGreaterThan(0);
    expect(body.distanceKm[2]).toEqual(body.distanceKm[0]);
  });

  it('cells without a route are null with a reason code; the rest of the matrix still answers', async () => {
    // Moscow is in an avoided country; without Georgia, Iran and Russia nothing reaches Duisburg from Xi'an.
    const body = (
      await get('/matrix?origins=Xian,Moscow&destinations=Duisburg,Almaty&avoid=RU,BY,GE,IR,TR,AM')
    ).json();
    expect(body.unreachable[1]).toEqual(['ENDPOINT_IN_AVOIDED_COUNTRY', 'ENDPOINT_IN_AVOIDED_COUNTRY']);
    expect(body.distanceKm[1]).toEqual([null, null]);
    expect(body.unreachable[0][0]).toBe('NO_ROUTE');
    expect(body.distanceKm[0][0]).toBeNull();
    expect(body.unreachable[0][1]).toBeNull();
    expect(body.distanceKm[0][1]).toBeGreaterThan(0);
  });

  it('an avoided node as origin or destination is ENDPOINT_AVOIDED', async () => {
    const body = (await get('/matrix?origins=Xian&destinations=Duisburg,AZ_ALAT&avoidNodes=AZ_ALAT')).json();
    expect(body.unreachable[0]).toEqual([null, 'ENDPOINT_AVOIDED']);
  });

  it('format=csv: a header row, then one row per cell, with quoting where needed', async () => {
    const res = await get(
      '/matrix?origins=Xian,Moscow&destinations=Duisburg&avoid=RU&format=csv&include=seas',
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.body.split('\r\n');
    expect(lines[0]).toBe(
      'origin_id,origin_name,destination_id,destination_name,distance_km,duration_hours,co2e_kg_per_tonne,unreachable,seas',
    );
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    const json = (
      await get('/matrix?origins=Xian,Moscow&destinations=Duisburg&avoid=RU&include=seas')
    ).json();
    expect(lines[1]).toBe(
      `CN_XIAN,${json.origins[0].name},DE_DUISBURG,${json.destinations[0].name},${json.distanceKm[0][0]},${json.durationHours[0][0]},${json.co2eKgPerTonne[0][0]},,${json.seas[0][0].join(' ')}`,
    );
    expect(lines[2]).toMatch(/^RU_MOSCOW,.*,,,,ENDPOINT_IN_AVOIDED_COUNTRY,$/);
  });

  it(`caps origins and destinations at ${MATRIX_LIMITS.maxOrigins}: one more is a 400 naming the parameter`, async () => {
    const many = Array.from({ length: MATRIX_LIMITS.maxOrigins + 1 }, () => 'CN_XIAN').join(',');
    for (const [parameter, url] of [
      ['origins', `/matrix?origins=${many}&destinations=Duisburg`],
      ['destinations', `/matrix?origins=Xian&destinations=${many}`],
    ] as const) {
      const res = await get(url);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ code: 'INVALID_PARAMETER', parameter });
    }
    const full = Array.from({ length: MATRIX_LIMITS.maxOrigins }, () => 'CN_XIAN').join(',');
    expect((await get(`/matrix?origins=${full}&destinations=${full}`)).statusCode).toBe(200);
  });

  it('refuses via with a 400 that says so', async () => {
    const res = await get('/matrix?origins=Xian&destinations=Duisburg&via=Baku');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'via', value: 'Baku' });
    expect(res.json().detail).toMatch(/does not take via/);
  });

  it('bad input is problem+json naming the field and value: unknown place, unknown country, unknown parameter, missing list', async () => {
    const cases: [string, number, string, string, unknown][] = [
      ['/matrix?origins=Xian,Atlantis&destinations=Duisburg', 404, 'UNKNOWN_PLACE', 'origins', 'Atlantis'],
      ['/matrix?origins=Xian&destinations=Duisburg&avoid=XX', 400, 'UNKNOWN_COUNTRY', 'avoid', 'XX'],
      ['/matrix?origins=Xian&destinations=Duisburg&avoidd=RU', 400, 'INVALID_PARAMETER', 'avoidd', 'RU'],
      [
        '/matrix?origins=Xian&destinations=Duisburg&include=legs',
        400,
        'INVALID_PARAMETER',
        'include',
        ['legs'],
      ],
      ['/matrix?origins=Xian', 400, 'INVALID_PARAMETER', 'destinations', undefined],
      ['/matrix?origins=,&destinations=Duisburg', 400, 'INVALID_PARAMETER', 'origins', undefined],
    ];
    for (const [url, status, code, parameter, value] of cases) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(status);
      const body = res.json();
      expect(body, url).toMatchObject({ code, parameter });
      if (value !== undefined) expect(body.value, url).toEqual(value);
    }
  });
});

describe('GET /matrix on the live network', () => {
  const live$ = new SettableLiveState();
  let live: FastifyInstance;
  beforeAll(async () => {
    live = await buildApp({
      network: loadNetwork(EMBEDDED_DIR),
      routeCacheSize: 0,
      liveState: live$,
      clock: () => LIVE_NOW,
    });
  });
  afterAll(() => live.close());
  const liveGet = (url: string) => live.inject({ method: 'GET', url });

  const ORIGINS = ['CN_XIAN', 'CN_CHENGDU', 'KZ_ALMATY'];
  const DESTINATIONS = ['DE_DUISBURG', 'AZ_BAKU', 'KZ_AKTAU', 'GE_POTI'];

  /** Every cell equals the best /routes route for the pair under the same live state and query. */
  async function expectCellsAsRoutes(q: string) {
    const res = await liveGet(
      `/matrix?origins=${ORIGINS.join(',')}&destinations=${DESTINATIONS.join(',')}&${q}&include=countries`,
    );
    expect(res.statusCode).toBe(200);
    const body = res.json();
    for (const [i, o] of ORIGINS.entries()) {
      for (const [j, d] of DESTINATIONS.entries()) {
        const r = await liveGet(`/routes?origin=${o}&destination=${d}&${q}`);
        if (r.statusCode !== 200) {
          expect(body.distanceKm[i][j], `${o}>${d}`).toBeNull();
          expect(body.unreachable[i][j], `${o}>${d}`).toBe(r.json().code);
          continue;
        }
        const route = r.json().routes[0];
        expect(
          [body.distanceKm[i][j], body.durationHours[i][j], body.co2eKgPerTonne[i][j], body.countries[i][j]],
          `${o}>${d}`,
        ).toEqual([route.distanceKm, route.durationHours, route.co2eKgPerTonne, route.countries]);
      }
    }
    return body;
  }

  it('a closure of Aktau moves the cells through it, as /routes moves the route; ignoreDisruptions opts out', async () => {
    live$.set([]);
    const before = await expectCellsAsRoutes('avoid=RU,BY&optimize=time');
    expect(before.departAt).toBeUndefined();
    live$.set([AKTAU_SHUT]);
    const after = await expectCellsAsRoutes('avoid=RU,BY&optimize=time');
    expect(after.departAt).toBe(LIVE_DEPARTURE.toISOString());
    // Xi'an to Baku went through Aktau; with the port shut it takes a longer way, and Aktau itself is unreachable.
    expect(before.countries[0][1]).toContain('KZ');
    expect(after.durationHours[0][1]).toBeGreaterThan(before.durationHours[0][1]);
    expect(after.unreachable[0][2]).toBe('NO_ROUTE');
    expect(before.unreachable[0][2]).toBeNull();
    const ignored = (
      await liveGet(
        `/matrix?origins=${ORIGINS.join(',')}&destinations=${DESTINATIONS.join(',')}&avoid=RU,BY&optimize=time&ignoreDisruptions=true`,
      )
    ).json();
    expect(ignored.durationHours).toEqual(before.durationHours);
    expect(ignored.departAt).toBeUndefined();
  });

  it('closures apply when the cargo gets there, timed from departAt (default: now)', async () => {
    live$.set([{ ...AKTAU_SHUT, startsAt: '2026-12-01T00:00:00Z', endsAt: '2026-12-02T00:00:00Z' }]);
    const now = (await liveGet('/matrix?origins=CN_XIAN&destinations=KZ_AKTAU&avoid=RU,BY')).json();
    // From Xi'an the cargo needs days to reach Aktau: a one-day closure starting now is over by then.
    expect(now.unreachable[0][0]).toBeNull();
    // Leaving so as to arrive at noon on the day of the closure: the port is shut then.
    const hours = now.durationHours[0][0] as number;
    const leave = new Date(Date.parse('2026-12-01T12:00:00Z') - hours * 3_600_000);
    leave.setUTCSeconds(0, 0);
    const late = (
      await liveGet(
        `/matrix?origins=CN_XIAN&destinations=KZ_AKTAU&avoid=RU,BY&departAt=${leave.toISOString()}`,
      )
    ).json();
    expect(late.departAt).toBe(leave.toISOString());
    // The port is shut when the direct way would get there: the cell is a way that reaches it after it opens.
    expect(late.unreachable[0][0]).toBeNull();
    expect(late.durationHours[0][0]).toBeGreaterThan(hours + 24);
    const dated = (
      await liveGet(`/routes?origin=CN_XIAN&destination=KZ_AKTAU&avoid=RU,BY&departAt=${leave.toISOString()}`)
    ).json().routes[0];
    expect([late.distanceKm[0][0], late.durationHours[0][0]]).toEqual([
      dated.distanceKm,
      dated.durationHours,
    ]);
    const bad = await liveGet('/matrix?origins=CN_XIAN&destinations=KZ_AKTAU&departAt=2026-11-24T10:00');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'departAt' });
  });

  it('a delay adds its hours to the cells that pass it, exactly as /routes adds them', async () => {
    live$.set([]);
    const before = (
      await liveGet('/matrix?origins=CN_XIAN&destinations=AZ_BAKU&avoid=RU,BY&optimize=time')
    ).json();
    live$.set([KZ_QUEUE]);
    const after = await expectCellsAsRoutes('avoid=RU,BY&optimize=time');
    expect(after.durationHours[0][1]).toBeGreaterThan(before.durationHours[0][0]);
    await expectCellsAsRoutes('avoid=RU,BY&optimize=distance');
  });

  it('avoidAdvisories and networkDate are honoured and echoed, as /routes honours them', async () => {
    live$.set([]);
    const body = await expectCellsAsRoutes('avoidAdvisories=war-risk,sanctions&networkDate=2026-12-01');
    expect(body.avoidAdvisories).toEqual(['sanctions', 'war-risk']);
    expect(body.networkDate).toBe('2026-12-01');
    expect((await liveGet('/matrix?origins=CN_XIAN&destinations=AZ_BAKU')).json().networkDate).toBe(
      '2026-12-01',
    );
  });
});
