/**
 * The instants at which an undated watch's answer changes down its route: a disruption's start and end, each
 * less the hours the route takes to reach its target. Checked on the embedded network by planning on both
 * sides of each instant found: one step before it the answer is the one the instant was read from, at it the
 * answer has changed (a closure of a node, a link, a sea or a country's borders several days down the route,
 * a delay, and the end of a closure that moved the route away). And the arithmetic of the step itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Disruption,
  DisruptionSchema,
  findRoutes,
  loadNetwork,
  type Network,
  type RoutePlan,
} from '../../src/domain/index.js';
import { type LiveStateHandle, openLiveState } from '../../src/state/index.js';
import {
  firstDepartureReaching,
  routeChangeInstants,
  storedWatchQuery,
  WatchEvaluator,
} from '../../src/watches/index.js';
import { SettableLiveState } from '../helpers/live-disruptions.js';
import { EMBEDDED_DIR } from '../helpers/test-app.js';

const STEP = 5 * 60_000;
const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('firstDepartureReaching', () => {
  const friday = at('2026-12-18T00:00:00Z');

  it('is the instant less the hours, raised to the step', () => {
    // 180.5 h before Friday 00:00 is Saturday 11:30, a step.
    expect(iso(firstDepartureReaching(friday, 180.5, STEP))).toBe('2026-12-10T11:30:00.000Z');
    // 180.51 h: 11:29:24, so cargo leaving at 11:25 arrives before Friday; from 11:30 it meets it.
    expect(iso(firstDepartureReaching(friday, 180.51, STEP))).toBe('2026-12-10T11:30:00.000Z');
    // 180.49 h: 11:30:36; cargo leaving at 11:30 arrives 36 s before Friday 00:00.
    expect(iso(firstDepartureReaching(friday, 180.49, STEP))).toBe('2026-12-10T11:35:00.000Z');
    // No hours: the plain instant raised to the step.
    expect(iso(firstDepartureReaching(at('2026-12-03T10:03:20Z'), 0, STEP))).toBe('2026-12-03T10:05:00.000Z');
  });

  it('gives the departure the search itself would meet the instant from, whatever the rounding', () => {
    for (const hours of [0.1, 0.7, 1 / 3, 73.6, 150.3, 180.92, 619.4]) {
      const departure = firstDepartureReaching(friday, hours, STEP);
      // The search's own test: a rule from `instant` is in force `hours` after leaving when (instant - t) / h <= hours.
      expect((friday - departure) / HOUR <= hours).toBe(true);
      expect((friday - (departure - STEP)) / HOUR <= hours).toBe(false);
    }
  });
});

let network: Network;
beforeAll(() => {
  network = loadNetwork(EMBEDDED_DIR);
}, 60_000);

const QUERY = { avoid: ['RU', 'BY'] };
const plan = (disruptions: readonly Disruption[], departMs: number): RoutePlan =>
  findRoutes(network, "Xi'an", 'Duisburg', { ...QUERY, disruptions, departAt: new Date(departMs) });
/** What a watch compares (the best route's legs), with the delays it passes. */
const summary = (p: RoutePlan) =>
  JSON.stringify([
    p.routes[0]?.legs.map((l) => `${l.from.id}>${l.to.id}:${l.mode}`),
    p.routes[0]?.disruptions.map((d) => d.id),
  ]);

let serial = 0;
const disruption = (fields: Record<string, unknown>): Disruption =>
  DisruptionSchema.parse({
    id: `d-${++serial}`,
    version: 1,
    reason: 'test',
    source: 'https://example.org/notices/test',
    ...fields,
  });

/** Now in these tests: a departure step; the disruptions start after cargo leaving now has arrived (26 days). */
const NOW = at('2026-12-03T10:00:00Z');
const STARTS = at('2027-01-08T00:00:00Z');
const ENDS = at('2027-01-10T06:00:00Z');

/**
 * The first instant found after `from`, checked: the answer planned one step before it is the one planned at
 * `from`, the one planned at it differs. Returns it.
 */
function firstChange(disruptions: readonly Disruption[], from: number): number {
  const before = plan(disruptions, from);
  const [next] = routeChangeInstants(network, before, disruptions, from);
  if (next === undefined) throw new Error(`no instant after ${iso(from)}`);
  expect(summary(plan(disruptions, next - STEP))).toBe(summary(before));
  expect(summary(plan(disruptions, next))).not.toBe(summary(before));
  return next;
}

describe('routeChangeInstants', () => {
  it('finds when cargo leaving then first meets a closure of Aktau, days before it starts, and when the route comes back', () => {
    const aktau = disruption({
      target: { kind: 'node', id: 'KZ_AKTAU' },
      effect: 'closed',
      startsAt: iso(STARTS),
      endsAt: iso(ENDS),
    });
    const before = plan([aktau], NOW);
    expect(before.routes[0]?.legs.some((l) => l.from.id === 'KZ_AKTAU')).toBe(true);
    const closes = firstChange([aktau], NOW);
    // Days ahead of the start: the journey from Xi'an to Aktau (about 180 hours).
    expect(STARTS - closes).toBeGreaterThan(6 * 86_400_000);
    expect(STARTS - closes).toBeLessThan(9 * 86_400_000);
    // Moved off Aktau by it: the closure is avoided, and the route comes back when cargo leaving then would
    // reach Aktau after it ends, as many hours before its end.
    const moved = plan([aktau], closes);
    expect(moved.disruptionsAvoided.map((d) => d.id)).toEqual([aktau.id]);
    const opens = firstChange([aktau], closes);
    expect(opens - closes).toBe(ENDS - STARTS);
    expect(summary(plan([aktau], opens))).toBe(summary(before));
    // Then nothing is ahead but the plain instants, behind.
    expect(routeChangeInstants(network, plan([aktau], opens), [aktau], opens)).toEqual([]);
  });

  it('finds it for a link, a sea and a country met down the route, and for a delay', () => {
    const cases: Record<string, unknown>[] = [
      { target: { kind: 'link', id: 'GE_POTI--RO_CONSTANTA--ferry' }, effect: 'closed' },
      { target: { kind: 'sea', id: 'caspian' }, effect: 'closed' },
      { target: { kind: 'country', id: 'GE' }, effect: 'closed' },
      { target: { kind: 'node', id: 'RO_CONSTANTA' }, effect: 'delay', extraHours: 240 },
    ];
    for (const fields of cases) {
      const d = disruption({ ...fields, startsAt: iso(STARTS), endsAt: iso(ENDS) });
      const change = firstChange([d], NOW);
      expect(change, JSON.stringify(fields)).toBeLessThan(STARTS - 86_400_000);
    }
  });

  it('is empty for a plan not timed from a departure, and keeps only instants after the one given', () => {
    const aktau = disruption({
      target: { kind: 'node', id: 'KZ_AKTAU' },
      effect: 'closed',
      startsAt: iso(STARTS),
      endsAt: iso(ENDS),
    });
    const timed = plan([aktau], NOW);
    const { departAt: _departAt, ...untimed } = timed;
    expect(routeChangeInstants(network, untimed, [aktau], NOW)).toEqual([]);
    const all = routeChangeInstants(network, timed, [aktau], NOW);
    expect(all).toHaveLength(2);
    expect(routeChangeInstants(network, timed, [aktau], all[0] as number)).toEqual([all[1]]);
  });
});

describe('the evaluator', () => {
  let dir: string;
  let live: LiveStateHandle;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'efr-watch-route-timing-'));
    live = await openLiveState({ engine: 'sqlite', path: join(dir, 'state.sqlite') });
  });
  afterAll(async () => {
    await live?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('times an undated query down its route, and a query with departAt or ignoreDisruptions not at all', async () => {
    const state = new SettableLiveState();
    const aktau = disruption({
      target: { kind: 'node', id: 'KZ_AKTAU' },
      effect: 'closed',
      startsAt: iso(STARTS),
      endsAt: iso(ENDS),
    });
    state.set([aktau]);
    const evaluator = new WatchEvaluator(network, live.store, state, { clock: () => new Date(NOW + 61_000) });
    const query = { origin: "Xi'an", destination: 'Duisburg', avoid: ['RU', 'BY'] };
    const undated = await evaluator.answer(storedWatchQuery(query));
    expect(undated.instants).toEqual(routeChangeInstants(network, plan([aktau], NOW), [aktau], NOW));
    expect(undated.instants[0]).toBeLessThan(STARTS - 5 * 86_400_000);
    const dated = await evaluator.answer(storedWatchQuery({ ...query, departAt: '2026-12-10T00:00:00Z' }));
    expect(dated.instants).toEqual([]);
    const staticPlan = await evaluator.answer(storedWatchQuery({ ...query, ignoreDisruptions: 'true' }));
    expect(staticPlan.instants).toEqual([]);
    // Remembered per watch, for the timer.
    evaluator.remember('w1', undated);
    evaluator.remember('w2', dated);
    expect([...evaluator.routeInstants()]).toEqual(undated.instants);
    await evaluator.close();
  });
});
