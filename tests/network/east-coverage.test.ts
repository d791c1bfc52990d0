/**
 * The network east of the Bosphorus as planners ship over it: Lianyungang sea-rail on the Longhai–Lanxin line,
 * the Southern Xinjiang line from Turpan, the Khorgos road crossing beside the railway, domestic Kazakh trips
 * that stay in Kazakhstan, the INSTC through Astara to Rasht and the planned Kars–Nakhchivan line on their dates.
 */
import { describe, expect, it } from 'vitest';
import { findRoutes, loadNetwork } from '../../src/domain/index.js';
import { EMBEDDED_DIR } from '../helpers/test-app.js';

const network = loadNetwork(EMBEDDED_DIR);
const TODAY = '2026-12-01';
const stops = (r: { legs: { to: { id: string }; mode: string }[] } | undefined) =>
  r?.legs.map((l) => l.to.id) ?? [];
const link = (from: string, to: string, mode = 'rail') =>
  network.links.find(
    (l) => l.mode === mode && ((l.from === from && l.to === to) || (l.from === to && l.to === from)),
  );

describe('Lianyungang sea-rail', () => {
  it('is a port on the Longhai railway, whose lengths are its chainage', () => {
    expect(network.nodeById.get('CN_LIANYUNGANG')?.kinds).toContain('port');
    // Lianyungang East 0, Zhengzhou 572, Xi'an 1,083, Baoji 1,256, Lanzhou 1,759 km.
    const longhai = [
      ['CN_LIANYUNGANG', 'CN_ZHENGZHOU', 572],
      ['CN_ZHENGZHOU', 'CN_XIAN', 1083 - 572],
      ['CN_BAOJI', 'CN_LANZHOU', 1759 - 1256],
    ] as const;
    for (const [a, b, km] of longhai) {
      const l = link(a, b);
      expect(l?.line, `${a}–${b}`).toBe('Longhai railway');
      expect(l?.distanceBasis, `${a}–${b}`).toBe('sourced');
      expect(l?.distanceKm, `${a}–${b}`).toBe(km);
    }
  });

  it('routes to Almaty by rail over Xi’an, Baoji, Lanzhou, Turpan and Khorgos, on cited Chinese lengths', () => {
    const route = findRoutes(network, 'CN_LIANYUNGANG', 'KZ_ALMATY').routes[0];
    expect(stops(route)).toEqual(
      expect.arrayContaining(['CN_XIAN', 'CN_BAOJI', 'CN_LANZHOU', 'CN_TURPAN', 'CN_KHORGOS', 'KZ_ALTYNKOL']),
    );
    expect(route?.legs.every((l) => l.mode === 'rail')).toBe(true);
    const chinese = route?.legs.filter((l) => l.from.id.startsWith('CN_') && l.to.id.startsWith('CN_')) ?? [];
    expect(chinese.length).toBeGreaterThan(5);
    const estimated = chinese
      .map((l) => link(l.from.id, l.to.id))
      .filter((l) => l?.distanceBasis === 'estimate')
      .map((l) => l?.id);
    // Only the short accesses from the stations the chainages count from to the freight terminals (Xi'an
    // Xinzhu, Urumqi Sanping) are estimates.
    expect(estimated).toEqual(['CN_XIAN--CN_BAOJI--rail', 'CN_TURPAN--CN_URUMQI--rail']);
  });
});

describe('the Southern Xinjiang railway', () => {
  it('leaves the Lanzhou–Xinjiang line at Turpan, so Lanzhou–Kashgar does not run through Urumqi', () => {
    const route = findRoutes(network, 'CN_LANZHOU', 'CN_KASHGAR').routes[0];
    expect(stops(route)).toEqual(['CN_TURPAN', 'CN_KASHGAR']);
    // Lanxin 1,904 km less Urumqi–Turpan 143 km, plus the Southern Xinjiang railway's 1,446 km.
    expect(route?.distanceKm).toBe(1904 - 143 + 1446);
  });
});

describe('the Khorgos road crossing', () => {
  it('is a road leg from the Chinese railhead over Nur Zholy to Almaty', () => {
    expect(link('CN_KHORGOS', 'KZ_NURZHOLY', 'road')).toBeDefined();
    expect(link('KZ_NURZHOLY', 'KZ_ALMATY', 'road')?.distanceKm).toBe(361);
    expect(network.nodeById.get('KZ_NURZHOLY')?.kinds).toEqual(['border']);
  });

  it('does not pull rail routes onto the road: the railway via Altynkol is shorter and faster', () => {
    for (const optimize of ['distance', 'time'] as const) {
      const route = findRoutes(network, 'CN_XIAN', 'KZ_ALMATY', { optimize }).routes[0];
      expect(
        route?.legs.filter((l) => l.mode === 'road'),
        optimize,
      ).toEqual([]);
      expect(stops(route), optimize).toContain('KZ_ALTYNKOL');
    }
  });

  it('carries the cargo when the railway is avoided, changing mode at the Khorgos railhead', () => {
    const route = findRoutes(network, 'CN_XIAN', 'KZ_ALMATY', { avoidNodes: ['KZ_ALTYNKOL'] }).routes[0];
    expect(route?.legs.slice(-2).map((l) => [l.to.id, l.mode])).toEqual([
      ['KZ_NURZHOLY', 'road'],
      ['KZ_ALMATY', 'road'],
    ]);
    expect(route?.events).toContainEqual(
      expect.objectContaining({ type: 'mode-change', at: expect.objectContaining({ id: 'CN_KHORGOS' }) }),
    );
    const byRail = findRoutes(network, 'CN_XIAN', 'KZ_ALMATY', { optimize: 'time' }).routes[0];
    // The truck↔train transfer at the railhead makes the road leg slower than the through train.
    expect(route?.durationHours).toBeGreaterThan(byRail?.durationHours ?? Number.POSITIVE_INFINITY);
  });
});

describe('domestic trips', () => {
  it('Altynkol to Dostyk stays in Kazakhstan by distance too, although 403 km through China is shorter', () => {
    for (const optimize of ['distance', 'time'] as const) {
      const route = findRoutes(network, 'KZ_ALTYNKOL', 'KZ_DOSTYK', { optimize }).routes[0];
      expect(route?.countries, optimize).toEqual(['KZ']);
      expect(stops(route), optimize).toEqual(['KZ_ZHETYGEN', 'KZ_USHTOBE', 'KZ_AKTOGAY', 'KZ_DOSTYK']);
    }
    // The way through China is still there when the trip is not domestic.
    const abroad = findRoutes(network, 'KZ_ALTYNKOL', 'KZ_DOSTYK', { via: ['CN_JINGHE'] }).routes[0];
    expect(abroad?.countries).toEqual(['KZ', 'CN', 'KZ']);
    expect(abroad?.distanceKm).toBeLessThan(500);
  });

  it('a trip between two countries may still cross a third', () => {
    const route = findRoutes(network, 'KZ_ALTYNKOL', 'KG_BISHKEK').routes[0];
    expect(route?.countries[0]).toBe('KZ');
    expect(route?.countries.at(-1)).toBe('KG');
  });
});

describe('INSTC: Baku–Astara–Rasht', () => {
  const overLand = { avoidSeas: ['caspian'] };

  it('crosses at Astara and trucks Astara–Rasht while the railway is being built', () => {
    const route = findRoutes(network, 'AZ_BAKU', 'IR_RASHT', { ...overLand, networkDate: TODAY }).routes[0];
    expect(stops(route)).toEqual(['AZ_ALAT', 'AZ_ASTARA', 'IR_ASTARA', 'IR_RASHT']);
    expect(route?.legs.at(-1)?.mode).toBe('road');
    const rail = link('IR_RASHT', 'IR_ASTARA');
    expect(rail?.status).toBe('planned');
    expect(rail?.distanceKm).toBe(162);
  });

  it('runs by rail to Rasht from the announced opening year', () => {
    const rail = link('IR_RASHT', 'IR_ASTARA');
    expect(rail?.opensOn).toBe('2028-01-01');
    const plan = findRoutes(network, 'AZ_BAKU', 'IR_RASHT', { ...overLand, networkDate: rail?.opensOn });
    expect(plan.networkDate).toBe('2028-01-01');
    const route = plan.routes[0];
    expect(stops(route)).toEqual(['AZ_ALAT', 'AZ_ASTARA', 'IR_ASTARA', 'IR_RASHT']);
    expect(route?.legs.every((l) => l.mode === 'rail')).toBe(true);
  });
});

describe('Kars–Nakhchivan (planned)', () => {
  it('is not routed before its opening date: Kars to Nakhchivan goes round through Iran', () => {
    const route = findRoutes(network, 'TR_KARS', 'AZ_NAKHCHIVAN', { networkDate: TODAY }).routes[0];
    expect(route?.countries).toContain('IR');
    expect(route?.distanceKm).toBeGreaterThan(1000);
  });

  it('runs directly once open', () => {
    const planned = link('TR_KARS', 'AZ_NAKHCHIVAN');
    expect(planned?.status).toBe('planned');
    expect(planned?.opensOn).toBe('2030-08-22');
    const route = findRoutes(network, 'TR_KARS', 'AZ_NAKHCHIVAN', { networkDate: planned?.opensOn })
      .routes[0];
    expect(route?.countries).toEqual(['TR', 'AZ']);
    expect(route?.legs).toHaveLength(1);
    const dayBefore = findRoutes(network, 'TR_KARS', 'AZ_NAKHCHIVAN', { networkDate: '2030-08-21' })
      .routes[0];
    expect(dayBefore?.countries).toContain('IR');
  });
});
