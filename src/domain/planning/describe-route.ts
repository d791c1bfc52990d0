/**
 * Turns a path (node and link indices) into the route a planner reads: legs in travel order with mode, sea,
 * countries, distance, time and CO2e; the ferry crossings; the countries in order. Figures are rounded to one
 * decimal per leg and the totals are sums of the rounded legs, so they add up exactly.
 */
import type { z } from 'zod';
import type { Network, NetworkLink, NetworkNode } from '../network/network.js';
import type { NodeRefSchema } from '../results/node-ref-schema.js';
import type {
  FerrySchema,
  LegSchema,
  RouteCoreSchema,
  RouteEventSchema,
} from '../results/route-result-schemas.js';

export type NodeRef = z.output<typeof NodeRefSchema>;

/** A leg as planned; a dated plan adds its departsAt and arrivesAt (DatedLeg). */
export type Leg = Omit<z.output<typeof LegSchema>, 'departsAt' | 'arrivesAt'>;

export type FerryCrossing = z.output<typeof FerrySchema>;

/** Something that happens to the cargo at a node: it crosses a border, changes gauge, or changes mode. */
export type RouteEvent = z.output<typeof RouteEventSchema>;

export type Route = Omit<z.output<typeof RouteCoreSchema>, 'legs'> & { legs: Leg[] };

/** Rounds to one decimal, removing binary noise (0.1 + 0.2 stays 0.3). */
export const round1 = (x: number): number => Math.round(x * 10) / 10;

/** The reference to a node that answers carry: one frozen object per node, shared by every answer. */
export const nodeRef = (network: Network, n: NetworkNode): NodeRef => network.engine.planning.nodeRef(n);

/**
 * Most legs remembered per network. A leg without cargo figures depends only on its link, the direction of
 * travel and whether it is the first leg (no dwell before it), so it is built once, frozen and shared by every
 * route that uses it; a serializer can then reuse its text too (src/http/serving/fast-serializer.ts). Four variants
 * per link at most; past this many (networks of millions of links), legs are built per route.
 */
export const MAX_SHARED_LEGS = 1 << 20;

function buildLeg(
  network: Network,
  link: NetworkLink,
  from: NetworkNode,
  to: NetworkNode,
  first: boolean,
  cargoTonnes: number | undefined,
): Leg {
  const forward = link.from === from.id;
  const moving = round1(link.movingHours);
  // Dwell is counted where it happens: at the node a leg leaves (not the origin) and waiting for a sailing.
  const dwell = round1((first ? 0 : from.dwell) + link.waitHours);
  const co2 = round1(link.co2eKgPerTonne);
  const sea = link.sea ? network.seas.get(link.sea) : undefined;
  // Optional fields are assigned one by one, in the order of the type (spreading conditional objects costs
  // more than the rest of the leg on long routes).
  const leg = { from: nodeRef(network, from), to: nodeRef(network, to), mode: link.mode } as Leg;
  if (sea) {
    leg.sea = sea.name;
    leg.seaId = sea.id;
  }
  leg.distanceKm = round1(link.distanceKm);
  leg.durationHours = round1(moving + dwell);
  leg.movingHours = moving;
  leg.dwellHours = dwell;
  leg.co2eKgPerTonne = co2;
  if (cargoTonnes !== undefined) leg.co2eKg = round1(co2 * cargoTonnes);
  leg.countries = forward ? link.countryPath : link.countryPath.slice().reverse();
  if (link.gauge !== undefined) leg.gauge = link.gauge;
  if (link.operator !== undefined) leg.operator = link.operator;
  if (link.line !== undefined) leg.line = link.line;
  leg.linkId = link.id;
  return leg;
}

/** The leg over `link` from `from` to `to`: shared and frozen without cargo figures, built afresh with them. */
function legOf(
  network: Network,
  shared: Map<number, Leg>,
  link: NetworkLink,
  from: NetworkNode,
  to: NetworkNode,
  first: boolean,
  cargoTonnes: number | undefined,
): Leg {
  if (cargoTonnes !== undefined) return buildLeg(network, link, from, to, first, cargoTonnes);
  const key = link.index * 4 + (link.from === from.id ? 2 : 0) + (first ? 1 : 0);
  let leg = shared.get(key);
  if (leg === undefined) {
    leg = buildLeg(network, link, from, to, first, undefined);
    Object.freeze(leg.countries);
    Object.freeze(leg);
    if (shared.size < MAX_SHARED_LEGS) shared.set(key, leg);
  }
  return leg;
}

/** Appends countries to a travel-order list, merging a country with the one just before it. */
function appendCountries(list: string[], countries: readonly string[]): void {
  for (const c of countries) if (list[list.length - 1] !== c) list.push(c);
}

/**
 * Describes a path given as node indices and the link index used between each consecutive pair.
 * `legExtraHours[i]`: extra dwell of leg i from delays in force (walk-path.ts), added to its dwell and duration.
 */
export function describeRoute(
  network: Network,
  nodeIndices: readonly number[],
  linkIndices: readonly number[],
  cargoTonnes?: number,
  legExtraHours?: readonly number[],
): Route {
  const legs: Leg[] = [];
  const ferries: FerryCrossing[] = [];
  const countries: string[] = [];
  const first = network.nodes[nodeIndices[0] ?? 0] as NetworkNode;
  appendCountries(countries, [first.country]);

  const shared = network.engine.planning.sharedLegs;
  linkIndices.forEach((l, i) => {
    const link = network.links[l] as NetworkLink;
    const from = network.nodes[nodeIndices[i] ?? 0] as NetworkNode;
    const to = network.nodes[nodeIndices[i + 1] ?? 0] as NetworkNode;
    let leg = legOf(network, shared, link, from, to, i === 0, cargoTonnes);
    const extra = round1(legExtraHours?.[i] ?? 0);
    if (extra > 0) {
      // A delayed leg is this route's own: the shared one stays as it is.
      const dwellHours = round1(leg.dwellHours + extra);
      leg = { ...leg, durationHours: round1(leg.movingHours + dwellHours), dwellHours };
    }
    const sea = leg.seaId === undefined ? undefined : network.seas.get(leg.seaId);
    legs.push(leg);
    appendCountries(countries, leg.countries);
    if (sea && link.mode === 'ferry') {
      ferries.push({
        sea: sea.name,
        seaId: sea.id,
        from: leg.from,
        to: leg.to,
        distanceKm: leg.distanceKm,
        sailingHours: round1(link.sailingHours ?? 0),
        sailingsPerWeek: link.sailingsPerWeek ?? 0,
        ...(link.operator !== undefined ? { operator: link.operator } : {}),
      });
    }
  });

  const events = listEvents(network, nodeIndices, linkIndices);
  let distanceKm = 0;
  let durationHours = 0;
  let movingHours = 0;
  let dwellHours = 0;
  let co2eKgPerTonne = 0;
  let co2eKg = 0;
  let roadKm = 0;
  for (const leg of legs) {
    distanceKm += leg.distanceKm;
    if (leg.mode === 'road') roadKm += leg.distanceKm;
    durationHours += leg.durationHours;
    movingHours += leg.movingHours;
    dwellHours += leg.dwellHours;
    co2eKgPerTonne += leg.co2eKgPerTonne;
    co2eKg += leg.co2eKg ?? 0;
  }
  return {
    distanceKm: round1(distanceKm),
    durationHours: round1(durationHours),
    movingHours: round1(movingHours),
    dwellHours: round1(dwellHours),
    co2eKgPerTonne: round1(co2eKgPerTonne),
    ...(cargoTonnes !== undefined ? { co2eKg: round1(co2eKg) } : {}),
    countries,
    usesCaspianFerry: ferries.some((f) => f.seaId === 'caspian'),
    usesBlackSeaFerry: ferries.some((f) => f.seaId === 'black-sea'),
    usesRoad: legs.some((l) => l.mode === 'road'),
    roadKm: round1(roadKm),
    ferries,
    events,
    legs,
  };
}

/**
 * Most links whose border crossings are remembered per network. The crossings of a leg depend only on its link
 * and direction, so they are worked out once per link and direction and shared by every route; past this many,
 * they are worked out per route. The event objects themselves are built per route: what a stop costs depends
 * on the legs on both sides of it.
 */
export const MAX_SHARED_CROSSINGS = 1 << 20;

/** A border crossing along a link: the countries, and whether it is reported at the node the leg reaches. */
export interface Crossing {
  from: string;
  to: string;
  atEnd: boolean;
}

/** The border crossings along `link` travelled from `from`, in travel order. */
function crossingsOf(link: NetworkLink, from: NetworkNode): Crossing[] {
  // The link's countries in travel order, read backwards when travelling against the link's direction.
  const path = link.countryPath;
  const forward = link.from === from.id;
  const last = path.length - 1;
  const crossings: Crossing[] = [];
  for (let k = 1; k <= last; k++) {
    const before = (forward ? path[k - 1] : path[last - k + 1]) ?? '';
    const after = (forward ? path[k] : path[last - k]) ?? '';
    crossings.push({ from: before, to: after, atEnd: k === last });
  }
  return crossings;
}

/** The mode- or gauge-change handling a link carries at one of its ends (`node`), hours. */
export function handlingAt(link: NetworkLink, node: NetworkNode): number {
  return link.from === node.id ? link.handlingAtFromHours : link.handlingAtToHours;
}

/**
 * Hours the cargo stays at each node of a path (index 0 the origin, the last the destination) by the typical
 * figures: the node's dwell (not at the origin or the destination), the handling of the legs on both sides at
 * this node (unloading, transhipment, loading) and, before a ferry leg, the expected wait for its sailing.
 */
export function stopHoursAlong(
  network: Network,
  nodeIndices: readonly number[],
  linkIndices: readonly number[],
): number[] {
  const n = linkIndices.length;
  const stops: number[] = new Array(n + 1);
  for (let j = 0; j <= n; j++) {
    const node = network.nodes[nodeIndices[j] ?? 0] as NetworkNode;
    let hours = j > 0 && j < n ? node.dwell : 0;
    if (j > 0) hours += handlingAt(network.links[linkIndices[j - 1] as number] as NetworkLink, node);
    if (j < n) {
      const next = network.links[linkIndices[j] as number] as NetworkLink;
      // waitHours is the expected wait for a sailing plus the handling at both ends.
      hours += handlingAt(next, node) + (next.waitHours - next.handlingAtFromHours - next.handlingAtToHours);
    }
    stops[j] = hours;
  }
  return stops;
}

/**
 * The stops (node positions along the path, first and last) whose hours an event reports. A gauge or mode
 * change costs the stop at its node; a border crossing costs the stop where it is reported and, when the leg
 * into it leaves a border station of the country left (Alashankou for Dostyk, Beyuk-Kesik for Gardabani), the
 * exit formalities there too.
 */
export interface EventSpan {
  first: number;
  last: number;
}

/**
 * Border crossings (the country changes along a leg: reported at the node where the new country is entered,
 * or where a transit country is left), gauge changes (the gauge of the next rail leg differs from the last
 * rail leg's, ferries in between included) and mode changes (at the node between legs of different modes).
 * Each event's dwellHours is what its stops cost by the typical figures (stopHoursAlong); `spans` receives the
 * stops of each event, for answers that time the same stops by date.
 */
export function listEvents(
  network: Network,
  nodeIndices: readonly number[],
  linkIndices: readonly number[],
  spans?: EventSpan[],
): RouteEvent[] {
  const events: RouteEvent[] = [];
  const shared = network.engine.planning.sharedCrossings;
  const sharedEvents = network.engine.planning.sharedEvents;
  const stops = stopHoursAlong(network, nodeIndices, linkIndices);
  const nodeAt = (j: number) => network.nodes[nodeIndices[j] ?? 0] as NetworkNode;
  const push = (type: RouteEvent['type'], j: number, from: string, to: string, first = j) => {
    let hours = 0;
    for (let k = first; k <= j; k++) hours += stops[k] as number;
    const node = nodeAt(j);
    const dwellHours = round1(hours);
    const key = `${type}|${node.index}|${from}|${to}|${dwellHours}`;
    let e = sharedEvents.get(key);
    if (e === undefined) {
      e = Object.freeze({ type, at: nodeRef(network, node), from, to, dwellHours });
      if (sharedEvents.size < MAX_SHARED_CROSSINGS) sharedEvents.set(key, e);
    }
    events.push(e);
    spans?.push({ first, last: j });
  };
  let lastGauge: number | undefined;
  let lastMode: string | undefined;
  for (let i = 0; i < linkIndices.length; i++) {
    const link = network.links[linkIndices[i] as number] as NetworkLink;
    const from = nodeAt(i);
    if (lastMode !== undefined && lastMode !== link.mode) push('mode-change', i, lastMode, link.mode);
    if (link.mode === 'rail' && link.gauge !== undefined) {
      if (lastGauge !== undefined && lastGauge !== link.gauge)
        push('gauge-change', i, String(lastGauge), String(link.gauge));
      lastGauge = link.gauge;
    }
    if (link.countryPath.length > 1) {
      const key = link.index * 2 + (link.from === from.id ? 1 : 0);
      let crossings = shared.get(key);
      if (crossings === undefined) {
        crossings = Object.freeze(crossingsOf(link, from).map((c) => Object.freeze(c)));
        if (shared.size < MAX_SHARED_CROSSINGS) shared.set(key, crossings);
      }
      for (const c of crossings) {
        if (!c.atEnd) {
          push('border-crossing', i, c.from, c.to);
          continue;
        }
        // Exit formalities at a border station of the country left, on the other side of the same crossing.
        const exit = i > 0 && from.country === c.from && from.kinds.includes('border');
        push('border-crossing', i + 1, c.from, c.to, exit ? i : i + 1);
      }
    }
    lastMode = link.mode;
  }
  return events;
}
