/** Facts about the corridors that planners rely on, checked over the embedded network. */
import { describe, expect, it } from 'vitest';
import { findRoutes, foldText, greatCircleKm, loadNetwork } from '../../src/domain/index.js';
import { domainErrorOf } from '../helpers/domain-error.js';
import { EMBEDDED_DIR } from '../helpers/test-app.js';

const network = loadNetwork(EMBEDDED_DIR);
const days = (hours: number | undefined) => (hours ?? 0) / 24;

describe('the embedded network', () => {
  it('has the size and coverage the product promises', () => {
    expect(network.nodes.length).toBeGreaterThanOrEqual(180);
    expect(network.links.length).toBeGreaterThanOrEqual(250);
    expect(network.countries.length).toBeGreaterThanOrEqual(30);
    for (const id of [
      'CN_XIAN',
      'CN_CHONGQING',
      'CN_CHENGDU',
      'CN_ZHENGZHOU',
      'CN_YIWU',
      'CN_WUHAN',
      'CN_URUMQI',
      'CN_LANZHOU',
      'CN_LIANYUNGANG',
      'CN_KASHGAR',
      'KZ_AKTAU',
      'KZ_KURYK',
      'AZ_ALAT',
      'GE_POTI',
      'GE_BATUMI',
      'GE_AKHALKALAKI',
      'TR_KARS',
      'TR_HALKALI',
      'TR_KAPIKULE',
      'RO_CONSTANTA',
      'TR_TATVAN',
      'TR_VAN',
      'DE_DUISBURG',
      'DE_HAMBURG',
    ]) {
      expect(network.nodeById.has(id), id).toBe(true);
    }
  });

  it('every record has a source, and links far above their great-circle distance say why', () => {
    for (const n of network.nodes) expect(n.source.length, n.id).toBeGreaterThan(3);
    for (const l of network.links) {
      expect(l.source.length, l.id).toBeGreaterThan(3);
      const a = network.nodeById.get(l.from);
      const b = network.nodeById.get(l.to);
      if (!a || !b) throw new Error(l.id);
      const ratio = l.distanceKm / greatCircleKm(a.lat, a.lon, b.lat, b.lon);
      if (ratio > 1.6) expect(l.notes, `${l.id} is ${ratio.toFixed(2)} x great-circle`).toBeTruthy();
    }
  });

  it('has both Caspian crossings to Alat, and Black Sea ferries from Poti and Batumi', () => {
    const ferry = (a: string, b: string) =>
      network.links.find(
        (l) =>
          l.mode === 'ferry' &&
          l.status === 'in-service' &&
          [l.from, l.to].sort().join() === [a, b].sort().join(),
      );
    expect(ferry('KZ_AKTAU', 'AZ_ALAT')?.sea).toBe('caspian');
    expect(ferry('KZ_KURYK', 'AZ_ALAT')?.sea).toBe('caspian');
    expect(ferry('TM_TURKMENBASHI', 'AZ_ALAT')?.sea).toBe('caspian');
    expect(ferry('GE_POTI', 'RO_CONSTANTA')?.sea).toBe('black-sea');
    expect(ferry('GE_BATUMI', 'RO_CONSTANTA')?.sea).toBe('black-sea');
    expect(ferry('TR_TATVAN', 'TR_VAN')?.sea).toBe('lake-van');
  });

  it('city names resolve to one main freight node each; Sarakhs is ambiguous', () => {
    for (const name of [
      'Istanbul',
      'Baku',
      'Aktau',
      'Duisburg',
      "Xi'an",
      'Constanța',
      'Constanta',
      'Poti',
      'Tbilisi',
    ]) {
      expect(network.places.byKey.get(foldText(name))?.length, name).toBe(1);
    }
    expect(domainErrorOf(() => findRoutes(network, 'Sarakhs', 'Duisburg')).code).toBe('AMBIGUOUS_PLACE');
  });
});

describe('corridors', () => {
  it("unconstrained, Xi'an to Duisburg is the Northern route through Russia and Belarus", () => {
    const route = findRoutes(network, "Xi'an", 'Duisburg').routes[0];
    expect(route?.countries).toEqual(expect.arrayContaining(['CN', 'KZ', 'RU', 'BY', 'PL', 'DE']));
    expect(route?.usesCaspianFerry).toBe(false);
  });

  it.each([
    ["Xi'an", 'Duisburg'],
    ['Chongqing', 'Warsaw'],
    ['Zhengzhou', 'Hamburg'],
    ['Chengdu', 'Budapest'],
    ['Yiwu', 'Rotterdam'],
    ['Wuhan', 'Prague'],
    ['Urumqi', 'Vienna'],
    ['Lianyungang', 'Milan'],
  ])('with RU and BY avoided, %s to %s crosses the Caspian by ferry', (origin, destination) => {
    const route = findRoutes(network, origin, destination, { avoid: ['RU', 'BY'] }).routes[0];
    expect(route?.usesCaspianFerry).toBe(true);
    expect(route?.countries).not.toContain('RU');
    expect(route?.countries).not.toContain('BY');
    // The container backbone is Aktau–Alat (seven feeder sailings a week), by distance and by time alike.
    for (const optimize of ['distance', 'time'] as const) {
      const r = findRoutes(network, origin, destination, { avoid: ['RU', 'BY'], optimize }).routes[0];
      expect(r?.legs.filter((l) => l.seaId === 'caspian').map((l) => l.from.id)).toEqual(['KZ_AKTAU']);
    }
  });

  it('by time, China to Europe and Istanbul without RU and BY runs Baku–Tbilisi–Kars and Marmaray, never by truck', () => {
    for (const destination of ['DE_DUISBURG', 'TR_HALKALI']) {
      const route = findRoutes(network, 'CN_XIAN', destination, { avoid: ['RU', 'BY'], optimize: 'time' })
        .routes[0];
      const stops = route?.legs.map((l) => l.to.id) ?? [];
      expect(stops).toEqual(expect.arrayContaining(['GE_AKHALKALAKI', 'TR_KARS', 'TR_HALKALI']));
      expect(route?.legs.filter((l) => l.mode === 'road')).toEqual([]);
      expect(route?.usesBlackSeaFerry).toBe(false);
    }
  });

  it('a trip inside Kazakhstan stays in Kazakhstan by time (no transhipment through China)', () => {
    const route = findRoutes(network, 'KZ_ALTYNKOL', 'KZ_DOSTYK', { optimize: 'time' }).routes[0];
    expect(route?.countries).toEqual(['KZ']);
  });

  it('with RU, BY and GE avoided, China to Europe needs Iran and the Lake Van ferry', () => {
    const route = findRoutes(network, "Xi'an", 'Duisburg', { avoid: ['RU', 'BY', 'GE'] }).routes[0];
    expect(route?.countries).toContain('IR');
    expect(route?.ferries.map((f) => f.seaId)).toContain('lake-van');
  });

  it('with RU, BY, GE and IR avoided there is no route, and each single country restores one', () => {
    const e = domainErrorOf(() =>
      findRoutes(network, "Xi'an", 'Duisburg', { avoid: ['RU', 'BY', 'GE', 'IR'] }),
    );
    expect(e.code).toBe('NO_ROUTE');
    const singles = (e.details.relaxations ?? [])
      .filter((r) => r.allow.length === 1)
      .map((r) => r.allow[0]?.value);
    expect(singles).toEqual(expect.arrayContaining(['GE', 'IR', 'RU']));
    for (const allow of singles) {
      const avoid = ['RU', 'BY', 'GE', 'IR'].filter((c) => c !== allow);
      expect(findRoutes(network, "Xi'an", 'Duisburg', { avoid }).routes).toHaveLength(1);
    }
  });

  it("alternatives=3 from Xi'an to Duisburg offer the Northern route and the Caspian routes via the Black Sea and via Turkey", () => {
    const routes = findRoutes(network, "Xi'an", 'Duisburg', { alternatives: 3 }).routes;
    expect(routes).toHaveLength(4);
    expect(routes[0]?.countries).toContain('RU');
    expect(routes.some((r) => r.usesCaspianFerry && r.usesBlackSeaFerry)).toBe(true);
    expect(
      routes.some(
        (r) =>
          r.usesCaspianFerry &&
          !r.usesBlackSeaFerry &&
          r.countries.includes('TR') &&
          r.legs.every((l) => l.mode !== 'ferry' || l.seaId === 'caspian'),
      ),
    ).toBe(true);
  });

  it('Batumi to Trabzon is a truck leg over the Sarp road crossing (no railway on the coast)', () => {
    const route = findRoutes(network, 'GE_BATUMI', 'TR_TRABZON').routes[0];
    expect(route?.legs.map((l) => [l.to.id, l.mode])).toEqual([
      ['GE_SARPI', 'road'],
      ['TR_SARP', 'road'],
      ['TR_TRABZON', 'road'],
    ]);
  });

  it('the Baku–Tbilisi–Kars line changes gauge at Akhalkalaki', () => {
    const route = findRoutes(network, 'AZ_BAKU', 'TR_KARS', { via: ['GE_AKHALKALAKI'] }).routes[0];
    expect(route?.events).toContainEqual(
      expect.objectContaining({
        type: 'gauge-change',
        at: expect.objectContaining({ id: 'GE_AKHALKALAKI' }),
        from: '1520',
        to: '1435',
      }),
    );
  });
});

describe('published transit times', () => {
  it("the Northern route Xi'an–Duisburg takes 12 to 16 days (record 9 d 19 h, never faster)", () => {
    const route = findRoutes(network, "Xi'an", 'Duisburg', { optimize: 'time' }).routes[0];
    expect(days(route?.durationHours)).toBeGreaterThanOrEqual(12);
    expect(days(route?.durationHours)).toBeLessThanOrEqual(16);
  });

  it('the Middle Corridor China–Europe takes about 20 to 30 days (2024 operations)', () => {
    for (const [origin, destination] of [
      ["Xi'an", 'Duisburg'],
      ['Chongqing', 'Budapest'],
    ]) {
      const route = findRoutes(network, origin as string, destination as string, {
        avoid: ['RU', 'BY', 'IR'],
        optimize: 'time',
      }).routes[0];
      expect(route?.usesCaspianFerry).toBe(true);
      expect(days(route?.durationHours)).toBeGreaterThanOrEqual(20);
      expect(days(route?.durationHours)).toBeLessThanOrEqual(30);
    }
  });

  it('CO2e per tonne: the Middle Corridor with two ferries emits more than the Northern route', () => {
    const north = findRoutes(network, "Xi'an", 'Duisburg').routes[0];
    const middle = findRoutes(network, "Xi'an", 'Duisburg', { avoid: ['RU', 'BY'] }).routes[0];
    expect(middle?.co2eKgPerTonne).toBeGreaterThan(north?.co2eKgPerTonne ?? 0);
  });
});
