/**
 * The timing model: when a planned route's cargo leaves each node and arrives, for a departure instant. A seeded
 * Monte Carlo simulation runs the route many times; in each run the cargo dwells at every node by a draw from
 * that node's distribution for the date (dwell-model.ts), catches the next ferry sailing that weather lets go
 * (sailings.ts), and meets live closures and delays when it gets there (disruption-effects.ts). Each run is
 * FIFO in the departure instant and the draws do not depend on it, so every quantile is FIFO too: leaving later
 * never arrives earlier. The leg timeline is the median of each leg's departure and arrival over the runs.
 */
import type { Disruption } from '../live/disruption-schema.js';
import type { Network, NetworkLink, NetworkNode } from '../network/network.js';
import { handlingAt, type Leg } from '../planning/describe-route.js';
import { blockTrainsOf, nextBlockTrain } from './block-trains.js';
import { DAY_MS, HOUR_MS } from './departure-instant.js';
import {
  type DisruptionIndex,
  indexDisruptions,
  joinWindows,
  passAt,
  type Window,
} from './disruption-effects.js';
import {
  type DwellQuantiles,
  dwellQuantile,
  fixedDwellOf,
  handlingAlwaysCovered,
  handlingCoveredAt,
  handlingQuantiles,
  mayCoverHandling,
  readyToLeave,
} from './dwell-model.js';
import { catchSailing, type SailingPattern, sailingPattern } from './sailings.js';
import { seedFromJoined, uniformAt } from './seeded-random.js';

/** Simulation runs per route by default: quantiles to about ±2.5 percentage points. */
export const DEFAULT_RUNS = 400;
/** Most runs a caller may ask for. */
export const MAX_RUNS = 10_000;

export interface TimingOptions {
  /** Simulation runs (default DEFAULT_RUNS). */
  runs?: number;
  /** Live disruptions (default none: the static network). */
  disruptions?: readonly Disruption[] | DisruptionIndex;
  /** A deadline, ms since the epoch: the answer then says how likely arrival by it is. */
  arriveBy?: number;
  /** Whether to compute each leg's median timeline (default true; /departures needs only the arrival). */
  legs?: boolean;
}

export interface Quantiles {
  p10: number;
  p50: number;
  p90: number;
}

export interface RouteTiming {
  /** False when a closure without an end lies in the way: the cargo never arrives. */
  viable: boolean;
  /** The disruption that blocks the route for good, when one does. */
  blockedBy?: string;
  /** Median departure and arrival of each leg, ms since the epoch (with `legs`). */
  legs: { departsAt: number; arrivesAt: number }[];
  /**
   * Median hours the cargo stays at each node of the route (with `legs`; index 0 the origin, the last the
   * destination): from the end of the leg in (moving) to the start of the leg out, with dwell, handling, the
   * wait for a sailing and closures met there.
   */
  stopHours: number[];
  /** Arrival quantiles, ms since the epoch. */
  arrival: Quantiles;
  /** Door-to-door duration quantiles, days. */
  durationDays: Quantiles;
  /** Share of runs arriving by `arriveBy` (with arriveBy). */
  onTimeProbability?: number;
}

/** The part of a leg the timing model reads. */
export type TimedLeg = Pick<Leg, 'from' | 'to' | 'linkId' | 'movingHours' | 'mode' | 'countries'>;

/** The quantile q of sorted values (nearest rank). */
function quantile(sorted: Float64Array, q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] as number;
}

interface PreparedLeg {
  from: NetworkNode;
  link: NetworkLink;
  movingMs: number;
  /**
   * Mode- and gauge-change handling the link carries (estimate-costs.ts) as distributions, hours: at the end it
   * leaves, and on arrival (null where it handles nothing).
   */
  handlingBefore: DwellQuantiles | null;
  handlingAfter: DwellQuantiles | null;
  /**
   * The node whose handling a dated dwell record may already count (a crossing measured from entry to exit,
   * transhipment included), for each end: the handling is then drawn only while no such record applies.
   */
  coveredBefore: NetworkNode | null;
  coveredAfter: NetworkNode | null;
  /** The dwell at `from` when it does not depend on the date (most nodes): read without a lookup. */
  fixedDwell: DwellQuantiles | null;
  /** Disruptions met at the node the leg leaves (on arrival there). */
  atNode: readonly Window[] | undefined;
  /** Disruptions met when the leg starts: its link, and a border it crosses. */
  onStart: readonly Window[] | undefined;
  /** Ferry legs: the sailing pattern and the closures that stop sailings. */
  sailing: SailingPattern | null;
  sailingBlocked: readonly Window[] | undefined;
}

function prepare(network: Network, legs: readonly TimedLeg[], index: DisruptionIndex): PreparedLeg[] {
  const links = network.linkById;
  return legs.map((leg) => {
    const from = network.nodeById.get(leg.from.id) as NetworkNode;
    const link = links.get(leg.linkId) as NetworkLink;
    let onStart: readonly Window[] | undefined = index.link.get(link.id);
    if (leg.countries.length > 1)
      for (const c of leg.countries) onStart = joinWindows(onStart, index.country.get(c));
    const atNode = index.node.get(from.id);
    const ferry = leg.mode === 'ferry';
    // The link's wait is the half-interval of its sailings plus its handling; the sailing wait is simulated
    // here from the timetable, the handling is drawn at each end (a ferry loads at the port it leaves and
    // unloads at the other; a train changes gauge at the end whose gauge differs from its own).
    const to = network.nodeById.get(leg.to.id) as NetworkNode;
    return {
      from,
      link,
      movingMs: leg.movingHours * HOUR_MS,
      handlingBefore: handlingAlwaysCovered(network, from)
        ? null
        : handlingQuantiles(network, from, handlingAt(link, from)),
      handlingAfter: handlingAlwaysCovered(network, to)
        ? null
        : handlingQuantiles(network, to, handlingAt(link, to)),
      coveredBefore: mayCoverHandling(network, from) ? from : null,
      coveredAfter: mayCoverHandling(network, to) ? to : null,
      fixedDwell: fixedDwellOf(network, from),
      atNode,
      onStart,
      sailing: ferry ? sailingPattern(network, link, from) : null,
      sailingBlocked: ferry
        ? joinWindows(joinWindows(onStart, atNode), link.sea ? index.sea.get(link.sea) : undefined)
        : undefined,
    };
  });
}

/**
 * Adds a handling draw to every run (stream `key`: the leg and its end), or nothing where none is handled. With
 * `covered` (a node whose dated dwell may count the handling already), runs there while such a record applies
 * draw none.
 */
function addHandling(
  network: Network,
  arrival: Float64Array,
  q: DwellQuantiles | null,
  seed: number,
  key: number,
  covered: NetworkNode | null,
): void {
  if (q === null || q.p90 === 0) return;
  if (covered !== null) {
    for (let r = 0; r < arrival.length; r++) {
      const t = arrival[r] as number;
      if (!Number.isFinite(t) || handlingCoveredAt(network, covered, t)) continue;
      arrival[r] = t + dwellQuantile(q, uniformAt(seed, 0x686e, r, key)) * HOUR_MS;
    }
    return;
  }
  if (q.p10 === q.p90) {
    const add = q.p50 * HOUR_MS;
    for (let r = 0; r < arrival.length; r++) arrival[r] = (arrival[r] as number) + add;
    return;
  }
  for (let r = 0; r < arrival.length; r++)
    arrival[r] = (arrival[r] as number) + dwellQuantile(q, uniformAt(seed, 0x686e, r, key)) * HOUR_MS;
}

/**
 * The medians the answer reports, taken while the runs are simulated leg by leg, so that no array per leg is
 * kept (a route on a large network has thousands of legs): each leg's median departure and arrival, and the
 * median hours at each node (from reaching it to leaving it; origin first, destination last). Most steps move
 * every run by the same time (a leg's running time, a fixed dwell): then the median moves by that time too,
 * and no sort is needed.
 */
class RouteMedians {
  readonly legs: { departsAt: number; arrivesAt: number }[] = [];
  readonly stopHours: number[] = [];
  private readonly scratch: Float64Array;
  /** The previous instants of the timeline (a departure or an arrival), and their median. */
  private readonly prev: Float64Array;
  private hasPrev = false;
  private prevMedian = 0;
  /** When each run reached the end of the last leg, before unloading or transhipment there. */
  private readonly reached: Float64Array;
  private departsAt = 0;

  constructor(
    private readonly departAt: number,
    private readonly runs: number,
  ) {
    this.scratch = new Float64Array(runs);
    this.prev = new Float64Array(runs);
    this.reached = new Float64Array(runs);
  }

  /** The runs leave on the next leg at `at`. */
  depart(at: Float64Array): void {
    this.stop(at, this.legs.length > 0 ? this.reached : null);
    this.departsAt = this.timelineMedian(at);
  }

  /** The runs reach the end of the leg at `at`. */
  reach(at: Float64Array): void {
    this.reached.set(at);
  }

  /** The leg's cargo is ready at its end at `at` (unloaded, handled, past closures there). */
  arrive(at: Float64Array): void {
    this.legs.push({ departsAt: this.departsAt, arrivesAt: this.timelineMedian(at) });
  }

  /** The stop at the destination, once the last leg has arrived at `at`. */
  finish(at: Float64Array): void {
    if (this.legs.length > 0) this.stop(at, this.reached);
  }

  private timelineMedian(a: Float64Array): number {
    const { prev, runs } = this;
    if (this.hasPrev) {
      const shift = (a[0] as number) - (prev[0] as number);
      let uniform = Number.isFinite(shift);
      for (let r = 1; uniform && r < runs; r++) uniform = (a[r] as number) - (prev[r] as number) === shift;
      if (uniform) {
        prev.set(a);
        this.prevMedian += shift;
        return this.prevMedian;
      }
    }
    const { scratch } = this;
    scratch.set(a);
    scratch.sort();
    prev.set(a);
    this.hasPrev = true;
    this.prevMedian = quantile(scratch, 0.5);
    return this.prevMedian;
  }

  /** The median time from `into` (the departure at the origin) to `out`, in hours. */
  private stop(out: Float64Array, into: Float64Array | null): void {
    const { scratch, runs, departAt } = this;
    // Most stops take the same time in every run (a station without dwell: none): no sort needed then.
    let same = true;
    for (let r = 0; r < runs; r++) {
      scratch[r] = (out[r] as number) - (into ? (into[r] as number) : departAt);
      if (same && scratch[r] !== scratch[0]) same = false;
    }
    if (!same) scratch.sort();
    const median = quantile(scratch, 0.5);
    this.stopHours.push(Number.isFinite(median) ? median / HOUR_MS : Number.POSITIVE_INFINITY);
  }
}

/**
 * Times a route leaving at `departAt` (ms since the epoch). The seed comes from the route's links alone, not from
 * the date nor from the rest of the data, so the same query always gives the same figures, neighbouring dates are
 * compared under the same draws, and an edit elsewhere in the network leaves this route's draws as they were
 * (its figures move only when data it uses changes).
 */
export function timeRoute(
  network: Network,
  legs: readonly TimedLeg[],
  departAt: number,
  options: TimingOptions = {},
): RouteTiming {
  const runs = Math.min(MAX_RUNS, Math.max(1, Math.floor(options.runs ?? DEFAULT_RUNS)));
  const wantLegs = options.legs ?? true;
  const given = options.disruptions ?? [];
  const index = Array.isArray(given) ? indexDisruptions(given) : (given as DisruptionIndex);
  const prepared = prepare(network, legs, index);
  const last = legs[legs.length - 1];
  const atDestination = last ? index.node.get(last.to.id) : undefined;
  const seed = seedFromJoined(
    legs.map((l) => l.linkId),
    '|',
  );
  const services = blockTrainsOf(network, legs);

  const n = prepared.length;
  const medians = wantLegs ? new RouteMedians(departAt, runs) : null;
  // Leg by leg over all runs at once (the runs are independent): each leg's kind is decided once, not per run.
  const arrival = new Float64Array(runs).fill(departAt);
  const blocker: { id?: string } = {};
  for (let i = 0; i < n; i++) {
    const p = prepared[i] as PreparedLeg;
    if (p.atNode) for (let r = 0; r < runs; r++) arrival[r] = passAt(p.atNode, arrival[r] as number, blocker);
    const q = p.fixedDwell;
    if (i === 0 || (q !== null && q.p90 === 0)) {
      // No dwell at the origin, nor at a node without any.
    } else if (q !== null && q.p10 === q.p90) {
      const add = q.p50 * HOUR_MS;
      for (let r = 0; r < runs; r++) arrival[r] = (arrival[r] as number) + add;
    } else if (q !== null) {
      for (let r = 0; r < runs; r++)
        arrival[r] = (arrival[r] as number) + dwellQuantile(q, uniformAt(seed, 0x6477, r, i)) * HOUR_MS;
    } else {
      for (let r = 0; r < runs; r++)
        arrival[r] = readyToLeave(network, p.from, arrival[r] as number, uniformAt(seed, 0x6477, r, i));
    }
    addHandling(network, arrival, p.handlingBefore, seed, 2 * i, p.coveredBefore);
    if (p.onStart)
      for (let r = 0; r < runs; r++) arrival[r] = passAt(p.onStart, arrival[r] as number, blocker);
    if (i === 0 && services.length > 0) {
      // A published block train from the origin: the cargo leaves on its next departure.
      for (let r = 0; r < runs; r++) {
        const t = arrival[r] as number;
        let best = Number.POSITIVE_INFINITY;
        for (const s of services) best = Math.min(best, nextBlockTrain(s, seed, r, t));
        arrival[r] = best;
      }
    }
    if (p.sailing !== null) {
      const blocked = p.sailingBlocked;
      const free = (at: number) => passAt(blocked, at, blocker);
      for (let r = 0; r < runs; r++) {
        const t = arrival[r] as number;
        if (Number.isFinite(t)) arrival[r] = catchSailing(p.sailing, seed, r, t, free);
      }
    }
    medians?.depart(arrival);
    for (let r = 0; r < runs; r++) arrival[r] = (arrival[r] as number) + p.movingMs;
    medians?.reach(arrival);
    addHandling(network, arrival, p.handlingAfter, seed, 2 * i + 1, p.coveredAfter);
    if (i === n - 1 && atDestination)
      for (let r = 0; r < runs; r++) arrival[r] = passAt(atDestination, arrival[r] as number, blocker);
    medians?.arrive(arrival);
  }

  medians?.finish(arrival);
  arrival.sort();
  const arrivalQ = { p10: quantile(arrival, 0.1), p50: quantile(arrival, 0.5), p90: quantile(arrival, 0.9) };
  const days = (ms: number) => (ms - departAt) / DAY_MS;
  const timing: RouteTiming = {
    viable: Number.isFinite(arrivalQ.p90),
    legs: medians ? medians.legs : [],
    stopHours: medians ? medians.stopHours : [],
    arrival: arrivalQ,
    durationDays: { p10: days(arrivalQ.p10), p50: days(arrivalQ.p50), p90: days(arrivalQ.p90) },
  };
  if (blocker.id !== undefined && !timing.viable) timing.blockedBy = blocker.id;
  if (options.arriveBy !== undefined) {
    let onTime = 0;
    for (let r = 0; r < runs; r++) if ((arrival[r] as number) <= options.arriveBy) onTime++;
    timing.onTimeProbability = onTime / runs;
  }
  return timing;
}
