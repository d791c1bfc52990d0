/**
 * Properties of the timing model, over drawn departures and disruptions: FIFO (leaving later never arrives
 * earlier, for every quantile and every leg), ordered ranges (p10 <= p50 <= p90), and with fixed dwell and no
 * closures a median equal to the deterministic duration.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Disruption, findRoutes, loadNetwork, timeRoute } from '../../src/domain/index.js';
import { inlineNetwork } from '../helpers/inline-network.js';
import { EMBEDDED_DIR } from '../helpers/test-app.js';

const H = 3_600_000;
const D = 24 * H;
const network = loadNetwork(EMBEDDED_DIR);

/** Routes that meet timetables, weather records and dwell records of the embedded network. */
const routes = [
  findRoutes(network, 'CN_XIAN', 'DE_DUISBURG', { avoid: ['RU', 'BY'], via: ['KZ_DOSTYK', 'KZ_AKTAU'] }),
  findRoutes(network, 'KZ_ALTYNKOL', 'RO_CONSTANTA', { via: ['KZ_KURYK', 'GE_POTI'] }),
  findRoutes(network, 'CN_XIAN', 'DE_DUISBURG', { avoid: ['RU', 'BY'], optimize: 'time' }),
  // The Xi'an-Baku block train's departures (block-trains.json), daily and later every 67.6 h.
  findRoutes(network, 'CN_XIAN', 'AZ_ALAT', { via: ['CN_KHORGOS', 'KZ_AKTAU'] }),
].map((plan) => plan.routes[0]?.legs ?? []);

const FROM = Date.parse('2019-01-01T00:00:00Z');
const TO = Date.parse('2027-12-31T00:00:00Z');

/** A disruption drawn on one node of the route (closure or delay), starting within 60 days of `t`. */
const drawnDisruption = fc.record({
  leg: fc.nat(),
  closed: fc.boolean(),
  offset: fc.integer({ min: 0, max: 45 * D }),
  hours: fc.integer({ min: 1, max: 24 * 10 }),
  extra: fc.integer({ min: 1, max: 24 * 10 }),
});

type Drawn = typeof drawnDisruption extends fc.Arbitrary<infer T> ? T : never;

function disruptionsAt(legs: (typeof routes)[number], t: number, drawn: Drawn[]) {
  return drawn.map(
    (d, i): Disruption => ({
      id: `d${i}`,
      version: 1,
      target: { kind: 'node', id: legs[d.leg % legs.length]?.to.id ?? '' },
      effect: d.closed ? 'closed' : 'delay',
      ...(d.closed ? {} : { extraHours: d.extra }),
      startsAt: new Date(t + d.offset).toISOString(),
      endsAt: new Date(t + d.offset + d.hours * H).toISOString(),
      reason: 'drawn',
      source: 'test',
    }),
  );
}

describe('timing properties', () => {
  it('FIFO: leaving later never arrives earlier, at any quantile or leg, with drawn disruptions', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: routes.length - 1 }),
        fc.integer({ min: FROM, max: TO }),
        // Mostly a few hours apart (where a window's edge can fall between the two), sometimes weeks.
        fc.oneof(fc.integer({ min: 0, max: 12 * H }), fc.integer({ min: 0, max: 40 * D })),
        fc.array(drawnDisruption, { minLength: 1, maxLength: 6 }),
        (r, t1, delta, drawn) => {
          const legs = routes[r] ?? [];
          const disruptions = disruptionsAt(legs, t1, drawn);
          const a = timeRoute(network, legs, t1, { runs: 100, disruptions });
          const b = timeRoute(network, legs, t1 + delta, { runs: 100, disruptions });
          expect(b.arrival.p10).toBeGreaterThanOrEqual(a.arrival.p10);
          expect(b.arrival.p50).toBeGreaterThanOrEqual(a.arrival.p50);
          expect(b.arrival.p90).toBeGreaterThanOrEqual(a.arrival.p90);
          a.legs.forEach((leg, i) => {
            expect(b.legs[i]?.departsAt).toBeGreaterThanOrEqual(leg.departsAt);
            expect(b.legs[i]?.arrivesAt).toBeGreaterThanOrEqual(leg.arrivesAt);
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('FIFO where dwell figures change: the end of the Aktau congestion (1 December 2024), the 2024 Dostyk figures', () => {
    const legs = routes[0] ?? [];
    /** How long after leaving the route's cargo typically reaches `node` (median, for a departure at `t`). */
    const reach = (node: string, t: number) => {
      const i = legs.findIndex((l) => l.to.id === node);
      return (timeRoute(network, legs, t, { runs: 100 }).legs[i]?.arrivesAt ?? t) - t;
    };
    const changes = [
      { node: 'KZ_AKTAU', at: Date.parse('2024-12-01T00:00:00Z') },
      { node: 'KZ_DOSTYK', at: Date.parse('2024-01-01T00:00:00Z') },
    ].map((c) => ({ ...c, lead: reach(c.node, c.at - 20 * D) }));
    fc.assert(
      fc.property(
        fc.nat({ max: changes.length - 1 }),
        fc.integer({ min: -3 * D, max: D }),
        fc.integer({ min: 0, max: 3 * D }),
        (c, jitter, delta) => {
          const change = changes[c] ?? { at: 0, lead: 0 };
          // Cargo that reaches the node shortly before the change, and cargo leaving a little later.
          const t1 = change.at - change.lead + jitter;
          const a = timeRoute(network, legs, t1, { runs: 100 });
          const b = timeRoute(network, legs, t1 + delta, { runs: 100 });
          expect(b.arrival.p10).toBeGreaterThanOrEqual(a.arrival.p10);
          expect(b.arrival.p50).toBeGreaterThanOrEqual(a.arrival.p50);
          expect(b.arrival.p90).toBeGreaterThanOrEqual(a.arrival.p90);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('ranges are ordered: p10 <= p50 <= p90, and the timeline runs forward', () => {
    fc.assert(
      fc.property(fc.nat({ max: routes.length - 1 }), fc.integer({ min: FROM, max: TO }), (r, t) => {
        const timing = timeRoute(network, routes[r] ?? [], t, { runs: 100 });
        expect(timing.arrival.p10).toBeLessThanOrEqual(timing.arrival.p50);
        expect(timing.arrival.p50).toBeLessThanOrEqual(timing.arrival.p90);
        expect(timing.durationDays.p10).toBeGreaterThan(0);
        let at = t;
        for (const leg of timing.legs) {
          expect(leg.departsAt).toBeGreaterThanOrEqual(at);
          expect(leg.arrivesAt).toBeGreaterThanOrEqual(leg.departsAt);
          at = leg.arrivesAt;
        }
      }),
      { numRuns: 40 },
    );
  });

  it('with fixed dwell and no closures, the median is the deterministic duration', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ km: fc.integer({ min: 50, max: 900 }), dwell: fc.integer({ min: 0, max: 72 }) }),
          {
            minLength: 2,
            maxLength: 8,
          },
        ),
        fc.integer({ min: FROM, max: TO }),
        (stops, t) => {
          // A line of rail nodes 1 degree of longitude apart (about 79 km at 45 N), each link at least that long.
          const nodes = stops.map((s, i) => ({ id: `KZ_N${i}`, lat: 45, lon: 50 + i, dwellHours: s.dwell }));
          nodes.push({ id: `KZ_N${stops.length}`, lat: 45, lon: 50 + stops.length, dwellHours: 0 });
          const links = stops.map((s, i) => ({
            from: `KZ_N${i}`,
            to: `KZ_N${i + 1}`,
            distanceKm: 80 + s.km,
          }));
          const line = inlineNetwork(nodes, links);
          const route = findRoutes(line, 'KZ_N0', `KZ_N${stops.length}`).routes[0];
          if (!route) throw new Error('no route');
          const timing = timeRoute(line, route.legs, t);
          const hours = (timing.arrival.p50 - t) / H;
          expect(hours).toBeCloseTo(route.durationHours, 6);
          expect(timing.arrival.p10).toBe(timing.arrival.p50);
          expect(timing.arrival.p90).toBe(timing.arrival.p50);
        },
      ),
      { numRuns: 60 },
    );
  });
});
