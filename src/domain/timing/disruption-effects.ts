/**
 * Live disruptions (src/domain/live/disruption-schema.ts) as the cargo meets them, at the time it reaches them:
 * a closure holds it until the closure ends (for ever when it has no end); a delay adds its extra hours to cargo
 * arriving in its window, and cargo arriving just after the window still queues behind that cargo, so leaving
 * later never means arriving earlier.
 */
import type { Disruption } from '../live/disruption-schema.js';
import { HOUR_MS } from './departure-instant.js';

/** A disruption's window and effect in milliseconds. */
export interface Window {
  id: string;
  start: number;
  end: number;
  closed: boolean;
  extraMs: number;
}

/** The disruptions of one request, by what they apply to. */
export interface DisruptionIndex {
  node: Map<string, Window[]>;
  link: Map<string, Window[]>;
  sea: Map<string, Window[]>;
  country: Map<string, Window[]>;
  /** True when there is no disruption at all (the common case is then free). */
  empty: boolean;
}

/** Indexes disruptions by target; ended and unknown-effect entries are kept out by their windows alone. */
export function indexDisruptions(disruptions: readonly Disruption[]): DisruptionIndex {
  const index: DisruptionIndex = {
    node: new Map(),
    link: new Map(),
    sea: new Map(),
    country: new Map(),
    empty: disruptions.length === 0,
  };
  for (const d of disruptions) {
    const window: Window = {
      id: d.id,
      start: Date.parse(d.startsAt),
      end: d.endsAt === null ? Number.POSITIVE_INFINITY : Date.parse(d.endsAt),
      closed: d.effect === 'closed',
      extraMs: (d.extraHours ?? 0) * HOUR_MS,
    };
    const map = index[d.target.kind];
    const list = map.get(d.target.id) ?? [];
    list.push(window);
    list.sort((a, b) => a.start - b.start);
    map.set(d.target.id, list);
  }
  return index;
}

/**
 * When cargo that reaches something with these disruptions at `t` may go on (Infinity: never). Each disruption
 * acts once, in the order they start (a delay that runs into a later closure waits for that closure too); each
 * step never moves later cargo ahead of earlier cargo, so neither does the whole.
 */
export function passAt(windows: readonly Window[] | undefined, t: number, blocker?: { id?: string }): number {
  if (windows === undefined) return t;
  let at = t;
  for (const w of windows) {
    if (at >= w.start && at < w.end) at = w.closed ? w.end : at + w.extraMs;
    else if (!w.closed && at >= w.end && at < w.end + w.extraMs) at = w.end + w.extraMs;
    if (!Number.isFinite(at)) {
      if (blocker) blocker.id = w.id;
      return at;
    }
  }
  return at;
}

/** Two lists of windows as one, in the order they start (either may be absent). */
export function joinWindows(
  a: readonly Window[] | undefined,
  b: readonly Window[] | undefined,
): readonly Window[] | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return [...a, ...b].sort((x, y) => x.start - y.start);
}
