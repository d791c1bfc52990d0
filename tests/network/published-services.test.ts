/**
 * Published container services (graph-data/published-services.json) reproduced by the router: each is routed
 * with its corridor's constraints and must pass the ports and border crossings its source names, come within
 * ±5 % of the published km and within the published transit time (±15 %: figures of single trains, rounded to
 * days). Where the router disagrees, the network data is what gets fixed.
 */
import { describe, expect, it } from 'vitest';
import {
  CORRIDORS,
  DAYS_TOLERANCE,
  findRoutes,
  KM_TOLERANCE,
  loadNetwork,
  type PublishedService,
  readPublishedServices,
} from '../../src/domain/index.js';
import { EMBEDDED_DIR } from '../helpers/test-app.js';

const network = loadNetwork(EMBEDDED_DIR);
const services = readPublishedServices(EMBEDDED_DIR);

function route(s: PublishedService) {
  const r = findRoutes(network, s.origin, s.destination, { via: s.via, avoid: s.avoid }).routes[0];
  if (!r) throw new Error(`${s.id}: no route`);
  return r;
}

describe('the published-services table', () => {
  it('lists at least 30 services over all three corridors, every node known', () => {
    expect(services.length).toBeGreaterThanOrEqual(30);
    for (const c of CORRIDORS)
      expect(
        services.some((s) => s.corridor === c),
        c,
      ).toBe(true);
    for (const s of services)
      for (const id of [s.origin, s.destination, ...s.via, ...s.passes, ...(s.ferryPorts ?? [])])
        expect(network.nodeById.has(id), `${s.id}: ${id}`).toBe(true);
  });

  it('covers the Middle Corridor via Aktau, Kuryk and Turkmenbashi, over the Black Sea and over BTK', () => {
    const middle = services.filter((s) => s.corridor === 'middle');
    const ports = new Set(middle.flatMap((s) => s.ferryPorts ?? []));
    for (const p of ['KZ_AKTAU', 'KZ_KURYK', 'TM_TURKMENBASHI']) expect(ports.has(p), p).toBe(true);
    expect(middle.some((s) => s.passes.includes('GE_AKHALKALAKI'))).toBe(true);
    expect(middle.some((s) => s.destination === 'RO_CONSTANTA')).toBe(true);
  });
});

describe.each(services.map((s) => [s.id, s] as const))('%s', (_id, s) => {
  const when = s.year ?? 'undated';
  const r = route(s);
  const stops = new Set([r.legs[0]?.from.id, ...r.legs.map((l) => l.to.id)]);

  if (s.passes.length > 0)
    it('passes the ports and border crossings the source names', () => {
      expect(s.passes.filter((id) => !stops.has(id))).toEqual([]);
    });

  if (s.ferryPorts !== undefined)
    it('crosses the sea between the ports the source names', () => {
      const ends = new Set(r.legs.filter((l) => l.mode === 'ferry').flatMap((l) => [l.from.id, l.to.id]));
      expect([...ends].sort()).toEqual([...(s.ferryPorts ?? [])].sort());
    });

  const kmHolds = () => Math.abs(r.distanceKm - (s.km ?? 0)) / (s.km ?? 1) <= KM_TOLERANCE;
  const daysHold = () => {
    const days = r.durationHours / 24;
    return (
      days >= (s.days?.min ?? 0) * (1 - DAYS_TOLERANCE) && days <= (s.days?.max ?? 0) * (1 + DAYS_TOLERANCE)
    );
  };
  const disputed = s.disagreement?.field;

  if (s.km !== undefined && disputed !== 'km')
    it(`is within ±5 % of the published ${s.km} km (${when})`, () => {
      expect(r.distanceKm, `published ${s.km} km`).toSatisfy(kmHolds);
    });

  if (s.days !== undefined && disputed !== 'days')
    it(`takes ${s.days?.min}-${s.days?.max} days as published (${when}, ±15 %)`, () => {
      expect(r.durationHours / 24, `published ${s.days?.min}-${s.days?.max} days`).toSatisfy(daysHold);
    });

  if (disputed !== undefined)
    it(`is a recorded disagreement on ${disputed}: ${s.disagreement?.reason}`, () => {
      // When the figure starts to hold, the record is out of date: remove the disagreement.
      expect(disputed === 'km' ? kmHolds() : daysHold()).toBe(false);
    });
});
