/**
 * Turns a path (node and link indices) into the route a planner reads: legs in travel order with mode, sea,
 * countries, distance, time and CO2e; the ferry crossings; the countries in order. Figures are rounded to one
 * decimal per leg and the totals are sums of the rounded legs, so they add up exactly.
 */
import type { Network, NetworkLink, NetworkNode } from './network.js';
import type { Mode } from './network-schema.js';

export interface NodeRef {
  id: string;
  name: string;
  country: string;
}

export interface Leg {
  from: NodeRef;
  to: NodeRef;
  mode: Mode;
  /** Ferry legs: the sea's display name and slug. */
  sea?: string;
  seaId?: string;
  distanceKm: number;
  durationHours: number;
  movingHours: number;
  dwellHours: number;
  co2eKgPerTonne: number;
  co2eKg?: number;
  countries: string[];
  gauge?: number;
  operator?: string;
  line?: string;
  linkId: string;
}

export interface FerryCrossing {
  sea: string;
  seaId: string;
  from: NodeRef;
  to: NodeRef;
  distanceKm: number;
  sailingHours: number;
  sailingsPerWeek: number;
  operator?: string;
}

/** Something that happens to the cargo at a node: it crosses a border, changes gauge, or changes mode. */
export interface RouteEvent {
  type: 'border-crossing' | 'gauge-change' | 'mode-change';
  at: NodeRef;
  /** What it changes from and to: countries, gauges in mm, or modes. */
  from: string;
  to: string;
  /** Dwell at the node (border formalities, transhipment or bogie exchange, port handling), hours. */
  dwellHours: number;
}

export interface Route {
  distanceKm: number;
  durationHours: number;
  movingHours: number;
  dwellHours: number;
  co2eKgPerTonne: number;
  co2eKg?: number;
  countries: string[];
  usesCaspianFerry: boolean;
  usesBlackSeaFerry: boolean;
  ferries: FerryCrossing[];
  events: RouteEvent[];
  legs: Leg[];
}

/** Rounds to one decimal, removing binary noise (0.1 + 0.2 stays 0.3). */
export const round1 = (x: number): number => Math.round(x * 10) / 10;

const sum1 = (values: readonly number[]): number => round1(values.reduce((a, b) => a + b, 0));

export const nodeRef = (n: NetworkNode): NodeRef => ({ id: n.id, name: n.name, country: n.country });

/** Appends countries to a travel-order list, merging a country with the one just before it. */
function appendCountries(list: string[], countries: readonly string[]): void {
  for (const c of countries) if (list[list.length - 1] !== c) list.push(c);
}

/** Describes a path given as node indices and the link index used between each consecutive pair. */
export function describeRoute(
  network: Network,
  nodeIndices: readonly number[],
  linkIndices: readonly number[],
  cargoTonnes?: number,
): Route {
  const legs: Leg[] = [];
  const ferries: FerryCrossing[] = [];
  const countries: string[] = [];
  const first = network.nodes[nodeIndices[0] ?? 0] as NetworkNode;
  appendCountries(countries, [first.country]);

  linkIndices.forEach((l, i) => {
    const link = network.links[l] as NetworkLink;
    const from = network.nodes[nodeIndices[i] ?? 0] as NetworkNode;
    const to = network.nodes[nodeIndices[i + 1] ?? 0] as NetworkNode;
    const forward = link.from === from.id;
    const legCountries = forward ? link.countryPath : link.countryPath.slice().reverse();
    const moving = round1(link.movingHours);
    // Dwell is counted where it happens: at the node a leg leaves (not the origin) and waiting for a sailing.
    const dwell = round1((i > 0 ? from.dwell : 0) + link.waitHours);
    const co2 = round1(link.co2eKgPerTonne);
    const sea = link.sea ? network.seas.get(link.sea) : undefined;
    // Optional fields are assigned one by one, in the order of the type (spreading conditional objects costs
    // more than the rest of the leg on long routes).
    const leg = { from: nodeRef(from), to: nodeRef(to), mode: link.mode } as Leg;
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
    leg.countries = legCountries;
    if (link.gauge !== undefined) leg.gauge = link.gauge;
    if (link.operator !== undefined) leg.operator = link.operator;
    if (link.line !== undefined) leg.line = link.line;
    leg.linkId = link.id;
    legs.push(leg);
    appendCountries(countries, legCountries);
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
  const co2eKgPerTonne = sum1(legs.map((l) => l.co2eKgPerTonne));
  return {
    distanceKm: sum1(legs.map((l) => l.distanceKm)),
    durationHours: sum1(legs.map((l) => l.durationHours)),
    movingHours: sum1(legs.map((l) => l.movingHours)),
    dwellHours: sum1(legs.map((l) => l.dwellHours)),
    co2eKgPerTonne,
    ...(cargoTonnes !== undefined ? { co2eKg: sum1(legs.map((l) => l.co2eKg ?? 0)) } : {}),
    countries,
    usesCaspianFerry: ferries.some((f) => f.seaId === 'caspian'),
    usesBlackSeaFerry: ferries.some((f) => f.seaId === 'black-sea'),
    ferries,
    events,
    legs,
  };
}

/**
 * Border crossings (the country changes along a leg: reported at the node where the new country is entered,
 * or where a transit country is left), gauge changes (the gauge of the next rail leg differs from the last
 * rail leg's, ferries in between included) and mode changes (at the node between legs of different modes).
 */
export function listEvents(
  network: Network,
  nodeIndices: readonly number[],
  linkIndices: readonly number[],
): RouteEvent[] {
  const events: RouteEvent[] = [];
  let lastGauge: number | undefined;
  let lastMode: string | undefined;
  linkIndices.forEach((l, i) => {
    const link = network.links[l] as NetworkLink;
    const from = network.nodes[nodeIndices[i] ?? 0] as NetworkNode;
    const to = network.nodes[nodeIndices[i + 1] ?? 0] as NetworkNode;
    const at = (n: NetworkNode) => ({ at: nodeRef(n), dwellHours: round1(n.dwell) });
    if (lastMode !== undefined && lastMode !== link.mode) {
      events.push({ type: 'mode-change', ...at(from), from: lastMode, to: link.mode });
    }
    if (link.mode === 'rail' && link.gauge !== undefined) {
      if (lastGauge !== undefined && lastGauge !== link.gauge) {
        events.push({ type: 'gauge-change', ...at(from), from: String(lastGauge), to: String(link.gauge) });
      }
      lastGauge = link.gauge;
    }
    const path = link.from === from.id ? link.countryPath : [...link.countryPath].reverse();
    for (let k = 1; k < path.length; k++) {
      const atNode = k === path.length - 1 ? to : from;
      events.push({ type: 'border-crossing', ...at(atNode), from: path[k - 1] ?? '', to: path[k] ?? '' });
    }
    lastMode = link.mode;
  });
  return events;
}
