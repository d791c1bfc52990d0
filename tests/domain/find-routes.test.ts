import { describe, expect, it } from 'vitest';
import { DomainError, findRoutes } from '../../src/domain/index.js';
import { inlineNetwork } from '../helpers/inline-network.js';

// A ladder: A (KZ) to D (DE) either through RU (short) or through AZ with a parallel rail/ferry pair.
//   KZ_A --- RU_B --- DE_D
//     \                /
//      AZ_C ======= GE_E      (AZ_C–GE_E: rail 700 km and ferry 650 km in parallel)
const nodes = [
  { id: 'KZ_A', lat: 45, lon: 60, aliases: ['Alpha'] },
  { id: 'RU_B', lat: 50, lon: 40 },
  { id: 'DE_D', lat: 51, lon: 10 },
  { id: 'AZ_C', lat: 40, lon: 49, kinds: ['port', 'rail'] },
  { id: 'GE_E', lat: 42, lon: 42, kinds: ['port', 'rail'] },
];
const links = [
  { from: 'KZ_A', to: 'RU_B', distanceKm: 2000 },
  { from: 'RU_B', to: 'DE_D', distanceKm: 2500 },
  { from: 'KZ_A', to: 'AZ_C', distanceKm: 1200 },
  { from: 'AZ_C', to: 'GE_E', distanceKm: 700 },
  {
    from: 'AZ_C',
    to: 'GE_E',
    mode: 'ferry',
    sea: 'caspian',
    sailingHours: 20,
    sailingsPerWeek: 3.5,
    distanceKm: 650,
  },
  { from: 'GE_E', to: 'DE_D', distanceKm: 2800 },
];

describe('findRoutes', () => {
  const network = inlineNetwork(nodes, links);

  it('finds the shortest route by distance when nothing is avoided', () => {
    const plan = findRoutes(network, 'KZ_A', 'DE_D');
    expect(plan.routes[0]?.countries).toEqual(['KZ', 'RU', 'DE']);
    expect(plan.routes[0]?.distanceKm).toBe(4500);
  });

  it('respects avoided countries: no node and no link in them', () => {
    const plan = findRoutes(network, 'KZ_A', 'DE_D', { avoid: ['ru'] });
    const route = plan.routes[0];
    expect(route?.countries).not.toContain('RU');
    for (const leg of route?.legs ?? []) expect(leg.countries).not.toContain('RU');
    expect(plan.avoid).toEqual(['RU']);
  });

  it('reports the link actually used between two nodes joined by parallel rail and ferry links', () => {
    const plan = findRoutes(network, 'KZ_A', 'DE_D', { avoid: ['RU'] });
    const crossing = plan.routes[0]?.legs.find((l) => l.from.id === 'AZ_C');
    expect(crossing?.mode).toBe('ferry');
    expect(crossing?.sea).toBe('Caspian Sea');
    expect(crossing?.seaId).toBe('caspian');
    expect(crossing?.distanceKm).toBe(650);
    expect(plan.routes[0]?.usesCaspianFerry).toBe(true);
    expect(plan.routes[0]?.ferries).toHaveLength(1);
  });

  it('takes the rail link of the parallel pair when ferries are avoided', () => {
    const plan = findRoutes(network, 'KZ_A', 'DE_D', { avoid: ['RU'], avoidModes: ['ferry'] });
    const crossing = plan.routes[0]?.legs.find((l) => l.from.id === 'AZ_C');
    expect(crossing?.mode).toBe('rail');
    expect(plan.routes[0]?.usesCaspianFerry).toBe(false);
    expect(plan.routes[0]?.ferries).toEqual([]);
  });

  it('accepts alpha-3 codes and normalises them to sorted alpha-2', () => {
    const plan = findRoutes(network, 'KZ_A', 'DE_D', { avoid: ['RUS', 'blr'] });
    expect(plan.avoid).toEqual(['BY', 'RU']);
  });

  it('legs are contiguous from origin to destination and add up to the totals', () => {
    const plan = findRoutes(network, 'KZ_A', 'DE_D', { avoid: ['RU'] });
    const route = plan.routes[0];
    if (!route) throw new Error('no route');
    const legs = route.legs;
    expect(legs[0]?.from.id).toBe('KZ_A');
    expect(route.legs.at(-1)?.to.id).toBe('DE_D');
    legs.forEach((leg, i) => {
      if (i > 0) expect(leg.from.id).toBe(legs[i - 1]?.to.id);
      expect(leg.durationHours).toBeCloseTo(leg.movingHours + leg.dwellHours, 6);
    });
    const sum = (f: (l: (typeof legs)[number]) => number) =>
      Math.round(legs.reduce((a, l) => a + f(l), 0) * 10) / 10;
    expect(route.distanceKm).toBe(sum((l) => l.distanceKm));
    expect(route.durationHours).toBe(sum((l) => l.durationHours));
    expect(route.co2eKgPerTonne).toBe(sum((l) => l.co2eKgPerTonne));
  });

  it('raises ENDPOINT_IN_AVOIDED_COUNTRY when the origin lies in an avoided country', () => {
    const error = (() => {
      try {
        findRoutes(network, 'KZ_A', 'DE_D', { avoid: ['KZ'] });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('ENDPOINT_IN_AVOIDED_COUNTRY');
    expect((error as DomainError).details.parameter).toBe('origin');
  });

  it('raises UNKNOWN_COUNTRY naming a code that is not ISO 3166-1', () => {
    expect(() => findRoutes(network, 'KZ_A', 'DE_D', { avoid: ['RU', 'XX'] })).toThrowError(/"XX"/);
  });

  it('accepts a valid country code that has no node in the network', () => {
    expect(findRoutes(network, 'KZ_A', 'DE_D', { avoid: ['FR'] }).routes).toHaveLength(1);
  });

  it('explains an unreachable destination with the constraints that block it and the smallest relaxations', () => {
    try {
      findRoutes(network, 'KZ_A', 'DE_D', { avoid: ['RU', 'GE'] });
      expect.unreachable();
    } catch (e) {
      const error = e as DomainError;
      expect(error.code).toBe('NO_ROUTE');
      expect(error.details.relaxations).toEqual([
        { allow: [{ kind: 'country', value: 'GE' }] },
        { allow: [{ kind: 'country', value: 'RU' }] },
      ]);
      expect(error.details.blockedBy?.map((c) => c.value)).toEqual(['GE', 'RU']);
    }
  });

  it('does not report a country in blockedBy when lifting it alone or with others never helps', () => {
    try {
      findRoutes(network, 'KZ_A', 'DE_D', { avoid: ['RU', 'GE', 'FR'] });
      expect.unreachable();
    } catch (e) {
      expect((e as DomainError).details.blockedBy?.map((c) => c.value)).toEqual(['GE', 'RU']);
    }
  });

  it('resolves names ignoring case, accents and punctuation', () => {
    expect(findRoutes(network, ' alpha ', 'de_d').origin.id).toBe('KZ_A');
  });

  it('rejects the same place as origin and destination', () => {
    expect(() => findRoutes(network, 'KZ_A', 'alpha')).toThrowError(DomainError);
  });

  it('passes through via points in order', () => {
    const plan = findRoutes(network, 'KZ_A', 'DE_D', { via: ['GE_E'] });
    expect(plan.routes[0]?.legs.map((l) => l.to.id)).toContain('GE_E');
    expect(plan.routes[0]?.comparedToUnconstrained?.extraDistanceKm).toBe(1200 + 650 + 2800 - (2000 + 2500));
  });
});
