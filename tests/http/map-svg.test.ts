import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadNetwork } from '../../src/domain/index.js';

const fixture = new URL('../fixtures/mini-network', import.meta.url).pathname;

describe('maps and the map page', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({ network: loadNetwork(fixture) });
  });
  afterAll(async () => {
    await app.close();
  });

  it('GET /routes?format=svg draws each leg, dashes ferry legs, hatches avoided countries', async () => {
    const query = 'origin=Xian&destination=Duisburg&avoid=RU,BY';
    const json = (await app.inject({ url: `/routes?${query}` })).json() as {
      routes: { legs: { mode: string; sea?: string }[] }[];
    };
    const legs = json.routes[0]?.legs ?? [];
    const res = await app.inject({ url: `/routes?${query}&format=svg` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const svg = res.body;
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<path class="leg[ "]/g)).toHaveLength(legs.length);
    const ferryLegs = legs.filter((l) => l.mode === 'ferry');
    expect(ferryLegs.length).toBeGreaterThan(0);
    expect(svg.match(/<path class="leg ferry"[^>]*stroke-dasharray="9 6"/g)).toHaveLength(ferryLegs.length);
    for (const leg of ferryLegs) expect(svg).toContain(`>${leg.sea}</text>`);
    expect(svg.match(/class="avoided" data-country="(\w+)"/g)?.sort()).toEqual([
      'class="avoided" data-country="BY"',
      'class="avoided" data-country="RU"',
    ]);
    // No style element or attribute: the drawing must render under style-src 'self'.
    expect(svg).not.toMatch(/<style|\sstyle="/);
  });

  it('escapes names in the drawing', async () => {
    const res = await app.inject({ url: "/routes?origin=Xi'an&destination=Duisburg&format=svg" });
    expect(res.body).toContain('Xi&#39;an');
    expect(res.body).not.toContain("Xi'an");
  });

  it('answers errors of format=svg as problem+json', async () => {
    const res = await app.inject({ url: '/routes?origin=Nowhere&destination=Duisburg&format=svg' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('GET /map.svg draws the network alone, and rejects an unknown country code', async () => {
    const res = await app.inject({ url: '/map.svg?avoid=rus' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(res.body).toContain('data-country="RU"');
    expect(res.body).not.toContain('<path class="leg');
    const bad = await app.inject({ url: '/map.svg?avoid=XX' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'UNKNOWN_COUNTRY' });
  });

  it('serves the page and its same-origin script and stylesheet, with no inline script', async () => {
    const page = await app.inject({ url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<script type="module" src="/app.js"></script>');
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page.body).not.toMatch(/\sstyle="/);
    for (const [path, type] of [
      ['/app.js', /javascript/],
      ['/app.css', /text\/css/],
    ] as const) {
      const res = await app.inject({ url: path });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(type);
    }
  });

  it('serves the page modules and its vendored assets: d3 scripts and the outlines keyed by alpha-2 code', async () => {
    for (const path of ['/i18n.js', '/map-view.js', '/gazetteer.js', '/dom.js']) {
      const res = await app.inject({ url: path });
      expect(res.statusCode, path).toBe(200);
      expect(res.headers['content-type']).toMatch(/javascript/);
    }
    for (const [path, global] of [
      ['/assets/d3-array.min.js', 'd3'],
      ['/assets/d3-geo.min.js', 'geoConicConformal'],
    ] as const) {
      const res = await app.inject({ url: path });
      expect(res.statusCode, path).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/javascript/);
      expect(res.headers['cache-control']).toBe('public, max-age=86400');
      expect(res.body).toContain(global);
    }
    const outlines = await app.inject({ url: '/assets/countries-110m.geojson' });
    expect(outlines.statusCode).toBe(200);
    expect(outlines.headers['content-type']).toMatch(/^application\/geo\+json/);
    const body = outlines.json() as {
      source: string;
      features: { id: string; properties: { name: string }; geometry: { type: string } }[];
    };
    expect(body.source).toMatch(/Natural Earth/);
    const byId = new Map(body.features.map((f) => [f.id, f]));
    expect(byId.get('DE')?.properties.name).toBe('Germany');
    expect(byId.get('KZ')?.properties.name).toBe('Kazakhstan');
    expect(byId.get('AZ')?.geometry.type).toMatch(/Polygon/);
    // Coordinates are rounded to 0.01 degree.
    expect(JSON.stringify(body.features[0]?.geometry)).not.toMatch(/\d\.\d{3}/);
  });

  it('keeps unknown paths a problem+json 404', async () => {
    const res = await app.inject({ url: '/no-such-file.js' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND' });
  });
});
