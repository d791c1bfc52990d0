/**
 * Block-train departures at the origin (block-trains.json): a route that starts where a published service
 * starts and passes every node the service passes leaves on that service's next departure, not at once. A
 * service's records are periods of one timeline of departures (a weekly pattern, or a headway whose phase is
 * drawn per simulation run where only the frequency is published); the next departure after an instant is the
 * first of that timeline, so leaving later never means leaving earlier.
 */
import type { Network } from '../network/network.js';
import type { BlockTrainRecord } from '../network/timing-schema.js';
import { WEEKDAYS } from '../network/timing-schema.js';
import type { Leg } from '../planning/describe-route.js';
import { DAY_MS, HOUR_MS } from './departure-instant.js';
import { seedFromText, uniformAt } from './seeded-random.js';

const WEEK_MS = 7 * DAY_MS;
/** Monday 1970-01-05 00:00 UTC: weekly patterns count from a Monday. */
const MONDAY = 4 * DAY_MS;

interface Period {
  from: number;
  /** Weekly offsets from Monday 00:00 UTC, ascending, or null for a headway. */
  weekly: number[] | null;
  headwayMs: number;
}

/** The departures of one service, as the simulation reads them. */
export interface BlockTrainService {
  name: string;
  periods: readonly Period[];
  key: number;
}

const periodOf = (r: BlockTrainRecord): Period => ({
  from: Date.parse(`${r.from}T00:00:00Z`),
  weekly: r.weekly
    ? r.weekly
        .map((d) => {
          const [h, m] = d.time.split(':').map(Number) as [number, number];
          return WEEKDAYS.indexOf(d.day) * DAY_MS + h * HOUR_MS + m * 60_000;
        })
        .sort((a, b) => a - b)
    : null,
  headwayMs: (r.headwayHours ?? 0) * HOUR_MS,
});

/** The services a route leaving from its first node and passing its nodes travels on (usually none). */
export function blockTrainsOf(
  network: Network,
  legs: readonly Pick<Leg, 'from' | 'to'>[],
): BlockTrainService[] {
  const first = legs[0];
  const timing = network.timing;
  const services = first ? timing?.blockTrainsByOrigin.get(first.from.id) : undefined;
  if (!timing || !services) return [];
  const known = network.engine.timing(timing).services;
  const passed = new Set(legs.map((l) => l.to.id));
  return services
    .filter((periods) => (periods[0] as BlockTrainRecord).passes.every((id) => passed.has(id)))
    .map((periods) => {
      let service = known.get(periods);
      if (service === undefined) {
        service = serviceOf(periods);
        known.set(periods, service);
      }
      return service;
    });
}

/** A service's periods as the simulation reads them (made once per service, then remembered). */
function serviceOf(periods: readonly BlockTrainRecord[]): BlockTrainService {
  const first = periods[0] as BlockTrainRecord;
  return { name: first.service, periods: periods.map(periodOf), key: seedFromText(first.service) };
}

/**
 * The first departure of the service at or after `t` in run `run` (t itself before the service's first
 * period: no published departures, the cargo leaves when it is ready).
 */
export function nextBlockTrain(service: BlockTrainService, seed: number, run: number, t: number): number {
  const { periods } = service;
  if (periods.length === 0 || t < (periods[0] as Period).from) return t;
  let k = 0;
  while (k + 1 < periods.length && (periods[k + 1] as Period).from <= t) k++;
  for (; k < periods.length; k++) {
    const p = periods[k] as Period;
    const end = k + 1 < periods.length ? (periods[k + 1] as Period).from : Number.POSITIVE_INFINITY;
    const start = Math.max(t, p.from);
    let dep: number;
    if (p.weekly === null) {
      const phase = uniformAt(seed, 0x6274, run, service.key) * p.headwayMs;
      const first = p.from + phase;
      dep = start <= first ? first : first + Math.ceil((start - first) / p.headwayMs) * p.headwayMs;
    } else {
      const week = Math.floor((start - MONDAY) / WEEK_MS) * WEEK_MS + MONDAY;
      dep = Number.POSITIVE_INFINITY;
      for (let w = week; dep === Number.POSITIVE_INFINITY; w += WEEK_MS)
        for (const o of p.weekly)
          if (w + o >= start) {
            dep = w + o;
            break;
          }
    }
    if (dep < end) return dep;
  }
  return t;
}
