import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadNetwork } from '../../src/domain/index.js';
import { EMBEDDED_DIR } from '../helpers/test-app.js';

let app: FastifyInstance;
beforeAll(async () => {
  // With the answer cache on, as served: a cached plain answer must not stand in for one with emissions.
  app = await buildApp({ network: loadNetwork(EMBEDDED_DIR) });
});
afterAll(() => app.close());

const get = (url: string) => app.inject({ method: 'GET', url });

interface Element {
  kind: string;
  linkId?: string;
  nodeId?: string;
  co2eKg: { wtw: number; ttw: number; wtt: number };
}

describe('GET /routes?emissions=iso14083', () => {
  it('adds an ISO 14083 account to every route: one element per leg and per hub, adding up', async () => {
    const plain = (await get('/routes?origin=Xian&destination=Duisburg&avoid=RU,BY&alternatives=1')).json();
    expect(plain.routes[0].emissions).toBeUndefined();
    const res = await get(
      '/routes?origin=Xian&destination=Duisburg&avoid=RU,BY&alternatives=1&emissions=iso14083',
    );
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.routes).toHaveLength(plain.routes.length);
    for (const [r, route] of body.routes.entries()) {
      const { emissions, ...rest } = route;
      expect(rest).toEqual(plain.routes[r]);
      expect(emissions.standard).toBe('ISO 14083:2023');
      expect(emissions.basis.cargoTonnes).toBe(1);
      const legs = emissions.elements.filter((e: Element) => e.kind === 'leg');
      expect(legs.map((e: Element) => e.linkId)).toEqual(route.legs.map((l: { linkId: string }) => l.linkId));
      // A hub at every gauge change and every change of mode (ports here).
      const handled = new Set(
        route.events
          .filter((e: { type: string }) => e.type !== 'border-crossing')
          .map((e: { at: { id: string } }) => e.at.id),
      );
      const hubs = emissions.elements.filter((e: Element) => e.kind === 'hub');
      expect(new Set(hubs.map((e: Element) => e.nodeId))).toEqual(handled);
      const c = (x: number) => Math.round(x * 100);
      let wtw = 0;
      for (const e of emissions.elements) {
        expect(c(e.co2eKg.wtw)).toBe(c(e.co2eKg.ttw) + c(e.co2eKg.wtt));
        wtw += c(e.co2eKg.wtw);
      }
      expect(wtw).toBe(c(emissions.total.wtw));
      // The legs' WTW is the route's kg CO2e per tonne (both from the same factors), up to per-leg rounding.
      const legsWtw = legs.reduce((s: number, e: Element) => s + e.co2eKg.wtw, 0);
      expect(Math.abs(legsWtw - route.co2eKgPerTonne)).toBeLessThan(0.05 * route.legs.length);
      expect(emissions.perContainer.teu.wtw).toBeCloseTo(emissions.total.wtw * 10, 0);
    }
  });

  it('is for the cargo when cargoTonnes is given, and cached apart from the plain answer', async () => {
    const one = (await get('/routes?origin=Aktau&destination=Poti&emissions=iso14083')).json();
    const twenty = (
      await get('/routes?origin=Aktau&destination=Poti&emissions=iso14083&cargoTonnes=20')
    ).json();
    expect(twenty.routes[0].emissions.basis.cargoTonnes).toBe(20);
    expect(twenty.routes[0].emissions.total.wtw).toBeCloseTo(one.routes[0].emissions.total.wtw * 20, 0);
    const again = await get('/routes?origin=Aktau&destination=Poti&emissions=iso14083');
    expect(again.headers['x-cache']).toBe('hit');
    expect(again.json().routes[0].emissions).toEqual(one.routes[0].emissions);
  });

  it('an unknown accounting method is a 400 naming the parameter', async () => {
    const res = await get('/routes?origin=Aktau&destination=Poti&emissions=glec');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'emissions', value: 'glec' });
  });
});
