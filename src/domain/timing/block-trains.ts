/**
 * Block-train departures at the origin (block-trains.json): a route that starts where a published service
 * starts and passes every node the service passes leaves on that service's next departure, not at once. A
 * service's records are periods of one timeline of departures (a weekly pattern, or a headway whose phase is
 * drawn per simulation run where only the frequency is published); the next departure after an instant is the
 * first of that timeline, so leaving later never means leaving earlier.
 */
import type { Network } from '../network/network.js';
import type { BlockTrainRecord } from '../network/timing-schema.js';
import type { Leg } from '../planning/describe-route.js';
import { HOUR_MS } from './departure-instant.js';
import { seedFromText, uniformAt } from './seeded-random.js';
import { nextOnTimeline, nextWeekly, weeklyOffsets } from './timetable-periods.js';

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
  weekly: r.weekly ? weeklyOffsets(r.weekly) : null,
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
  const dep = nextOnTimeline(service.periods, t, (p, start) => {
    if (p.weekly === null) {
      const phase = uniformAt(seed, 0x6274, run, service.key) * p.headwayMs;
      const first = p.from + phase;
      return start <= first ? first : first + Math.ceil((start - first) / p.headwayMs) * p.headwayMs;
    }
    return nextWeekly(p.weekly, start);
  });
  return dep ?? t;
}
