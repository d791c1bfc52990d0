/**
 * Published container services (graph-data/published-services.json) reproduced by the router: each is routed
 * with its corridor's constraints and must pass the ports and border crossings its source names and come within
 * ±5 % of the published km. Transit times are checked on their dates through the API: `GET /routes` departing
 * on the day the train left (or the middle of the month or year the figures describe), on the network of that
 * day, must give a p10–p90 range of days that overlaps the published range (a figure in whole days read as
 * rounded to the day), with no tolerance beyond it. Where the router disagrees, the network data is what gets
 * fixed, or the disagreement is recorded with its reason.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import {
  CORRIDORS,
  findRoutes,
  KM_TOLERANCE,
  loadNetwork,
  type PublishedService,
  plannedDeparture,
  readPublishedServices,
} from '../../src/domain/index.js';
import { EMBEDDED_DIR } from '../helpers/test-app.js';

const network = loadNetwork(EMBEDDED_DIR);
const services = readPublishedServices(EMBEDDED_DIR);
const app = await buildApp({ network });
afterAll(() => app.close());

/** Figures the source gives no date for are checked on one fixed day of the network as modelled. */
const UNDATED_CHECK_DAY = '2026-07-01';

function route(s: PublishedService) {
  const r = findRoutes(network, s.origin, s.destination, { via: s.via, avoid: s.avoid }).routes[0];
  if (!r) throw new Error(`${s.id}: no route`);
  return r;
}

interface DatedRange {
  p10: number;
  p50: number;
  p90: number;
}

/** The dated plan of a service as the API answers it: departing on its day, on the network of that day. */
async function datedDays(s: PublishedService): Promise<DatedRange> {
  const day = plannedDeparture(s) ?? UNDATED_CHECK_DAY;
  const query = new URLSearchParams({
    origin: s.origin,
    destination: s.destination,
    departAt: day,
    networkDate: day,
  });
  if (s.via.length > 0) query.set('via', s.via.join(','));
  if (s.avoid.length > 0) query.set('avoid', s.avoid.join(','));
  const res = await app.inject({ method: 'GET', url: `/routes?${query}` });
  expect(res.statusCode, `${s.id}: ${res.body.slice(0, 300)}`).toBe(200);
  const days = res.json().routes?.[0]?.durationDays as DatedRange | undefined;
  if (days === undefined) throw new Error(`${s.id}: the dated answer has no durationDays`);
  return days;
}

/**
 * The range a published figure states: a figure in whole days ("16 days") is a rounded one and stands for the
 * half day either side of it; a figure with a fraction (1.4 days for 34 hours) is taken as it is.
 */
function statedRange(published: { min: number; max: number }): { min: number; max: number } {
  const half = (n: number) => (Number.isInteger(n) ? 0.5 : 0);
  return { min: published.min - half(published.min), max: published.max + half(published.max) };
}

/** The stated range and the planned p10–p90 range share at least one moment. */
function overlaps(days: DatedRange, published: { min: number; max: number }): boolean {
  const stated = statedRange(published);
  return days.p10 <= stated.max && days.p90 >= stated.min;
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

  it('records disagreements only on figures the source gives', () => {
    const orphans = services.flatMap((s) =>
      s.disagreement.filter((d) => (d.field === 'km' ? s.km : s.days) === undefined).map(() => s.id),
    );
    expect(orphans).toEqual([]);
  });

  it('dates the transit times it checks: the day of departure follows the departure, month or year given', () => {
    const base = services[0] as PublishedService;
    expect(plannedDeparture({ ...base, year: '2024-10', departed: undefined })).toBe('2024-10-15');
    expect(plannedDeparture({ ...base, year: '2013', departed: undefined })).toBe('2013-07-01');
    expect(plannedDeparture({ ...base, year: '2020-12', departed: '2020-12-04' })).toBe('2020-12-04');
    expect(plannedDeparture({ ...base, year: null, departed: undefined })).toBeUndefined();
  });

  it('reads a figure in whole days as rounded to the day, and a fractional one as it is', () => {
    expect(statedRange({ min: 16, max: 16 })).toEqual({ min: 15.5, max: 16.5 });
    expect(statedRange({ min: 9.8, max: 14 })).toEqual({ min: 9.8, max: 14.5 });
    expect(statedRange({ min: 1.4, max: 1.4 })).toEqual({ min: 1.4, max: 1.4 });
  });
});

describe.each(services.map((s) => [s.id, s] as const))('%s', (_id, s) => {
  const when = plannedDeparture(s) ?? `undated, checked on ${UNDATED_CHECK_DAY}`;
  const r = route(s);
  const stops = new Set([r.legs[0]?.from.id, ...r.legs.map((l) => l.to.id)]);
  const disputed = (field: 'km' | 'days') => s.disagreement.find((d) => d.field === field);

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

  if (s.km !== undefined) {
    const km = disputed('km');
    if (km === undefined)
      it(`is within ±5 % of the published ${s.km} km (${s.year ?? 'undated'})`, () => {
        expect(r.distanceKm, `published ${s.km} km`).toSatisfy(kmHolds);
      });
    else
      it(`is a recorded disagreement on km: ${km.reason}`, () => {
        // When the figure starts to hold, the record is out of date: remove the disagreement.
        expect(r.distanceKm, `published ${s.km} km`).not.toSatisfy(kmHolds);
      });
  }

  const published = s.days;
  if (published !== undefined) {
    const days = disputed('days');
    if (days === undefined)
      it(`takes ${published.min}-${published.max} days as published, planned on ${when} (p10-p90)`, async () => {
        const range = await datedDays(s);
        expect(overlaps(range, published), `p10-p90 ${range.p10}-${range.p90} days`).toBe(true);
      });
    else
      it(`is a recorded disagreement on days, planned on ${when}: ${days.reason}`, async () => {
        // When the p10-p90 range starts to meet the published days, remove the disagreement.
        const range = await datedDays(s);
        expect(overlaps(range, published), `p10-p90 ${range.p10}-${range.p90} days`).toBe(false);
      });
  }
});
