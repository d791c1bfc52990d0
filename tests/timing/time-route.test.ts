/**
 * The timing model on small literal networks: ferry waits follow the timetable, weather closures and dwell
 * distributions widen the range, live disruptions apply when the cargo gets there, the same query gives the
 * same figures, and with optimize=time the corridor chosen depends on the departure date.
 */
import { describe, expect, it } from 'vitest';
import {
  type Disruption,
  findDatedRoutes,
  findRoutes,
  type Network,
  timeRoute,
  validateTimingRecords,
} from '../../src/domain/index.js';
import { seedFromJoined, seedFromText } from '../../src/domain/timing/seeded-random.js';
import { domainErrorOf } from '../helpers/domain-error.js';
import { inlineNetwork } from '../helpers/inline-network.js';

const H = 3_600_000;
const D = 24 * H;

/** KZ_A --rail 400 km (10 h)-- KZ_PORT ==ferry 20 h== AZ_PORT --rail 400 km (10 h)-- AZ_B, dwell 12 h at each port. */
function ferryLine(timing: Parameters<typeof validateTimingRecords>[0] = {}): Network {
  const network = inlineNetwork(
    [
      { id: 'KZ_A', lat: 45, lon: 60 },
      { id: 'KZ_PORT', lat: 43.6, lon: 56, kinds: ['port'], dwellHours: 12 },
      { id: 'AZ_PORT', lat: 40, lon: 50, kinds: ['port'], dwellHours: 12 },
      { id: 'AZ_B', lat: 40.5, lon: 46, dwellHours: 0 },
    ],
    [
      { from: 'KZ_A', to: 'KZ_PORT', distanceKm: 400 },
      {
        from: 'KZ_PORT',
        to: 'AZ_PORT',
        mode: 'ferry',
        sea: 'caspian',
        distanceKm: 700,
        sailingHours: 20,
        sailingsPerWeek: 1,
      },
      { from: 'AZ_PORT', to: 'AZ_B', distanceKm: 400 },
    ],
  );
  network.timing = validateTimingRecords(timing, network);
  return network;
}

const weeklyFriday = {
  timetables: {
    file: 'timetables.json',
    records: [
      {
        link: 'KZ_PORT--AZ_PORT--ferry',
        weekly: [{ day: 'Fri', time: '12:00' }],
        source: 'test',
        asOf: '2026-01-01',
      },
    ],
  },
};

const legsOf = (network: Network, from = 'KZ_A', to = 'AZ_B') => {
  const route = findRoutes(network, from, to).routes[0];
  if (!route) throw new Error('no route');
  return route.legs;
};

describe('timeRoute', () => {
  it('waits for the next sailing of the timetable, not half the interval', () => {
    const network = ferryLine(weeklyFriday);
    // Monday 2026-12-07 00:00 UTC: at the port Monday 10:00, ready 22:00, the Friday 12:00 sailing.
    const monday = Date.parse('2026-12-07T00:00:00Z');
    const t = timeRoute(network, legsOf(network), monday);
    expect(new Date(t.legs[1]?.departsAt ?? 0).toISOString()).toBe('2026-12-11T12:00:00.000Z');
    // Sail 20 h, dwell 12 h at AZ_PORT, 10 h by rail: Saturday 08:00 + 22 h = Sunday 06:00.
    expect(new Date(t.arrival.p50).toISOString()).toBe('2026-12-13T06:00:00.000Z');
    expect(t.arrival.p10).toBe(t.arrival.p50);
    expect(t.arrival.p90).toBe(t.arrival.p50);
    // Ready on Friday 13:00 (one hour late): the next Friday.
    const late = timeRoute(network, legsOf(network), Date.parse('2026-12-11T03:00:00Z'));
    expect(new Date(late.legs[1]?.departsAt ?? 0).toISOString()).toBe('2026-12-18T12:00:00.000Z');
  });

  it('a timetable taking over from a date: cargo waits by the pattern in force when it reaches the port', () => {
    const daily = (['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const).map((day) => ({
      day,
      time: '06:00',
    }));
    const switched = {
      timetables: {
        file: 'timetables.json',
        records: [
          {
            link: 'KZ_PORT--AZ_PORT--ferry',
            from: '2026-12-14',
            weekly: daily,
            source: 'test',
            asOf: '2026-01-01',
          },
          ...weeklyFriday.timetables.records,
        ],
      },
    };
    const network = ferryLine(switched);
    const departs = (at: string) =>
      new Date(timeRoute(network, legsOf(network), Date.parse(at)).legs[1]?.departsAt ?? 0).toISOString();
    // Ready at the port Monday 2026-12-07 22:00, under the weekly pattern: Friday's sailing, not Tuesday's.
    expect(departs('2026-12-07T00:00:00Z')).toBe('2026-12-11T12:00:00.000Z');
    // Ready Monday 2026-12-14 22:00, the daily pattern in force: Tuesday 06:00, not Friday.
    expect(departs('2026-12-14T00:00:00Z')).toBe('2026-12-15T06:00:00.000Z');
    // Ready Friday 2026-12-11 13:00, past that week's sailing: the next weekly one (18 December) would come after
    // the daily pattern takes over, whose first sailing leaves Monday 06:00.
    expect(departs('2026-12-11T03:00:00Z')).toBe('2026-12-14T06:00:00.000Z');
    // Before the first dated record applies the one without a date; with none, the link's sailingsPerWeek (a
    // weekly headway here: cargo ready a month before the switch sails as if there were no timetable).
    const onlyDated = ferryLine({
      timetables: { file: 'timetables.json', records: switched.timetables.records.slice(0, 1) },
    });
    const early = timeRoute(onlyDated, legsOf(onlyDated), Date.parse('2026-11-02T00:00:00Z'));
    const headway = ferryLine();
    expect(early.arrival).toEqual(
      timeRoute(headway, legsOf(headway), Date.parse('2026-11-02T00:00:00Z')).arrival,
    );
    // Undated routing weighs the link's sailingsPerWeek whatever the timetables say.
    expect(legsOf(network)).toEqual(legsOf(ferryLine()));
  });

  it('weather closures in the month delay some runs and never speed any up', () => {
    const stormy = ferryLine({
      ...weeklyFriday,
      seasons: {
        file: 'seasons.json',
        records: [
          {
            port: 'KZ_PORT',
            closedShare: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5],
            episodeDays: 3,
            source: 'test',
            asOf: '2026-01-01',
          },
        ],
      },
    });
    const calm = ferryLine(weeklyFriday);
    const monday = Date.parse('2026-12-07T00:00:00Z');
    const s = timeRoute(stormy, legsOf(stormy), monday);
    const c = timeRoute(calm, legsOf(calm), monday);
    expect(s.arrival.p10).toBeGreaterThanOrEqual(c.arrival.p10);
    expect(s.arrival.p90).toBeGreaterThanOrEqual(c.arrival.p90 + 7 * D);
    // In June the same port has no closures: the range is the calm one.
    const june = Date.parse('2026-06-01T00:00:00Z');
    expect(timeRoute(stormy, legsOf(stormy), june).arrival).toEqual(
      timeRoute(calm, legsOf(calm), june).arrival,
    );
  });

  it('dwell distributions for the date spread the range between their p10 and p90', () => {
    const network = ferryLine({
      dwell: {
        file: 'dwell.json',
        records: {
          defaultSpread: { p10Factor: 1, p90Factor: 1, source: 'test' },
          records: [
            {
              node: 'AZ_PORT',
              from: '2022-01-01',
              to: '2022-12-31',
              p10: 24,
              p50: 72,
              p90: 200,
              source: 'test',
              asOf: '2023-01-01',
            },
          ],
        },
      },
    });
    const legs = legsOf(network);
    const in2022 = timeRoute(network, legs, Date.parse('2022-06-01T00:00:00Z'), { runs: 2000 });
    const spread = (in2022.arrival.p90 - in2022.arrival.p10) / H;
    // The sailing wait (a headway with a drawn phase) adds to the dwell's own spread of 176 h.
    expect(spread).toBeGreaterThan(150);
    // Outside the record's year, the nearest year's figures stand in: 157 weeks later (the sailing pattern
    // repeats weekly) the range is the same.
    const in2025 = timeRoute(network, legs, Date.parse('2025-06-04T00:00:00Z'), { runs: 2000 });
    expect(in2025.durationDays).toEqual(in2022.durationDays);
  });

  it('the same query gives the same figures', () => {
    const network = ferryLine();
    const legs = legsOf(network);
    const at = Date.parse('2026-12-05T00:00:00Z');
    expect(timeRoute(network, legs, at)).toEqual(timeRoute(network, legs, at));
  });

  const disruption = (over: Partial<Disruption>): Disruption => ({
    id: 'd1',
    version: 1,
    target: { kind: 'node', id: 'KZ_PORT' },
    effect: 'closed',
    startsAt: '2026-12-01T00:00:00Z',
    endsAt: '2026-12-20T00:00:00Z',
    reason: 'test',
    source: 'test',
    ...over,
  });

  it('a closed port holds the cargo until it reopens, when the cargo gets there', () => {
    const network = ferryLine(weeklyFriday);
    const legs = legsOf(network);
    const monday = Date.parse('2026-12-07T00:00:00Z');
    const closed = timeRoute(network, legs, monday, { disruptions: [disruption({})] });
    // Reopens Sunday 20 December 00:00; ready 12:00; next sailing Friday 25 December 12:00.
    expect(new Date(closed.legs[1]?.departsAt ?? 0).toISOString()).toBe('2026-12-25T12:00:00.000Z');
    // A closure that ends before the cargo gets there changes nothing.
    const over = timeRoute(network, legs, monday, {
      disruptions: [disruption({ startsAt: '2026-12-01T00:00:00Z', endsAt: '2026-12-07T05:00:00Z' })],
    });
    expect(over.arrival).toEqual(timeRoute(network, legs, monday).arrival);
  });

  it('a closure without an end makes the route impassable; a delay adds its hours', () => {
    const network = ferryLine(weeklyFriday);
    const legs = legsOf(network);
    const monday = Date.parse('2026-12-07T00:00:00Z');
    const never = timeRoute(network, legs, monday, { disruptions: [disruption({ endsAt: null })] });
    expect(never.viable).toBe(false);
    expect(never.blockedBy).toBe('d1');
    const delayed = timeRoute(network, legs, monday, {
      disruptions: [
        disruption({
          target: { kind: 'node', id: 'AZ_PORT' },
          effect: 'delay',
          extraHours: 30,
          endsAt: null,
        }),
      ],
    });
    const free = timeRoute(network, legs, monday);
    expect(delayed.arrival.p50 - free.arrival.p50).toBe(30 * H);
    const sea = timeRoute(network, legs, monday, {
      disruptions: [disruption({ target: { kind: 'sea', id: 'caspian' } })],
    });
    expect(new Date(sea.legs[1]?.departsAt ?? 0).toISOString()).toBe('2026-12-25T12:00:00.000Z');
  });
});

describe('findDatedRoutes', () => {
  /**
   * Two corridors from KZ_A to DE_Z: a short one over a storm-prone Caspian port (GE on the far side), and a
   * longer all-land one through TR; the port is closed 80 % of December and never in June.
   */
  function twoCorridors(): Network {
    const network = inlineNetwork(
      [
        { id: 'KZ_A', lat: 45, lon: 60 },
        { id: 'KZ_PORT', lat: 43.6, lon: 56, kinds: ['port'], dwellHours: 6 },
        { id: 'GE_PORT', lat: 42, lon: 47, kinds: ['port'], dwellHours: 6 },
        { id: 'TR_X', lat: 40, lon: 55 },
        { id: 'DE_Z', lat: 41, lon: 44 },
      ],
      [
        { from: 'KZ_A', to: 'KZ_PORT', distanceKm: 400 },
        {
          from: 'KZ_PORT',
          to: 'GE_PORT',
          mode: 'ferry',
          sea: 'caspian',
          distanceKm: 800,
          sailingHours: 20,
          sailingsPerWeek: 7,
        },
        { from: 'GE_PORT', to: 'DE_Z', distanceKm: 300 },
        { from: 'KZ_A', to: 'TR_X', distanceKm: 1500 },
        { from: 'TR_X', to: 'DE_Z', distanceKm: 1500 },
      ],
    );
    network.timing = validateTimingRecords(
      {
        seasons: {
          file: 'seasons.json',
          records: [
            {
              port: 'KZ_PORT',
              closedShare: [0.5, 0.5, 0.3, 0, 0, 0, 0, 0, 0, 0.3, 0.8, 0.8],
              episodeDays: 4,
              source: 'test',
              asOf: '2026-01-01',
            },
          ],
        },
      },
      network,
    );
    return network;
  }

  it('with optimize=time the best corridor changes with the departure date', () => {
    const network = twoCorridors();
    const june = findDatedRoutes(network, 'KZ_A', 'DE_Z', { optimize: 'time', departAt: '2026-06-05' });
    const december = findDatedRoutes(network, 'KZ_A', 'DE_Z', { optimize: 'time', departAt: '2026-12-05' });
    expect(june.routes[0]?.countries).toEqual(['KZ', 'GE', 'DE']);
    expect(december.routes[0]?.countries).toEqual(['KZ', 'TR', 'DE']);
    expect(june.routes).toHaveLength(1);
    expect(december.departAt).toBe('2026-12-05T00:00:00Z');
  });

  it('writes each leg its median departsAt and arrivesAt, contiguous in time', () => {
    const network = twoCorridors();
    const plan = findDatedRoutes(network, 'KZ_A', 'DE_Z', {
      departAt: '2026-06-05T08:00:00+04:00',
      alternatives: 1,
    });
    expect(plan.departAt).toBe('2026-06-05T04:00:00Z');
    for (const route of plan.routes) {
      expect(route.legs[0]?.departsAt).toBe('2026-06-05T04:00:00Z');
      for (let i = 1; i < route.legs.length; i++)
        expect((route.legs[i]?.departsAt ?? '') >= (route.legs[i - 1]?.arrivesAt ?? '')).toBe(true);
      expect(route.legs.at(-1)?.arrivesAt).toBe(route.arrival.p50);
      expect(route.durationDays.p10).toBeLessThanOrEqual(route.durationDays.p50);
      expect(route.durationDays.p50).toBeLessThanOrEqual(route.durationDays.p90);
    }
  });

  it('gives onTimeProbability with arriveBy', () => {
    const network = twoCorridors();
    const early = findDatedRoutes(network, 'KZ_A', 'DE_Z', {
      departAt: '2026-06-05',
      arriveBy: '2026-06-05T12:00:00Z',
    });
    const late = findDatedRoutes(network, 'KZ_A', 'DE_Z', { departAt: '2026-06-05', arriveBy: '2026-07-05' });
    expect(early.routes[0]?.onTimeProbability).toBe(0);
    expect(late.routes[0]?.onTimeProbability).toBe(1);
    expect(late.arriveBy).toBe('2026-07-05T00:00:00Z');
  });

  it('refuses a departAt without an offset, naming it', () => {
    const network = twoCorridors();
    const error = domainErrorOf(() =>
      findDatedRoutes(network, 'KZ_A', 'DE_Z', { departAt: '2026-12-05T08:00:00' }),
    );
    expect(error.code).toBe('INVALID_PARAMETER');
    expect(error.details.parameter).toBe('departAt');
    expect(error.message).toMatch(/^departAt: "2026-12-05T08:00:00"/);
  });

  it('a dated answer reports each event with the hours its stop takes on that date', () => {
    const network = ferryLine(weeklyFriday);
    // At the port Monday 2026-12-07 10:00, the Friday 12:00 sailing: 98 h at KZ_PORT (dwell and the wait),
    // where the undated answer says 12 h of dwell plus half a week's interval (84 h).
    const undated = findRoutes(network, 'KZ_A', 'AZ_B').routes[0];
    const dated = findDatedRoutes(network, 'KZ_A', 'AZ_B', { departAt: '2026-12-07' }).routes[0];
    const at = (events: { type: string; at: { id: string }; dwellHours: number }[] | undefined, id: string) =>
      events?.find((e) => e.type === 'mode-change' && e.at.id === id)?.dwellHours;
    expect(at(undated?.events, 'KZ_PORT')).toBe(96);
    expect(at(dated?.events, 'KZ_PORT')).toBe(98);
    const [into, ferry] = dated?.legs ?? [];
    expect((Date.parse(ferry?.departsAt ?? '') - Date.parse(into?.arrivesAt ?? '')) / H).toBe(98);
    // The other port: arrival, 12 h of dwell, on by rail.
    expect(at(dated?.events, 'AZ_PORT')).toBe(12);
  });

  it('draws port handling from its dwell.json spread, and from the default spread where it has none', () => {
    const handled = (handling?: unknown[]) => {
      const network = inlineNetwork(
        [
          { id: 'KZ_A', lat: 45, lon: 60 },
          { id: 'KZ_PORT', lat: 43.6, lon: 56, kinds: ['port'], dwellHours: 0, transferHours: 24 },
          { id: 'AZ_PORT', lat: 40, lon: 50, kinds: ['port'], dwellHours: 0, transferHours: 24 },
        ],
        [
          { from: 'KZ_A', to: 'KZ_PORT', distanceKm: 400 },
          {
            from: 'KZ_PORT',
            to: 'AZ_PORT',
            mode: 'ferry',
            sea: 'caspian',
            distanceKm: 700,
            sailingHours: 20,
            sailingsPerWeek: 1,
          },
        ],
      );
      const records = {
        defaultSpread: { p10Factor: 0.5, p90Factor: 3, source: 'test' },
        records: [],
        ...(handling ? { handling } : {}),
      };
      network.timing = validateTimingRecords(
        { ...weeklyFriday, dwell: { file: 'dwell.json', records } },
        network,
      );
      return network;
    };
    // Handling at AZ_PORT is the last thing before arrival: it spreads the arrival alone, the sailing is fixed
    // (loading at KZ_PORT, drawn too, is always done before the Friday sailing).
    const spread = (network: Network) => {
      const t = timeRoute(network, legsOf(network, 'KZ_A', 'AZ_PORT'), Date.parse('2026-12-07T00:00:00Z'), {
        runs: 4000,
      });
      return (t.arrival.p90 - t.arrival.p10) / H;
    };
    // Default spread on 24 h: p10 12 h, p90 72 h, 60 h apart (within the sampling error of 4000 runs).
    expect(Math.abs(spread(handled()) - 60)).toBeLessThan(3);
    const byRecord = spread(
      handled([{ node: 'AZ_PORT', p10: 20, p50: 24, p90: 120, source: 'test', asOf: '2026-01-01' }]),
    );
    expect(Math.abs(byRecord - 100)).toBeLessThan(4);
  });

  it('a crossing measured from entry to exit, transhipment included, counts its transhipment once', () => {
    // CN_A --1435-- CN_EXIT (border, 6 h) --1435-- KZ_GAUGE (1520 gauge change, 24 h transhipment) --1520-- KZ_B:
    // the hours beyond the legs' running time are the stops'.
    const crossing = (includesHandling: boolean, kind: 'measured' | 'congestion' = 'measured') => {
      const network = inlineNetwork(
        [
          { id: 'CN_A', lat: 45, lon: 80 },
          { id: 'CN_EXIT', lat: 45.2, lon: 82.4, kinds: ['rail', 'border'], dwellHours: 6 },
          {
            id: 'KZ_GAUGE',
            lat: 45.25,
            lon: 82.5,
            kinds: ['rail', 'border', 'gauge-change'],
            dwellHours: 0,
            transferHours: 24,
            gauge: 1520,
          },
          { id: 'KZ_B', lat: 46, lon: 78 },
        ],
        [
          { from: 'CN_A', to: 'CN_EXIT', distanceKm: 400 },
          { from: 'CN_EXIT', to: 'KZ_GAUGE', distanceKm: 10 },
          { from: 'KZ_GAUGE', to: 'KZ_B', distanceKm: 400, gauge: 1520 },
        ],
      );
      const record = {
        node: 'KZ_GAUGE',
        includes: ['CN_EXIT'],
        includesHandling,
        kind,
        from: '2024-01-01',
        to: '2024-12-31',
        p10: 60,
        p50: 60,
        p90: 60,
        source: 'test',
        asOf: '2025-01-01',
      };
      const handling = [{ node: 'KZ_GAUGE', p10: 24, p50: 24, p90: 24, source: 'test', asOf: '2024-01-01' }];
      network.timing = validateTimingRecords(
        {
          dwell: {
            file: 'dwell.json',
            records: {
              defaultSpread: { p10Factor: 1, p90Factor: 1, source: 'test' },
              records: [record],
              handling,
            },
          },
        },
        network,
      );
      return network;
    };
    const stopHours = (network: Network, departAt: string) => {
      const legs = legsOf(network, 'CN_A', 'KZ_B');
      const moving = legs.reduce((sum, l) => sum + l.movingHours, 0);
      const t = timeRoute(network, legs, Date.parse(departAt), { runs: 50 });
      return Math.round(((t.arrival.p50 - Date.parse(departAt)) / H - moving) * 10) / 10;
    };
    // The whole crossing is the record's 60 h: neither the border dwell of the other side nor the transhipment
    // comes on top, in the year it describes and in a later year it stands in for.
    expect(stopHours(crossing(true), '2024-06-01')).toBe(60);
    expect(stopHours(crossing(true), '2026-06-01')).toBe(60);
    // A record of the dwell alone leaves the transhipment to be drawn: 60 h and 24 h.
    expect(stopHours(crossing(false), '2024-06-01')).toBe(84);
    expect(stopHours(crossing(false), '2026-06-01')).toBe(84);
    // A congestion episode alone stands in for no other year: the transhipment would drop out and come back with
    // the date, so such a record is refused.
    expect(() => crossing(true, 'congestion')).toThrow(
      /the records of "KZ_GAUGE" include the handling but none is a measured record of whole years/,
    );
  });

  it('refuses dwell records of one node that disagree on whether they include the handling', () => {
    const network = ferryLine();
    const record = { node: 'KZ_PORT', p10: 1, p50: 2, p90: 3, source: 'test', asOf: '2024-01-01' };
    const problems = (() => {
      try {
        validateTimingRecords(
          {
            dwell: {
              file: 'dwell.json',
              records: {
                defaultSpread: { p10Factor: 1, p90Factor: 1, source: 'test' },
                records: [
                  { ...record, from: '2023-01-01', to: '2023-12-31', includesHandling: true },
                  { ...record, from: '2024-01-01', to: '2024-12-31' },
                ],
              },
            },
          },
          network,
        );
      } catch (error) {
        return (error as { problems: string[] }).problems;
      }
      return [];
    })();
    expect(problems).toContainEqual(
      expect.stringMatching(/dwell\.json\.records: the records of "KZ_PORT" disagree on includesHandling/),
    );
  });

  it('leaves on the next departure of a published block train that starts at the origin and takes the route', () => {
    const service = (extra: Record<string, unknown> = {}) => ({
      service: 'test train',
      origin: 'KZ_A',
      passes: ['AZ_PORT'],
      from: '2026-01-01',
      weekly: [{ day: 'Wed', time: '10:00' }],
      source: 'test',
      asOf: '2026-01-01',
      ...extra,
    });
    const withTrains = (records: unknown[]) => {
      const network = ferryLine();
      network.timing = validateTimingRecords(
        { ...weeklyFriday, blockTrains: { file: 'block-trains.json', records } },
        network,
      );
      return network;
    };
    const monday = Date.parse('2026-12-07T00:00:00Z');
    const network = withTrains([service()]);
    const t = timeRoute(network, legsOf(network), monday);
    expect(new Date(t.legs[0]?.departsAt ?? 0).toISOString()).toBe('2026-12-09T10:00:00.000Z');
    expect(t.stopHours[0]).toBe(58);
    // A route that does not pass the service's nodes leaves at once; so does one before the service began.
    expect(timeRoute(network, legsOf(network, 'KZ_A', 'KZ_PORT'), monday).legs[0]?.departsAt).toBe(monday);
    const early = Date.parse('2025-12-01T00:00:00Z');
    expect(timeRoute(network, legsOf(network), early).legs[0]?.departsAt).toBe(early);
    // A later period of the same service takes over from its first day; a headway spreads the wait.
    const toPort = { passes: ['KZ_PORT'] };
    const daily = withTrains([
      service(toPort),
      service({ ...toPort, from: '2026-12-08', weekly: undefined, headwayHours: 24 }),
    ]);
    const spread = timeRoute(daily, legsOf(daily, 'KZ_A', 'KZ_PORT'), Date.parse('2026-12-10T00:00:00Z'), {
      runs: 1000,
    });
    expect((spread.legs[0]?.departsAt ?? 0) - Date.parse('2026-12-10T00:00:00Z')).toBeLessThan(24 * H);
    expect(spread.arrival.p90 - spread.arrival.p10).toBeGreaterThan(15 * H);
  });

  it('refuses block trains that name unknown nodes or two origins for one service', () => {
    const network = ferryLine();
    const record = {
      service: 'x',
      origin: 'KZ_A',
      passes: ['AZ_PORT'],
      from: '2026-01-01',
      headwayHours: 24,
      source: 'test',
      asOf: '2026-01-01',
    };
    const problems = (() => {
      try {
        validateTimingRecords(
          {
            blockTrains: {
              file: 'block-trains.json',
              records: [
                { ...record, passes: ['AZ_PROT'] },
                record,
                { ...record, origin: 'KZ_PORT', from: '2026-02-01' },
                { ...record, weekly: [{ day: 'Mon', time: '10:00' }] },
              ],
            },
          },
          network,
        );
      } catch (error) {
        return (error as { problems: string[] }).problems;
      }
      return [];
    })();
    expect(problems).toContainEqual(
      expect.stringMatching(/block-trains\.json\[0\][^:]*\.passes\[0\]: "AZ_PROT" is not a known node/),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(/block-trains\.json\[2\][^:]*\.service: "x" is listed with another origin/),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(/block-trains\.json\[3\][^:]*\.weekly: give exactly one of weekly/),
    );
  });
});

describe('seedFromJoined', () => {
  it('is seedFromText of the joined text, part by part', () => {
    const cases: [string[], string][] = [
      [['sha256:abc', 'CN_XIAN--KZ_ALTYNKOL--rail', 'KZ_AKTAU--AZ_ALAT--ferry'], '|'],
      [['only'], '|'],
      [[], '|'],
      [['', '', 'Łódź', 'Xi’an'], '||'],
      [['a', 'b'], ''],
    ];
    for (const [texts, separator] of cases) {
      expect(seedFromJoined(texts, separator)).toBe(seedFromText(texts.join(separator)));
    }
    expect(seedFromJoined(['a', 'b'], '|')).not.toBe(seedFromJoined(['ab'], '|'));
  });
});
