/**
 * Legs without cargo figures are shared between answers (frozen, one per link, direction and first-or-not),
 * so sharing must never change what a leg says: the dwell before a leg exists only when it is not the first,
 * the direction decides the order of countries, and cargo figures make a leg of their own.
 */
import { describe, expect, it } from 'vitest';
import { findRoutes, loadNetwork } from '../../src/domain/index.js';
import { EMBEDDED_DIR } from '../helpers/test-app.js';

const network = loadNetwork(EMBEDDED_DIR);
const legFrom = (plan: ReturnType<typeof findRoutes>, from: string, to: string) => {
  const leg = plan.routes[0]?.legs.find((l) => l.from.id === from && l.to.id === to);
  if (!leg) throw new Error(`no leg ${from} → ${to}`);
  return leg;
};

describe('shared legs', () => {
  // A border node with a dwell of its own (Brest's customs); gauge changes are charged by links, not nodes.
  const brest = network.nodeById.get('BY_BREST');

  it('a leg leaving the origin has no dwell before it; the same link later in a route has the node dwell', () => {
    const fromBrest = findRoutes(network, 'BY_BREST', 'PL_WARSAW');
    const through = findRoutes(network, 'BY_MINSK', 'PL_WARSAW');
    const first = legFrom(fromBrest, 'BY_BREST', 'PL_TERESPOL');
    const later = legFrom(through, 'BY_BREST', 'PL_TERESPOL');
    expect(brest?.dwell).toBeGreaterThan(0);
    expect(first.dwellHours).toBe(0);
    expect(later.dwellHours).toBe(brest?.dwell);
    expect(later.durationHours).toBeCloseTo(first.durationHours + (brest?.dwell ?? Number.NaN), 5);
  });

  it('is one frozen object per link, direction and position, reused by every route', () => {
    const a = legFrom(findRoutes(network, 'CN_URUMQI', 'KZ_ASTANA'), 'KZ_DOSTYK', 'KZ_AKTOGAY');
    const b = legFrom(findRoutes(network, 'CN_ALASHANKOU', 'KZ_KARAGANDA'), 'KZ_DOSTYK', 'KZ_AKTOGAY');
    expect(b).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.countries)).toBe(true);
    expect(Object.isFrozen(a.from)).toBe(true);
    expect(() => {
      (a as { distanceKm: number }).distanceKm = 1;
    }).toThrow(TypeError);
  });

  it('reads the countries of a border link in the direction of travel', () => {
    const east = legFrom(findRoutes(network, 'CN_URUMQI', 'KZ_ASTANA'), 'CN_ALASHANKOU', 'KZ_DOSTYK');
    const west = legFrom(findRoutes(network, 'KZ_ASTANA', 'CN_URUMQI'), 'KZ_DOSTYK', 'CN_ALASHANKOU');
    expect(east.countries).toEqual(['CN', 'KZ']);
    expect(west.countries).toEqual(['KZ', 'CN']);
  });

  it('with cargo, legs are built for the request (not shared) and carry co2eKg', () => {
    const plain = legFrom(findRoutes(network, 'CN_URUMQI', 'KZ_ASTANA'), 'KZ_DOSTYK', 'KZ_AKTOGAY');
    const laden = legFrom(
      findRoutes(network, 'CN_URUMQI', 'KZ_ASTANA', { cargoTonnes: 20 }),
      'KZ_DOSTYK',
      'KZ_AKTOGAY',
    );
    expect(laden).not.toBe(plain);
    expect(laden.co2eKg).toBeCloseTo(plain.co2eKgPerTonne * 20, 5);
    expect(plain.co2eKg).toBeUndefined();
    const { co2eKg: _cargo, ...rest } = laden;
    expect(rest).toEqual(plain);
  });
});

describe('shared border crossings', () => {
  const crossingsAt = (plan: ReturnType<typeof findRoutes>, node: string) =>
    plan.routes[0]?.events.filter((e) => e.type === 'border-crossing' && e.at.id === node) ?? [];
  const alashankou = network.nodeById.get('CN_ALASHANKOU');
  const dostyk = network.nodeById.get('KZ_DOSTYK');
  const crossing = network.links.find((l) => l.id === 'CN_ALASHANKOU--KZ_DOSTYK--rail');

  it('are one frozen event per crossing and cost, reused by every route that crosses there alike', () => {
    const [a] = crossingsAt(findRoutes(network, 'CN_URUMQI', 'KZ_ASTANA'), 'KZ_DOSTYK');
    const [b] = crossingsAt(findRoutes(network, 'CN_URUMQI', 'KZ_KARAGANDA'), 'KZ_DOSTYK');
    expect(a).toBeDefined();
    expect(b).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(a).toMatchObject({ from: 'CN', to: 'KZ', at: { id: 'KZ_DOSTYK' } });
  });

  it('cost the exit formalities, the transhipment and the entry dwell of the crossing (not 0 at Dostyk)', () => {
    // Dostyk's own dwell is 0: its 1435->1520 transhipment is charged by the link from Alashankou, and the
    // Chinese exit formalities by Alashankou's dwell. The event reports what the crossing costs in all.
    const [through] = crossingsAt(findRoutes(network, 'CN_URUMQI', 'KZ_ASTANA'), 'KZ_DOSTYK');
    const [fromBorder] = crossingsAt(findRoutes(network, 'CN_ALASHANKOU', 'KZ_ASTANA'), 'KZ_DOSTYK');
    const handling = crossing?.handlingAtToHours ?? Number.NaN;
    expect(dostyk?.dwell).toBe(0);
    expect(handling).toBeGreaterThan(0);
    expect(alashankou?.dwell).toBeGreaterThan(0);
    expect(through?.dwellHours).toBe((alashankou?.dwell ?? Number.NaN) + handling);
    // Leaving from Alashankou, its exit formalities are not waited for (no dwell at the origin).
    expect(fromBorder?.dwellHours).toBe(handling);
    const gauge = findRoutes(network, 'CN_URUMQI', 'KZ_ASTANA').routes[0]?.events.find(
      (e) => e.type === 'gauge-change' && e.at.id === 'KZ_DOSTYK',
    );
    expect(gauge?.dwellHours).toBe(handling);
  });

  it('read the link in the direction of travel: the other way is another event', () => {
    const [east] = crossingsAt(findRoutes(network, 'CN_URUMQI', 'KZ_ASTANA'), 'KZ_DOSTYK');
    const [west] = crossingsAt(findRoutes(network, 'KZ_ASTANA', 'CN_URUMQI'), 'CN_ALASHANKOU');
    expect(east).toMatchObject({ from: 'CN', to: 'KZ' });
    expect(west).toMatchObject({ from: 'KZ', to: 'CN' });
    // Westbound-in-reverse: Dostyk's exit side (dwell 0, transhipment on the link) and Alashankou's dwell.
    expect(west?.dwellHours).toBe(
      (dostyk?.dwell ?? Number.NaN) + (crossing?.handlingAtToHours ?? Number.NaN) + (alashankou?.dwell ?? 0),
    );
  });
});
