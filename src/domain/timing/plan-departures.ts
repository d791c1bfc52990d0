/**
 * Departure days compared: for each day of a window (up to MAX_DEPARTURE_DAYS), the arrival range of the route
 * the cargo would take leaving at 00:00 UTC that day, and the best day by p50 and by p90 duration. Candidate
 * routes are planned once (the network does not change within a request); with `optimize=time` each day takes
 * the candidate with the earliest expected arrival for that day, so the corridor may change across the window.
 */
import type { z } from 'zod';
import { DomainError } from '../errors.js';
import type { Disruption } from '../live/disruption-schema.js';
import type { Network } from '../network/network.js';
import { findRoutes, ROUTE_LIMITS, type RouteOptions } from '../planning/find-routes.js';
import type { DeparturePlanSchema, DepartureSchema } from '../results/departure-result-schemas.js';
import { DAY_MS, formatDate, formatInstant } from './departure-instant.js';
import { indexDisruptions } from './disruption-effects.js';
import {
  arrivalRange,
  byExpectedArrival,
  daysRange,
  instantParameter,
  TIME_CANDIDATES,
} from './time-plan.js';
import { DEFAULT_RUNS, timeRoute } from './time-route.js';

/** Most departure days in one request. */
export const MAX_DEPARTURE_DAYS = 31;

export interface DepartureOptions extends Omit<RouteOptions, 'alternatives'> {
  /** First departure day, YYYY-MM-DD (00:00 UTC). */
  from: string;
  /** Number of departure days (1 to MAX_DEPARTURE_DAYS). */
  days: number;
  /** Deadline: each day then carries its onTimeProbability. */
  arriveBy?: string;
  disruptions?: readonly Disruption[];
  runs?: number;
}

export type Departure = z.output<typeof DepartureSchema>;

/** The window /departures answers, but for the data version the HTTP layer adds. */
export type DeparturePlan = Omit<z.output<typeof DeparturePlanSchema>, 'dataVersion'>;

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/**
 * The arrival range of each departure day in the window.
 * @throws DomainError as findRoutes does, INVALID_PARAMETER for a bad `from`, `days` or `arriveBy`, NO_ROUTE when
 *   no candidate is passable on any day.
 */
export function planDepartures(
  network: Network,
  origin: string,
  destination: string,
  options: DepartureOptions,
): DeparturePlan {
  const { from, days, arriveBy, disruptions, runs = DEFAULT_RUNS, ...routeOptions } = options;
  const first = DATE.test(from) ? Date.parse(`${from}T00:00:00Z`) : Number.NaN;
  if (!Number.isFinite(first) || formatDate(first) !== from)
    throw new DomainError('INVALID_PARAMETER', `from: "${from}" is not a date YYYY-MM-DD`, {
      parameter: 'from',
      value: from,
    });
  if (!Number.isInteger(days) || days < 1 || days > MAX_DEPARTURE_DAYS)
    throw new DomainError('INVALID_PARAMETER', `days: must be an integer from 1 to ${MAX_DEPARTURE_DAYS}`, {
      parameter: 'days',
      value: days,
    });
  const deadline = arriveBy === undefined ? undefined : instantParameter(arriveBy, 'arriveBy');
  const byTime = (routeOptions.optimize ?? 'distance') === 'time';
  const plan = findRoutes(network, origin, destination, {
    ...routeOptions,
    alternatives: byTime ? Math.min(ROUTE_LIMITS.maxAlternatives, TIME_CANDIDATES) : 0,
  });
  const index = indexDisruptions(disruptions ?? []);
  const departures: Departure[] = [];
  const warnings: string[] = [];
  for (let d = 0; d < days; d++) {
    const leave = first + d * DAY_MS;
    const timed = plan.routes.map((route, rank) => ({
      route,
      rank,
      timing: timeRoute(network, route.legs, leave, {
        disruptions: index,
        runs,
        legs: false,
        ...(deadline !== undefined ? { arriveBy: deadline } : {}),
      }),
    }));
    timed.sort(byExpectedArrival);
    const chosen = timed[0];
    if (!chosen?.timing.viable) {
      warnings.push(
        `${formatDate(leave)}: no route arrives (a closure without an end lies on every candidate)`,
      );
      continue;
    }
    const departure: Departure = {
      date: formatDate(leave),
      arrival: arrivalRange(chosen.timing),
      durationDays: daysRange(chosen.timing),
      countries: chosen.route.countries,
      ferries: chosen.route.ferries,
    };
    if (chosen.timing.onTimeProbability !== undefined)
      departure.onTimeProbability = Math.round(chosen.timing.onTimeProbability * 100) / 100;
    departures.push(departure);
  }
  if (departures.length === 0)
    throw new DomainError(
      'NO_ROUTE',
      `No departure from ${plan.origin.name} (${plan.origin.id}) between ${from} and ${formatInstant(first + (days - 1) * DAY_MS).slice(0, 10)} arrives: every candidate route meets a closure without an end`,
      { blockedBy: [], relaxations: [] },
    );
  const bestBy = (key: 'p50' | 'p90') =>
    departures.reduce((best, d) => (d.durationDays[key] < best.durationDays[key] ? d : best)).date;
  return {
    origin: plan.origin,
    destination: plan.destination,
    optimize: plan.optimize,
    departures,
    best: { byP50: bestBy('p50'), byP90: bestBy('p90') },
    warnings: [...plan.warnings.filter((w) => !/^\d+ alternatives? requested/.test(w)), ...warnings],
  };
}
