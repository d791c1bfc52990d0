/**
 * When a ferry leg sails: the first departure of its timetable at or after the cargo is ready, skipping sailings
 * that weather cancels. A link's timetable records are periods, each from its first day until the next one's.
 * Published weekly departures are read as they are; a service that sails when loaded has a regular headway
 * whose phase is drawn per simulation run. Weather closes a port (or, where the port has no record, its sea) in
 * episodes of the record's typical length, each episode closed with the month's share: over a month the closed
 * time is that share, and a storm closes consecutive sailings, as it does.
 */
import type { Network, NetworkLink, NetworkNode } from '../network/network.js';
import type { SeasonRecord } from '../network/timing-schema.js';
import { DAY_MS, HOUR_MS } from './departure-instant.js';
import { seedFromText, uniformAt } from './seeded-random.js';
import { nextOnTimeline, nextWeekly, weeklyOffsets } from './timetable-periods.js';

/** Most sailings looked at for one leg before giving up (years of sailings: a closure share below 1 ends). */
const MAX_SAILINGS = 5_000;

/** One period of a ferry leg's sailings: the pattern from its first instant until the next period's. */
export interface SailingPeriod {
  /** First instant the pattern applies, ms since the epoch (-Infinity for the pattern from the start). */
  from: number;
  /** Offsets of the weekly departures from Monday 00:00 UTC, ms, ascending; or null for a headway. */
  weekly: readonly number[] | null;
  headwayMs: number;
}

/** How one ferry leg sails, in its direction of travel. */
export interface SailingPattern {
  /** The periods of its timetable, ascending by `from`, the first from -Infinity. */
  periods: readonly SailingPeriod[];
  /** The weather that can cancel a sailing, or null when none is recorded. */
  weather: SeasonRecord | null;
  /** Integer key of the weather zone and of the link, for the draws. */
  zoneKey: number;
  linkKey: number;
}

/**
 * The sailing pattern of a ferry link travelled from `from`: its timetable records as periods, and before the
 * first dated record where none applies from the start, the headway of the link's `sailingsPerWeek`.
 */
export function sailingPattern(network: Network, link: NetworkLink, from: NetworkNode): SailingPattern {
  const forward = link.from === from.id;
  const records = network.timing?.timetables.get(link.id) ?? [];
  const periods: SailingPeriod[] = records.map((r) => ({
    from: r.from === undefined ? Number.NEGATIVE_INFINITY : Date.parse(`${r.from}T00:00:00Z`),
    weekly: r.weekly ? weeklyOffsets(!forward && r.reverseWeekly ? r.reverseWeekly : r.weekly) : null,
    headwayMs: (r.headwayHours ?? 168 / (link.sailingsPerWeek ?? 1)) * HOUR_MS,
  }));
  if (periods.length === 0 || (periods[0] as SailingPeriod).from !== Number.NEGATIVE_INFINITY)
    periods.unshift({
      from: Number.NEGATIVE_INFINITY,
      weekly: null,
      headwayMs: (168 / (link.sailingsPerWeek ?? 1)) * HOUR_MS,
    });
  const byPort = network.timing?.seasonsByPort.get(from.id);
  const weather = byPort ?? (link.sea ? network.timing?.seasonsBySea.get(link.sea) : undefined) ?? null;
  return {
    periods,
    weather,
    zoneKey: seedFromText(byPort ? `port:${from.id}` : `sea:${link.sea ?? ''}`),
    linkKey: seedFromText(`${link.id}:${forward ? 'f' : 'r'}`),
  };
}

/** Whether weather keeps ships in port at `t`, in simulation run `run`. */
export function closedByWeather(pattern: SailingPattern, seed: number, run: number, t: number): boolean {
  const w = pattern.weather;
  if (w === null) return false;
  const episode = w.episodeDays * DAY_MS;
  // Episodes are aligned per zone and run at a drawn phase, so their edges fall at any hour.
  const phase = uniformAt(seed, pattern.zoneKey, run, -1) * episode;
  const k = Math.floor((t - phase) / episode);
  const start = phase + k * episode;
  const share = w.closedShare[new Date(start).getUTCMonth()] ?? 0;
  return uniformAt(seed, pattern.zoneKey, run, k) < share;
}

/**
 * The first scheduled departure at or after `t` (weather aside), over the link's periods (timetable-periods.ts).
 * A headway's phase is one draw per link and run for every period.
 */
function nextDeparture(pattern: SailingPattern, seed: number, run: number, t: number): number {
  return nextOnTimeline(pattern.periods, t, (p, start) => {
    if (p.weekly === null || p.weekly.length === 0) {
      const phase = uniformAt(seed, pattern.linkKey, run, -2) * p.headwayMs;
      return phase + Math.ceil((start - phase) / p.headwayMs) * p.headwayMs;
    }
    return nextWeekly(p.weekly, start);
  }) as number;
}

/**
 * The sailing the cargo catches when ready at `t`: the first departure at or after `t` that weather does not
 * cancel and that `blocked` (live closures of the link, sea or port) lets through; Infinity when none does
 * within MAX_SAILINGS. `blocked` returns the instant from which sailing is allowed again (t itself when free).
 */
export function catchSailing(
  pattern: SailingPattern,
  seed: number,
  run: number,
  t: number,
  blocked: (at: number) => number,
): number {
  let at = t;
  for (let i = 0; i < MAX_SAILINGS; i++) {
    const s = nextDeparture(pattern, seed, run, at);
    const free = blocked(s);
    if (free > s) {
      if (!Number.isFinite(free)) return Number.POSITIVE_INFINITY;
      at = free;
      continue;
    }
    if (!closedByWeather(pattern, seed, run, s)) return s;
    at = s + 1;
  }
  return Number.POSITIVE_INFINITY;
}
