/**
 * Routes with dates: plans routes (findRoutes), times each one for a departure instant (time-route.ts) and
 * writes the median timeline onto its legs and the arrival range onto the route. With `optimize=time` the
 * choice is made on the expected arrival for that date: among the engine's meaningfully different candidates
 * (other corridors), the earliest p50 arrival comes first, so the best corridor can change with the date.
 */
import type { z } from 'zod';
import { DomainError } from '../errors.js';
import type { Disruption } from '../live/disruption-schema.js';
import type { Network } from '../network/network.js';
import { type EventSpan, type Leg, listEvents, type RouteEvent } from '../planning/describe-route.js';
import {
  findRoutes,
  type PlannedRoute,
  ROUTE_LIMITS,
  type RouteOptions,
  type RoutePlan,
} from '../planning/find-routes.js';
import type { LegSchema, RoutePlanSchema, RouteSchema } from '../results/route-result-schemas.js';
import type { ArrivalRangeSchema, DaysRangeSchema } from '../results/timing-result-schemas.js';
import { formatInstant, parseInstant } from './departure-instant.js';
import type { DisruptionIndex } from './disruption-effects.js';
import { indexDisruptions } from './disruption-effects.js';
import { type RouteTiming, timeRoute } from './time-route.js';

/** Candidate routes compared by expected arrival when optimizing time for a date (the best and 3 alternatives). */
export const TIME_CANDIDATES = 3;

export interface DatedOptions {
  /** Departure: ISO 8601 date-time with an offset, or a date (00:00 UTC). */
  departAt: string;
  /** Deadline, same format: the answer then carries each route's onTimeProbability. */
  arriveBy?: string;
  /** Live disruptions met on the way (default none). */
  disruptions?: readonly Disruption[];
  /** Simulation runs (default DEFAULT_RUNS). */
  runs?: number;
}

export type ArrivalRange = z.output<typeof ArrivalRangeSchema>;
export type DaysRange = z.output<typeof DaysRangeSchema>;

type RouteAnswer = z.output<typeof RouteSchema>;
type PlanAnswer = z.output<typeof RoutePlanSchema>;

/** A leg with its median timeline. */
export type DatedLeg = Leg & Required<Pick<z.output<typeof LegSchema>, 'departsAt' | 'arrivesAt'>>;

/** A planned route with dated legs, its arrival and duration range and (with arriveBy) its on-time share. */
export type DatedRoute = Omit<PlannedRoute, 'legs'> & {
  legs: DatedLeg[];
} & Required<Pick<RouteAnswer, 'arrival' | 'durationDays'>> &
  Pick<RouteAnswer, 'onTimeProbability'>;

export type DatedRoutePlan = Omit<RoutePlan, 'routes' | 'departAt'> &
  Required<Pick<PlanAnswer, 'departAt'>> &
  Pick<PlanAnswer, 'arriveBy'> & { routes: DatedRoute[] };

const round1 = (x: number) => Math.round(x * 10) / 10;

/** The instant of a `departAt` or `arriveBy` value, or a DomainError naming the parameter. */
export function instantParameter(value: string, parameter: string): number {
  const ms = parseInstant(value);
  if (ms === undefined) {
    throw new DomainError(
      'INVALID_PARAMETER',
      `${parameter}: "${value}" is neither an ISO 8601 date-time with an offset (2026-12-05T08:00:00Z, 2026-12-05T12:00:00+04:00) nor a date (2026-12-05, read as 00:00 UTC)`,
      { parameter, value },
    );
  }
  return ms;
}

/** The arrival range of a timing, as the answer writes it. */
export function arrivalRange(timing: RouteTiming): ArrivalRange {
  return {
    p10: formatInstant(timing.arrival.p10),
    p50: formatInstant(timing.arrival.p50),
    p90: formatInstant(timing.arrival.p90),
  };
}

/** The duration range of a timing in days, one decimal. */
export function daysRange(timing: RouteTiming): DaysRange {
  return {
    p10: round1(timing.durationDays.p10),
    p50: round1(timing.durationDays.p50),
    p90: round1(timing.durationDays.p90),
  };
}

/**
 * The route's events with the dwell of their stops on this date: the median hours at each stop from the
 * simulation (rounded to one decimal), summed over the stops an event spans (a border crossing with exit
 * formalities on the other side counts both).
 */
function datedEvents(network: Network, route: PlannedRoute, timing: RouteTiming): RouteEvent[] {
  const nodeIndices: number[] = [];
  const linkIndices: number[] = [];
  const first = route.legs[0];
  if (first === undefined) return route.events;
  nodeIndices.push((network.nodeById.get(first.from.id) as { index: number }).index);
  for (const leg of route.legs) {
    nodeIndices.push((network.nodeById.get(leg.to.id) as { index: number }).index);
    linkIndices.push((network.linkById.get(leg.linkId) as { index: number }).index);
  }
  const spans: EventSpan[] = [];
  const events = listEvents(network, nodeIndices, linkIndices, spans);
  return events.map((e, k) => {
    const span = spans[k] as EventSpan;
    let hours = 0;
    for (let j = span.first; j <= span.last; j++) hours += timing.stopHours[j] ?? 0;
    return { ...e, dwellHours: round1(hours) };
  });
}

function datedRoute(network: Network, route: PlannedRoute, timing: RouteTiming): DatedRoute {
  const legs = route.legs.map((leg, i) => {
    const at = timing.legs[i] as { departsAt: number; arrivesAt: number };
    // Legs are shared and frozen (describe-route.ts): a dated leg is a copy.
    return { ...leg, departsAt: formatInstant(at.departsAt), arrivesAt: formatInstant(at.arrivesAt) };
  });
  const dated: DatedRoute = {
    ...route,
    events: datedEvents(network, route, timing),
    legs,
    arrival: arrivalRange(timing),
    durationDays: daysRange(timing),
  };
  if (timing.onTimeProbability !== undefined)
    dated.onTimeProbability = Math.round(timing.onTimeProbability * 100) / 100;
  return dated;
}

/** Orders timed candidates: passable first, then by p50 arrival, then p90, then the engine's order. */
export function byExpectedArrival(
  a: { timing: RouteTiming; rank: number },
  b: { timing: RouteTiming; rank: number },
) {
  if (a.timing.viable !== b.timing.viable) return a.timing.viable ? -1 : 1;
  return (
    a.timing.arrival.p50 - b.timing.arrival.p50 ||
    a.timing.arrival.p90 - b.timing.arrival.p90 ||
    a.rank - b.rank
  );
}

/**
 * Plans and times routes for a departure. Without `optimize=time` the routes are the engine's, timed; with it,
 * up to TIME_CANDIDATES + 1 candidates are timed and the earliest expected arrivals are returned, best first.
 * @throws DomainError as findRoutes does, INVALID_PARAMETER for a departAt or arriveBy that is not an instant,
 *   and NO_ROUTE when every candidate meets a closure that never ends.
 */
export function findDatedRoutes(
  network: Network,
  origin: string,
  destination: string,
  options: Omit<RouteOptions, 'departAt'> & DatedOptions,
): DatedRoutePlan {
  const { departAt, arriveBy, disruptions, runs, ...routeOptions } = options;
  const departMs = instantParameter(departAt, 'departAt');
  const arriveByMs = arriveBy === undefined ? undefined : instantParameter(arriveBy, 'arriveBy');
  const wanted = routeOptions.alternatives ?? 0;
  const byTime = (routeOptions.optimize ?? 'distance') === 'time';
  const searched = byTime
    ? Math.min(ROUTE_LIMITS.maxAlternatives, Math.max(wanted, TIME_CANDIDATES))
    : wanted;
  // The search honours closures in force when the cargo gets there, timed from this departure; the
  // simulation then times the routes it found through the same disruptions.
  const live = routeOptions.ignoreDisruptions ? [] : (disruptions ?? []);
  const plan = findRoutes(network, origin, destination, {
    ...routeOptions,
    alternatives: searched,
    disruptions: live,
    departAt: new Date(departMs),
  });
  const index: DisruptionIndex = indexDisruptions(live);
  const timingOf = (route: PlannedRoute, legs: boolean) =>
    timeRoute(network, route.legs, departMs, {
      disruptions: index,
      legs,
      ...(runs !== undefined ? { runs } : {}),
      ...(arriveByMs !== undefined ? { arriveBy: arriveByMs } : {}),
    });
  // With optimize=time the candidates are compared by arrival alone; only those kept get their timeline (the
  // same seeded draws give the same arrival again).
  const timed = plan.routes.map((route, rank) => ({ route, rank, timing: timingOf(route, !byTime) }));
  if (byTime) timed.sort(byExpectedArrival);
  const warnings = plan.warnings.filter((w) => !/^\d+ alternatives? requested/.test(w));
  const passable = timed.filter((t) => t.timing.viable);
  for (const t of timed) {
    if (!t.timing.viable)
      warnings.push(
        `a route through ${t.route.countries.join('-')} was left out: it meets a closure without an end (disruption ${t.timing.blockedBy ?? 'unknown'})`,
      );
  }
  if (passable.length === 0) {
    const ids = [...new Set(timed.map((t) => t.timing.blockedBy ?? 'unknown'))].join(', ');
    throw new DomainError(
      'NO_ROUTE',
      `No route from ${plan.origin.name} (${plan.origin.id}) to ${plan.destination.name} (${plan.destination.id}) leaving ${formatInstant(departMs)} arrives: every route meets a closure without an end (disruption ${ids})`,
      { blockedBy: [], relaxations: [] },
    );
  }
  const kept = passable.slice(0, wanted + 1);
  if (kept.length - 1 < wanted) {
    warnings.push(
      `${wanted} alternative${wanted === 1 ? '' : 's'} requested, ${kept.length - 1} found that differ meaningfully (other countries or seas) from the routes before them`,
    );
  }
  const dated: DatedRoutePlan = {
    ...plan,
    departAt: formatInstant(departMs),
    routes: kept.map((t) =>
      datedRoute(network, t.route, t.timing.legs.length > 0 ? t.timing : timingOf(t.route, true)),
    ),
    warnings,
  };
  if (arriveByMs !== undefined) dated.arriveBy = formatInstant(arriveByMs);
  return dated;
}
