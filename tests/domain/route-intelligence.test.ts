import { describe, expect, it } from 'vitest';
import { DomainError, findRoutes, type Network } from '../../src/domain/index.js';
import { domainErrorOf } from '../helpers/domain-error.js';
import { inlineNetwork } from '../helpers/inline-network.js';

// Three corridors from CN_O to DE_D:
//   north:  CN_O - RU_N - BY_B - DE_D                       (shortest, 1520 in RU/BY)
//   middle: CN_O - KZ_K =caspian ferry= AZ_A - GE_G =black sea ferry= RO_R - DE_D
//           GE_G - TR_T - DE_D                            (rail via Turkey)
//   south:  KZ_K - IR_I - TR_T
//   plus a one-station detour of the north: RU_N - RU_M - BY_B
const nodes = [
  { id: 'CN_O', lat: 40, lon: 100 },
  { id: 'RU_N', lat: 52, lon: 60, kinds: ['rail'] },
  { id: 'RU_M', lat: 53, lon: 45 },
  { id: 'BY_B', lat: 52, lon: 24, kinds: ['rail', 'border'] },
  { id: 'DE_D', lat: 51, lon: 7 },
  { id: 'KZ_K', lat: 43.6, lon: 51.2, kinds: ['port'], dwellHours: 24 },
  { id: 'AZ_A', lat: 40, lon: 49.4, kinds: ['port'], dwellHours: 24 },
  { id: 'GE_G', lat: 42.1, lon: 41.7, kinds: ['port'], dwellHours: 10 },
  { id: 'RO_R', lat: 44.2, lon: 28.7, kinds: ['port'], dwellHours: 24 },
  { id: 'TR_T', lat: 41, lon: 29 },
  { id: 'IR_I', lat: 36, lon: 52 },
];
const links = [
  { from: 'CN_O', to: 'RU_N', distanceKm: 4500, gauge: 1520 },
  { from: 'RU_N', to: 'BY_B', distanceKm: 2600, gauge: 1520 },
  { from: 'RU_N', to: 'RU_M', distanceKm: 1200, gauge: 1520 },
  { from: 'RU_M', to: 'BY_B', distanceKm: 1500, gauge: 1520 },
  { from: 'BY_B', to: 'DE_D', distanceKm: 1300, gauge: 1435, electrified: true },
  { from: 'CN_O', to: 'KZ_K', distanceKm: 5000, gauge: 1520 },
  {
    from: 'KZ_K',
    to: 'AZ_A',
    mode: 'ferry',
    sea: 'caspian',
    distanceKm: 450,
    sailingHours: 20,
    sailingsPerWeek: 2,
  },
  { from: 'AZ_A', to: 'GE_G', distanceKm: 900, gauge: 1520 },
  {
    from: 'GE_G',
    to: 'RO_R',
    mode: 'ferry',
    sea: 'black-sea',
    distanceKm: 1150,
    sailingHours: 60,
    sailingsPerWeek: 1,
  },
  { from: 'RO_R', to: 'DE_D', distanceKm: 1900, gauge: 1435, electrified: true },
  { from: 'GE_G', to: 'TR_T', distanceKm: 1800, gauge: 1435 },
  { from: 'TR_T', to: 'DE_D', distanceKm: 2300, gauge: 1435, electrified: true },
  { from: 'KZ_K', to: 'IR_I', distanceKm: 1400, gauge: 1435 },
  { from: 'IR_I', to: 'TR_T', distanceKm: 2700, gauge: 1435 },
];
const network: Network = inlineNetwork(nodes, links);

describe('alternatives', () => {
  it('returns meaningfully different corridors best first, never a one-station detour', () => {
    const plan = findRoutes(network, 'CN_O', 'DE_D', { alternatives: 3 });
    const signatures = plan.routes.map(
      (r) => `${r.countries.join('>')}|${r.ferries.map((f) => f.seaId).join('>')}`,
    );
    expect(new Set(signatures).size).toBe(plan.routes.length);
    expect(plan.routes[0]?.countries).toEqual(['CN', 'RU', 'BY', 'DE']);
    // The RU_M detour has the same countries as the best route: never offered.
    for (const r of plan.routes.slice(1)) expect(r.countries).not.toEqual(['CN', 'RU', 'BY', 'DE']);
    const distances = plan.routes.map((r) => r.distanceKm);
    expect([...distances].sort((a, b) => a - b)).toEqual(distances);
    expect(plan.routes).toHaveLength(4);
    const caspianBlackSea = plan.routes.find((r) => r.usesCaspianFerry && r.usesBlackSeaFerry);
    const caspianTurkey = plan.routes.find((r) => r.usesCaspianFerry && !r.usesBlackSeaFerry);
    expect(caspianBlackSea).toBeDefined();
    expect(caspianTurkey?.countries).toContain('TR');
  });

  it('returns fewer alternatives than asked, with a warning, when fewer exist', () => {
    const plan = findRoutes(network, 'CN_O', 'DE_D', { alternatives: 5, avoid: ['RU', 'BY'] });
    expect(plan.routes.length).toBeLessThan(6);
    expect(plan.warnings.join(' ')).toMatch(/alternatives requested/);
  });
});

describe('filters', () => {
  it('avoidSeas accepts an id or a name and never uses that sea', () => {
    for (const sea of ['black-sea', 'Black Sea', 'BLACK SEA']) {
      const plan = findRoutes(network, 'CN_O', 'DE_D', { avoid: ['RU'], avoidSeas: [sea] });
      expect(plan.avoidSeas).toEqual(['black-sea']);
      expect(plan.routes[0]?.usesBlackSeaFerry).toBe(false);
    }
  });

  it('avoidModes=ferry keeps every leg on land', () => {
    const plan = findRoutes(network, 'CN_O', 'DE_D', { avoid: ['RU'], avoidModes: ['ferry'] });
    expect(plan.routes[0]?.legs.every((l) => l.mode !== 'ferry')).toBe(true);
    expect(plan.routes[0]?.countries).toContain('IR');
  });

  it('avoidNodes never passes through the node', () => {
    const plan = findRoutes(network, 'CN_O', 'DE_D', { avoidNodes: ['BY_B'] });
    expect(plan.routes[0]?.legs.some((l) => l.from.id === 'BY_B' || l.to.id === 'BY_B')).toBe(false);
    expect(plan.avoidNodes).toEqual(['BY_B']);
  });

  it('via forces the waypoints in order', () => {
    const plan = findRoutes(network, 'CN_O', 'DE_D', { via: ['KZ_K', 'TR_T'] });
    const stops = plan.routes[0]?.legs.map((l) => l.to.id) ?? [];
    expect(stops.indexOf('KZ_K')).toBeGreaterThanOrEqual(0);
    expect(stops.indexOf('TR_T')).toBeGreaterThan(stops.indexOf('KZ_K'));
  });

  it('reports the cost of the constraints against the best unconstrained route', () => {
    const free = findRoutes(network, 'CN_O', 'DE_D').routes[0];
    const constrained = findRoutes(network, 'CN_O', 'DE_D', { avoid: ['RU'] }).routes[0];
    expect(free?.comparedToUnconstrained).toBeUndefined();
    expect(constrained?.comparedToUnconstrained?.extraDistanceKm).toBeCloseTo(
      (constrained?.distanceKm ?? 0) - (free?.distanceKm ?? 0),
      6,
    );
  });
});

describe('cost models', () => {
  it('optimize=time counts ferry waiting and dwell, and can prefer a longer route', () => {
    // Without RU: by distance the Black Sea ferry (8500 km) beats Turkey by rail (9550 km)...
    const byDistance = findRoutes(network, 'CN_O', 'DE_D', { avoid: ['RU'] }).routes[0];
    expect(byDistance?.usesBlackSeaFerry).toBe(true);
    // ...but a weekly sailing (84 h expected wait) and 60 h at sea make rail via Turkey faster.
    const byTime = findRoutes(network, 'CN_O', 'DE_D', { avoid: ['RU'], optimize: 'time' }).routes[0];
    expect(byTime?.usesBlackSeaFerry).toBe(false);
    expect(byTime?.durationHours).toBeLessThan(byDistance?.durationHours ?? 0);
    const ferry = byDistance?.legs.find((l) => l.seaId === 'black-sea');
    expect(ferry?.movingHours).toBe(60);
    expect(ferry?.dwellHours).toBe(10 + 84); // dwell at Poti + half the weekly interval
  });

  it('optimize=co2 reports per-tonne and, with cargoTonnes, total CO2e', () => {
    const plan = findRoutes(network, 'CN_O', 'DE_D', { optimize: 'co2', cargoTonnes: 20 });
    const route = plan.routes[0];
    const leg = route?.legs.find((l) => l.to.id === 'DE_D');
    // 1300 km electric rail at 10 g/tkm = 13 kg per tonne.
    expect(leg?.co2eKgPerTonne).toBe(13);
    expect(leg?.co2eKg).toBe(260);
    expect(route?.co2eKg).toBeCloseTo((route?.co2eKgPerTonne ?? 0) * 20, 0);
  });
});

describe('events', () => {
  it('lists gauge changes, mode changes and border crossings where they happen', () => {
    const route = findRoutes(network, 'CN_O', 'DE_D', { avoid: ['RU'] }).routes[0];
    const events = route?.events ?? [];
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'mode-change',
        at: expect.objectContaining({ id: 'KZ_K' }),
        from: 'rail',
        to: 'ferry',
      }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'gauge-change',
        at: expect.objectContaining({ id: 'RO_R' }),
        from: '1520',
        to: '1435',
      }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'border-crossing',
        at: expect.objectContaining({ id: 'AZ_A' }),
        from: 'KZ',
        to: 'AZ',
      }),
    );
  });
});

describe('explained no-route', () => {
  it('every relaxation restores a route, and no smaller subset of one does', () => {
    const avoid = ['RU', 'GE', 'IR'];
    const error = domainErrorOf(() => findRoutes(network, 'CN_O', 'DE_D', { avoid }));
    expect(error.code).toBe('NO_ROUTE');
    const relaxations = error.details.relaxations ?? [];
    expect(relaxations.length).toBeGreaterThan(0);
    for (const r of relaxations) {
      const lifted = r.allow.map((c) => c.value);
      const remaining = avoid.filter((c) => !lifted.includes(c));
      expect(findRoutes(network, 'CN_O', 'DE_D', { avoid: remaining }).routes.length).toBe(1);
      for (const keep of lifted) {
        const smaller = avoid.filter((c) => !lifted.includes(c) || c === keep);
        if (lifted.length > 1)
          expect(() => findRoutes(network, 'CN_O', 'DE_D', { avoid: smaller })).toThrowError(DomainError);
      }
    }
    expect(relaxations.map((r) => r.allow.map((c) => c.value).join('+')).sort()).toEqual(['GE', 'IR', 'RU']);
  });

  it('finds pairs when no single constraint suffices', () => {
    // Without RU, GE and IR, and with both KZ_K exits cut, only lifting pairs helps.
    const error = domainErrorOf(() => findRoutes(network, 'CN_O', 'DE_D', { avoid: ['RU', 'AZ', 'IR'] }));
    const sets = (error.details.relaxations ?? [])
      .map((r) =>
        r.allow
          .map((c) => c.value)
          .sort()
          .join('+'),
      )
      .sort();
    expect(sets).toEqual(['AZ', 'IR', 'RU']);
    const error2 = domainErrorOf(() =>
      findRoutes(network, 'CN_O', 'DE_D', { avoid: ['RU', 'KZ'], avoidNodes: ['BY_B'] }),
    );
    expect(
      error2.details.relaxations
        ?.map((r) =>
          r.allow
            .map((c) => `${c.kind}:${c.value}`)
            .sort()
            .join('+'),
        )
        .sort(),
    ).toEqual(['country:KZ', 'country:RU+node:BY_B']);
  });
});
