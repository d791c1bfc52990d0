import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, fixtureNetwork } from '../helpers/test-app.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const get = (url: string) => app.inject({ method: 'GET', url });

describe('discovery endpoints', () => {
  it('GET /nodes?q= finds by alias with accents folded, best match first', async () => {
    const body = (await get('/nodes?q=constanta')).json();
    expect(body.nodes[0].id).toBe('RO_CONSTANTA');
  });

  it('GET /nodes?q= tolerates a typo', async () => {
    expect((await get('/nodes?q=Constansa')).json().nodes[0].id).toBe('RO_CONSTANTA');
  });

  it('GET /nodes filters by country (alpha-2 or alpha-3) and kind', async () => {
    const body = (await get('/nodes?country=GEO&kind=port')).json();
    expect(body.nodes.map((n: { id: string }) => n.id)).toEqual(['GE_POTI']);
    expect(body.total).toBe(1);
  });

  it('GET /nodes without q lists nodes by id, limited', async () => {
    const body = (await get('/nodes?limit=3')).json();
    expect(body.total).toBe(fixtureNetwork().nodes.length);
    const ids = body.nodes.map((n: { id: string }) => n.id);
    expect(ids).toHaveLength(3);
    expect([...ids].sort()).toEqual(ids);
  });

  it('GET /nodes with an unknown country code is a 400 naming it', async () => {
    const res = await get('/nodes?country=ZZ');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'UNKNOWN_COUNTRY', parameter: 'country', value: 'ZZ' });
  });

  it('GET /nodes/{id} returns the node with its links, case-insensitively', async () => {
    const body = (await get('/nodes/kz_aktau')).json();
    expect(body.id).toBe('KZ_AKTAU');
    expect(body.links.map((l: { to: { id: string } }) => l.to.id)).toContain('AZ_ALAT');
  });

  it('GET /nodes/{id} with an unknown id is a 404 UNKNOWN_PLACE with suggestions', async () => {
    const res = await get('/nodes/KZ_AKTUA');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('UNKNOWN_PLACE');
    expect(res.json().suggestions[0].id).toBe('KZ_AKTAU');
  });

  it('GET /countries lists the countries with node counts that add up to the network', async () => {
    const body = (await get('/countries')).json();
    const total = body.countries.reduce((a: number, c: { nodeCount: number }) => a + c.nodeCount, 0);
    expect(total).toBe(fixtureNetwork().nodes.length);
    expect(body.countries.find((c: { code: string }) => c.code === 'KZ')).toMatchObject({
      alpha3: 'KAZ',
      name: 'Kazakhstan',
      nodeCount: 2,
    });
  });

  it('GET /health reports the data version and size', async () => {
    const body = (await get('/health')).json();
    expect(body).toMatchObject({
      status: 'ok',
      dataVersion: fixtureNetwork().dataVersion,
      nodes: fixtureNetwork().nodes.length,
    });
  });

  it('GET /network is GeoJSON with every node and link', async () => {
    const res = await get('/network');
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
    const body = res.json();
    const network = fixtureNetwork();
    expect(body.features).toHaveLength(network.nodes.length + network.links.length);
    const ferry = body.features.find((f: { id: string }) => f.id === 'GE_POTI--RO_CONSTANTA--ferry');
    expect(ferry.geometry.coordinates.length).toBeGreaterThan(2);
    expect(ferry.geometry.coordinates[0]).toEqual([41.66, 42.15]);
    expect(ferry.properties).toMatchObject({
      from: 'GE_POTI',
      to: 'RO_CONSTANTA',
      mode: 'ferry',
      sea: 'black-sea',
    });
    expect(typeof ferry.properties.source).toBe('string');
  });
});
