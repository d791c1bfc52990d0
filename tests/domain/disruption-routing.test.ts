/**
 * Disruption-aware routing on tiny inline networks: closures exclude a node, link, sea or country's borders
 * while in force at the time the cargo gets there; delays add dwell; the answer names what it passed and what
 * moved it; NO_ROUTE names closures like any constraint.
 */
import { describe, expect, it } from 'vitest';
import { type Disruption, findRoutes } from '../../src/domain/index.js';
import { checkDisruptionTarget } from '../../src/domain/live/check-disruption-target.js';
import { domainErrorOf } from '../helpers/domain-error.js';
import { inlineNetwork } from '../helpers/inline-network.js';

const DEPART = new Date('2026-12-01T00:00:00Z');
const at = (hours: number) => new Date(DEPART.getTime() + hours * 3_600_000).toISOString();

/** A closure or delay from `from` to `until` hours after the departure (until null: open-ended). */
function disruption(
  id: string,
  target: Disruption['target'],
  from: number,
  until: number | null,
  extraHours?: number,
): Disruption {
  return {
    id,
    version: 1,
    target,
    effect: extraHours === undefined ? 'closed' : 'delay',
    ...(extraHours === undefined ? {} : { extraHours }),
    startsAt: at(from),
    endsAt: until === null ? null : at(until),
    reason: `test ${id}`,
    source: 'https://example.org/notice',
  };
}

// Two ways from A to D: through B (400 + 400 km, 10 h + 10 h at 40 km/h) or through C (600 + 600 km).
//   KZ_A --- KZ_B --- KZ_D
//     \               /
//      KZ_C ---------
const network = inlineNetwork(
  [
    { id: 'KZ_A', lat: 45, lon: 60 },
    { id: 'KZ_B', lat: 45, lon: 61 },
    { id: 'KZ_C', lat: 45.5, lon: 61 },
    { id: 'KZ_D', lat: 45, lon: 62 },
  ],
  [
    { from: 'KZ_A', to: 'KZ_B', distanceKm: 400 },
    { from: 'KZ_B', to: 'KZ_D', distanceKm: 400 },
    { from: 'KZ_A', to: 'KZ_C', distanceKm: 600 },
    { from: 'KZ_C', to: 'KZ_D', distanceKm: 600 },
  ],
);
const via = (plan: ReturnType<typeof findRoutes>) =>
  plan.routes[0]?.legs.map((l) => l.to.id).join(',') ?? 'none';
const plan = (disruptions: Disruption[], extra: Parameters<typeof findRoutes>[3] = {}) =>
  findRoutes(network, 'KZ_A', 'KZ_D', { disruptions, departAt: DEPART, ...extra });

describe('closures', () => {
  it('excludes a node closed for the whole trip and names it in disruptionsAvoided', () => {
    const p = plan([disruption('storm', { kind: 'node', id: 'KZ_B' }, -5, null)]);
    expect(via(p)).toBe('KZ_C,KZ_D');
    expect(p.disruptionsAvoided.map((d) => d.id)).toEqual(['storm']);
    expect(p.disruptionsAvoided[0]?.reachedAt).toBe(at(10));
    expect(p.routes[0]?.disruptions).toEqual([]);
    expect(p.departAt).toBe(DEPART.toISOString());
    expect(p.warnings).toContain('Closure storm (node KZ_B) moved the plan off its best undisrupted route');
  });

  it('applies a closure in force when the cargo reaches the node (hour 10 inside 8-12)', () => {
    expect(via(plan([disruption('c', { kind: 'node', id: 'KZ_B' }, 8, 12)]))).toBe('KZ_C,KZ_D');
  });

  it('ignores a closure that ends before the cargo arrives', () => {
    const p = plan([disruption('c', { kind: 'node', id: 'KZ_B' }, -5, 9)]);
    expect(via(p)).toBe('KZ_B,KZ_D');
    expect(p.disruptionsAvoided).toEqual([]);
  });

  it('ignores a closure that starts after the cargo has passed', () => {
    expect(via(plan([disruption('c', { kind: 'node', id: 'KZ_B' }, 11, null)]))).toBe('KZ_B,KZ_D');
  });

  it('times a link closure from when the cargo sets off on the link', () => {
    // The cargo leaves B at hour 10: a closure of B--D from 10 applies, one ending at 10 does not.
    expect(via(plan([disruption('l', { kind: 'link', id: 'KZ_B--KZ_D--rail' }, 10, 20)]))).toBe('KZ_C,KZ_D');
    expect(via(plan([disruption('l', { kind: 'link', id: 'KZ_B--KZ_D--rail' }, 0, 10)]))).toBe('KZ_B,KZ_D');
  });

  it('finds a link by its id written in either direction', () => {
    expect(via(plan([disruption('l', { kind: 'link', id: 'KZ_B--KZ_A--rail' }, 0, null)]))).toBe('KZ_C,KZ_D');
  });

  it('ignores disruptions on elements the network does not have, and those ended before the departure', () => {
    const p = plan([
      disruption('elsewhere', { kind: 'node', id: 'KZ_NOWHERE' }, -5, null),
      disruption('over', { kind: 'node', id: 'KZ_B' }, -50, -1),
    ]);
    expect(via(p)).toBe('KZ_B,KZ_D');
    expect(p.disruptionsAvoided).toEqual([]);
  });

  it('plans on the static network with ignoreDisruptions', () => {
    const p = plan([disruption('storm', { kind: 'node', id: 'KZ_B' }, -5, null)], {
      ignoreDisruptions: true,
    });
    expect(via(p)).toBe('KZ_B,KZ_D');
    expect(p.disruptionsAvoided).toEqual([]);
    expect(p.departAt).toBeUndefined();
  });

  it('takes the departure from the clock when none is given', () => {
    const closure = disruption('c', { kind: 'node', id: 'KZ_B' }, 8, 12);
    const clock = (hours: number) => () => new Date(DEPART.getTime() + hours * 3_600_000);
    expect(via(findRoutes(network, 'KZ_A', 'KZ_D', { disruptions: [closure], clock: clock(0) }))).toBe(
      'KZ_C,KZ_D',
    );
    // Departing 3 h later, the cargo reaches B at hour 13, after the closure.
    const later = findRoutes(network, 'KZ_A', 'KZ_D', { disruptions: [closure], clock: clock(3) });
    expect(via(later)).toBe('KZ_B,KZ_D');
    expect(later.departAt).toBe(at(3));
  });
});

describe('seas and countries', () => {
  // KZ_P -(Caspian ferry)- AZ_Q -- GE_R, and a land way KZ_P -- TM_S -- GE_R that is longer.
  const sea = inlineNetwork(
    [
      { id: 'KZ_P', lat: 43.6, lon: 51.2, kinds: ['port', 'rail'] },
      { id: 'AZ_Q', lat: 40.0, lon: 49.4, kinds: ['port', 'rail'] },
      { id: 'GE_R', lat: 41.7, lon: 44.8 },
      { id: 'TM_S', lat: 40.0, lon: 53.0 },
    ],
    [
      {
        from: 'KZ_P',
        to: 'AZ_Q',
        mode: 'ferry',
        sea: 'caspian',
        sailingHours: 20,
        sailingsPerWeek: 7,
        distanceKm: 460,
      },
      { from: 'AZ_Q', to: 'GE_R', distanceKm: 550 },
      { from: 'KZ_P', to: 'TM_S', distanceKm: 900 },
      { from: 'TM_S', to: 'GE_R', distanceKm: 1500 },
    ],
  );
  const d = (x: Disruption) =>
    findRoutes(sea, 'KZ_P', 'GE_R', { disruptions: [x], departAt: DEPART }).routes[0]?.countries;

  it('closes every ferry link on a closed sea', () => {
    expect(d(disruption('s', { kind: 'sea', id: 'caspian' }, 0, 100))).toEqual(['KZ', 'TM', 'GE']);
  });

  it("closes every border crossing into or out of a closed country's borders", () => {
    expect(d(disruption('c', { kind: 'country', id: 'AZ' }, 0, 100))).toEqual(['KZ', 'TM', 'GE']);
    // Alpha-3 codes name the same country.
    expect(d(disruption('c', { kind: 'country', id: 'AZE' }, 0, 100))).toEqual(['KZ', 'TM', 'GE']);
  });
});

describe('delays', () => {
  it('adds extra dwell where a delay is in force, and lists it with the hours it added', () => {
    const p = plan([disruption('queue', { kind: 'node', id: 'KZ_B' }, 0, 100, 30)]);
    const route = p.routes[0];
    expect(via(p)).toBe('KZ_B,KZ_D');
    expect(route?.durationHours).toBe(50);
    expect(route?.legs[1]?.dwellHours).toBe(30);
    expect(route?.legs[1]?.durationHours).toBe(40);
    expect(route?.disruptions).toEqual([
      expect.objectContaining({
        id: 'queue',
        effect: 'delay',
        extraHours: 30,
        addedHours: 30,
        reachedAt: at(10),
      }),
    ]);
    expect(p.warnings.join(' ')).toContain('queue');
  });

  it('makes a time-optimised plan go round a long delay', () => {
    const p = plan([disruption('queue', { kind: 'node', id: 'KZ_B' }, 0, 100, 30)], { optimize: 'time' });
    expect(via(p)).toBe('KZ_C,KZ_D');
    expect(p.routes[0]?.durationHours).toBe(30);
    expect(p.routes[0]?.disruptions).toEqual([]);
  });

  it('adds nothing when the delay is not in force as the cargo passes', () => {
    const p = plan([disruption('queue', { kind: 'node', id: 'KZ_B' }, 12, 100, 30)]);
    expect(p.routes[0]?.durationHours).toBe(20);
    expect(p.routes[0]?.disruptions).toEqual([]);
  });

  it('shifts later closures by the delay: a delayed cargo meets a closure it would have missed', () => {
    // A 5 h delay at A (leaving at hour 5) brings the cargo to B at hour 15, inside a closure from 14.
    const p = plan([
      disruption('queue', { kind: 'node', id: 'KZ_A' }, 0, 100, 5),
      disruption('late', { kind: 'node', id: 'KZ_B' }, 14, 20),
    ]);
    expect(via(p)).toBe('KZ_C,KZ_D');
    expect(via(plan([disruption('late', { kind: 'node', id: 'KZ_B' }, 14, 20)]))).toBe('KZ_B,KZ_D');
  });
});

describe('no route', () => {
  it('names a closure in blockedBy and relaxations like any constraint', () => {
    const e = domainErrorOf(() =>
      plan([disruption('port-shut', { kind: 'node', id: 'KZ_D' }, 0, null)], { avoidNodes: ['KZ_C'] }),
    );
    expect(e.code).toBe('NO_ROUTE');
    expect(e.details.blockedBy).toEqual([{ kind: 'disruption', value: 'port-shut' }]);
    expect(e.details.relaxations).toEqual([{ allow: [{ kind: 'disruption', value: 'port-shut' }] }]);
    expect(e.message).toContain('closure port-shut');
  });

  it('offers each smallest relaxation: the closure, or the avoided node', () => {
    const e = domainErrorOf(() =>
      plan([disruption('b-shut', { kind: 'node', id: 'KZ_B' }, 0, null)], { avoidNodes: ['KZ_C'] }),
    );
    expect(e.details.relaxations).toEqual(
      expect.arrayContaining([
        { allow: [{ kind: 'node', value: 'KZ_C' }] },
        { allow: [{ kind: 'disruption', value: 'b-shut' }] },
      ]),
    );
    expect(e.details.relaxations).toHaveLength(2);
  });
});

describe('disruption targets', () => {
  it('spells a link id as its network does, in any case, and names close ids for one it lacks', () => {
    expect(checkDisruptionTarget(network, { kind: 'link', id: ' kz_a--kz_b--RAIL ' })).toEqual({
      ok: true,
      target: { kind: 'link', id: 'KZ_A--KZ_B--rail' },
    });
    const missing = checkDisruptionTarget(network, { kind: 'link', id: 'KZ_A--KZ_D--rail' });
    expect(missing.ok).toBe(false);
    expect(missing.ok ? '' : missing.message).toBe(
      'no link of the network has id "KZ_A--KZ_D--rail" (link ids are FROM--TO--mode) (did you mean KZ_A--KZ_B--rail, KZ_A--KZ_C--rail?)',
    );
  });
});
