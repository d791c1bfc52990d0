/**
 * Departure timelines made of periods, as ferry timetables and block-train patterns are written: each period's
 * pattern applies from its first instant until the next period's, and weekly patterns count from Monday 00:00
 * UTC.
 */
import type { WeeklyDeparture } from '../network/timing-schema.js';
import { WEEKDAYS } from '../network/timing-schema.js';
import { DAY_MS, HOUR_MS } from './departure-instant.js';

const WEEK_MS = 7 * DAY_MS;
/** Monday 1970-01-05 00:00 UTC: weekly patterns count from a Monday. */
const MONDAY = 4 * DAY_MS;

/** Offsets of weekly departures from Monday 00:00 UTC, ms, ascending. */
export function weeklyOffsets(departures: readonly WeeklyDeparture[]): number[] {
  return departures
    .map((d) => {
      const [h, m] = d.time.split(':').map(Number) as [number, number];
      return WEEKDAYS.indexOf(d.day) * DAY_MS + h * HOUR_MS + m * 60_000;
    })
    .sort((a, b) => a - b);
}

/** The first weekly departure at or after `t` (offsets from weeklyOffsets, at least one). */
export function nextWeekly(offsets: readonly number[], t: number): number {
  const weekStart = MONDAY + Math.floor((t - MONDAY) / WEEK_MS) * WEEK_MS;
  for (let w = weekStart; ; w += WEEK_MS) {
    for (const offset of offsets) if (w + offset >= t) return w + offset;
  }
}

/**
 * The first departure at or after `t` over periods sorted by `from`: the period in force at `t` is asked first
 * (`departureIn`, from the later of `t` and its first instant), and a departure it gives at or after the next
 * period's first instant gives way to that period's. Cargo ready later so never leaves earlier. Undefined before
 * the first period, or where no period gives a departure.
 */
export function nextOnTimeline<P extends { from: number }>(
  periods: readonly P[],
  t: number,
  departureIn: (period: P, start: number) => number,
): number | undefined {
  if (periods.length === 0 || t < (periods[0] as P).from) return undefined;
  let k = 0;
  while (k + 1 < periods.length && (periods[k + 1] as P).from <= t) k++;
  for (; k < periods.length; k++) {
    const p = periods[k] as P;
    const end = k + 1 < periods.length ? (periods[k + 1] as P).from : Number.POSITIVE_INFINITY;
    const dep = departureIn(p, Math.max(t, p.from));
    if (dep < end) return dep;
  }
  return undefined;
}
