/**
 * The totals a route answer reports (km, hours, kg CO2e per tonne) for every node of a shortest-path tree at
 * once: each node's totals are its predecessor's plus the rounded figures of the leg between them, added in
 * travel order, which is exactly how describeRoute sums a route's rounded legs. A matrix cell or a reachable
 * node therefore reports the same figures as /routes for the same path, without describing each route.
 */
import type { Network, NetworkLink, NetworkNode } from '../network/network.js';
import type { SearchTree } from '../routing/one-to-many.js';
import { round1 } from './describe-route.js';

/** The rounded figures of one leg over `link` leaving `from` (describeRoute's rounding: one decimal). */
export function legFigures(
  link: NetworkLink,
  from: NetworkNode,
  first: boolean,
): { distanceKm: number; durationHours: number; co2eKgPerTonne: number } {
  const moving = round1(link.movingHours);
  // Dwell is counted at the node a leg leaves (not the origin), plus the wait for a sailing.
  const dwell = round1((first ? 0 : from.dwell) + link.waitHours);
  return {
    distanceKm: round1(link.distanceKm),
    durationHours: round1(moving + dwell),
    co2eKgPerTonne: round1(link.co2eKgPerTonne),
  };
}

/** Per node: the unrounded sums of rounded legs (round1 them to report); NaN where the tree has no path. */
export interface TreeTotals {
  distanceKm: Float64Array;
  durationHours: Float64Array;
  co2eKgPerTonne: Float64Array;
  /** Legs on the path from the source. */
  legs: Int32Array;
}

/** Accumulates the totals over the tree's settled nodes, in the order settled (a node after its predecessor). */
export function treeTotals(network: Network, tree: SearchTree): TreeTotals {
  const n = tree.cost.length;
  const distanceKm = new Float64Array(n).fill(Number.NaN);
  const durationHours = new Float64Array(n).fill(Number.NaN);
  const co2eKgPerTonne = new Float64Array(n).fill(Number.NaN);
  const legs = new Int32Array(n);
  if (tree.settledCount === 0) return { distanceKm, durationHours, co2eKgPerTonne, legs };
  distanceKm[tree.source] = 0;
  durationHours[tree.source] = 0;
  co2eKgPerTonne[tree.source] = 0;
  for (let k = 1; k < tree.settledCount; k++) {
    const v = tree.order[k] as number;
    const u = tree.prevNode[v] as number;
    const leg = legFigures(
      network.links[tree.prevLink[v] as number] as NetworkLink,
      network.nodes[u] as NetworkNode,
      u === tree.source,
    );
    distanceKm[v] = (distanceKm[u] as number) + leg.distanceKm;
    durationHours[v] = (durationHours[u] as number) + leg.durationHours;
    co2eKgPerTonne[v] = (co2eKgPerTonne[u] as number) + leg.co2eKgPerTonne;
    legs[v] = (legs[u] as number) + 1;
  }
  return { distanceKm, durationHours, co2eKgPerTonne, legs };
}
