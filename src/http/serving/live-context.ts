/**
 * What a /routes answer depends on besides its query: the live state's snapshot (read once per request), the
 * day (the default network date) and, while there are disruptions, the departure they are timed from (now,
 * rounded down to DEPARTURE_STEP_MS so that answers can be cached for that long). Its `stamp` names all three:
 * a cached answer is served only under the stamp it was made with, so no answer computed before a change of
 * the live state (or of the day, or of the departure step) is ever served after it.
 */
import type { Disruption, LiveState, LiveStateSource, Network, NetworkOptions } from '../../domain/index.js';
import { NO_DISRUPTIONS, parseInstant } from '../../domain/index.js';

/** Departures are planned from now rounded down to this step while the live state has disruptions. */
export const DEPARTURE_STEP_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

/** The part of a request's context that a planner (in-process or in a worker) needs. */
export interface PlanContext {
  disruptions: readonly Disruption[];
  /** ISO 8601 instant; set when there are disruptions. */
  departAt?: string;
  /** The default network date, YYYY-MM-DD (UTC). */
  today: string;
}

/**
 * The options a routing request plans with under a context, whichever endpoint it is (/routes, /matrix,
 * /reachability): the live state's disruptions, the query's network date or the context's day, and the
 * departure they are timed from (the query's `departAt` where the endpoint takes one, else the context's).
 * The query's validated `departAt` is a date or an ISO 8601 instant with an offset.
 */
export function liveOptions(
  context: PlanContext,
  query: { networkDate?: string | undefined; departAt?: string | undefined },
): { disruptions: NetworkOptions['disruptions']; networkDate: string; departAt?: Date } {
  const departMs = query.departAt === undefined ? undefined : parseInstant(query.departAt);
  const departAt = departMs !== undefined ? departMs : context.departAt;
  return {
    disruptions: context.disruptions,
    networkDate: query.networkDate ?? context.today,
    ...(departAt !== undefined ? { departAt: new Date(departAt) } : {}),
  };
}

export interface RequestContext {
  live: LiveState;
  plan: PlanContext;
  /** Names the live state version, the day and the departure step. */
  stamp: string;
}

/** A live state source with no disruptions (the static network). */
export const STATIC_LIVE_STATE: LiveStateSource = { current: () => NO_DISRUPTIONS };

export interface LiveContextOptions {
  liveState?: LiveStateSource;
  /** The clock (default: the system clock). */
  clock?: () => Date;
}

/** What a route that plans on the live network (/matrix, /reachability) is registered with. */
export interface LivePlanningRouteOptions {
  network: Network;
  /** The live state's snapshot, the clock and the day (default: no disruptions, the system clock). */
  context?: LiveContextReader;
}

/** Reads the context of each request; the last one is remembered, so a repeat costs a few comparisons. */
export class LiveContextReader {
  private readonly source: LiveStateSource;
  private readonly nowMs: () => number;
  private last: RequestContext | undefined;
  private lastDayStart = Number.NaN;
  private lastStep = Number.NaN;

  constructor({ liveState = STATIC_LIVE_STATE, clock }: LiveContextOptions = {}) {
    this.source = liveState;
    this.nowMs = clock ? () => clock().getTime() : Date.now;
  }

  /** The context of a request arriving now (or at `now`, epoch ms, read from the same clock by the caller). */
  read(now = this.nowMs()): RequestContext {
    const live = this.source.current();
    const dayStart = now - (((now % DAY_MS) + DAY_MS) % DAY_MS);
    const timed = live.disruptions.length > 0;
    const step = timed ? now - (((now % DEPARTURE_STEP_MS) + DEPARTURE_STEP_MS) % DEPARTURE_STEP_MS) : 0;
    const last = this.last;
    if (last && last.live === live && this.lastDayStart === dayStart && this.lastStep === step) return last;
    const today = new Date(dayStart).toISOString().slice(0, 10);
    const departAt = timed ? new Date(step).toISOString() : undefined;
    const context: RequestContext = {
      live,
      plan: { disruptions: live.disruptions, ...(departAt ? { departAt } : {}), today },
      stamp: JSON.stringify([live.version, today, departAt ?? null]),
    };
    this.last = context;
    this.lastDayStart = dayStart;
    this.lastStep = step;
    return context;
  }
}
