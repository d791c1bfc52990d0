/**
 * The totals a route answer reports (km, hours, kg CO2e per tonne) for nodes of a shortest-path tree: each
 * node's totals are its predecessor's plus the rounded figures of the leg between them, added in travel
 * order, which is exactly how describeRoute sums a route's rounded legs. A matrix cell or a reachable node
 * therefore reports the same figures as /routes for the same path, without describing each route.
 */
import type { Network, NetworkLink, NetworkNode } from '../network/network.js';
import type { SearchTree } from '../routing/search.js';
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

/**
 * Per-link rounded figures and per-node dwell, as typed arrays kept by the network's engine, so that summing a tree
 * allocates nothing per node. Built from legFigures' rules: distance, CO2e and moving hours rounded per link;
 * the dwell part depends on the node left, so it is rounded per leg (dwell + wait) as legFigures does.
 */
export interface LegTable {
  km: Float64Array;
  co2: Float64Array;
  moving: Float64Array;
  wait: Float64Array;
  dwell: Float64Array;
}
export function buildLegTable(network: Network): LegTable {
  const m = network.links.length;
  const table: LegTable = {
    km: new Float64Array(m),
    co2: new Float64Array(m),
    moving: new Float64Array(m),
    wait: new Float64Array(m),
    dwell: Float64Array.from(network.nodes, (n) => n.dwell),
  };
  network.links.forEach((link, l) => {
    table.km[l] = round1(link.distanceKm);
    table.co2[l] = round1(link.co2eKgPerTonne);
    table.moving[l] = round1(link.movingHours);
    table.wait[l] = link.waitHours;
  });
  return table;
}

/**
 * Hours of a leg as describeRoute reports it: rounded moving hours plus the rounded dwell before it, and any
 * extra dwell from delays in force rounded and added to that dwell.
 */
function legHours(moving: number, dwell: number, extra: number): number {
  const delay = round1(extra);
  return delay > 0 ? round1(moving + round1(dwell + delay)) : round1(moving + dwell);
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
  const totals: TreeTotals = {
    distanceKm: new Float64Array(n).fill(Number.NaN),
    durationHours: new Float64Array(n).fill(Number.NaN),
    co2eKgPerTonne: new Float64Array(n).fill(Number.NaN),
    legs: new Int32Array(n),
  };
  return settledTotals(network, tree, totals);
}

/**
 * treeTotals into arrays the caller owns (at least as long as the network has nodes), written at the tree's
 * settled nodes only: elsewhere they keep what they held. For a caller that reads only settled nodes and
 * grows trees over and over (a reachable set), so that no tree allocates arrays of the network's size.
 */
export function settledTotals(network: Network, tree: SearchTree, into: TreeTotals): TreeTotals {
  if (tree.settledCount === 0) return into;
  const { distanceKm, durationHours, co2eKgPerTonne, legs } = into;
  const { km, co2, moving, wait, dwell } = network.engine.planning.legTable();
  const { source, order, prevNode, prevLink, legExtraHours } = tree;
  distanceKm[source] = 0;
  durationHours[source] = 0;
  co2eKgPerTonne[source] = 0;
  legs[source] = 0;
  for (let k = 1; k < tree.settledCount; k++) {
    const v = order[k] as number;
    const u = prevNode[v] as number;
    const l = prevLink[v] as number;
    const leave = round1((u === source ? 0 : (dwell[u] as number)) + (wait[l] as number));
    distanceKm[v] = (distanceKm[u] as number) + (km[l] as number);
    durationHours[v] =
      (durationHours[u] as number) +
      legHours(moving[l] as number, leave, legExtraHours ? (legExtraHours[v] as number) : 0);
    co2eKgPerTonne[v] = (co2eKgPerTonne[u] as number) + (co2[l] as number);
    legs[v] = (legs[u] as number) + 1;
  }
  return into;
}

/**
 * The totals of the tree's path to `target` alone (null when not settled), summed from the source in travel
 * order: for a few targets of a large tree, cheaper than treeTotals.
 */
export function pathTotals(
  network: Network,
  tree: SearchTree,
  target: number,
): { distanceKm: number; durationHours: number; co2eKgPerTonne: number } | null {
  if (tree.cost[target] === undefined || tree.cost[target] === Number.POSITIVE_INFINITY) return null;
  const { km, co2, moving, wait, dwell } = network.engine.planning.legTable();
  const { source, prevNode, prevLink, legExtraHours } = tree;
  const path: number[] = [];
  for (let v = target; v !== source; v = prevNode[v] as number) path.push(v);
  let distanceKm = 0;
  let durationHours = 0;
  let co2eKgPerTonne = 0;
  for (let k = path.length - 1; k >= 0; k--) {
    const v = path[k] as number;
    const u = prevNode[v] as number;
    const l = prevLink[v] as number;
    const leave = round1((u === source ? 0 : (dwell[u] as number)) + (wait[l] as number));
    distanceKm += km[l] as number;
    durationHours += legHours(moving[l] as number, leave, legExtraHours ? (legExtraHours[v] as number) : 0);
    co2eKgPerTonne += co2[l] as number;
  }
  return { distanceKm, durationHours, co2eKgPerTonne };
}
