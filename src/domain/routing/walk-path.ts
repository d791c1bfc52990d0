/**
 * Follows a found path with the clock running, as the timed search does (timed-path.ts), and reports what the
 * live state does to it: the extra dwell each leg gets from delays in force, the delays met (and the hours
 * each adds), and the closures in force where the path would meet them (for a path planned without them).
 */
import type { Network } from '../network/network.js';
import { activeAt, type DisruptionRules, type TimedRule } from './disruption-rules.js';

/** One disruption met along a path. */
export interface Encounter {
  /** Index into DisruptionRules.disruptions. */
  disruption: number;
  /** Hours after the departure at which the cargo first reaches its target. */
  firstHour: number;
  /** Hours the disruption adds to the trip (0 for a closure). */
  addedHours: number;
}

export interface PathWalk {
  /** Per leg: extra dwell from delays in force (at the node it leaves, and on its link). */
  legExtraHours: number[];
  /** Delays in force where the path meets them, in the order first met. */
  delays: Encounter[];
  /** Closures in force where the path meets them, in the order first met. */
  closures: Encounter[];
  /** Hours after the departure at which the cargo arrives. */
  arrivalHours: number;
  /** Per node of the path: hours after the departure at which the cargo reaches it (where closures are met). */
  nodeHours: number[];
  /** Per link of the path: hours after the departure at which the cargo sets off on it. */
  linkHours: number[];
}

/** Walks `nodes`/`links` (node and link indices, as a search returns them) from the departure. */
export function walkPath(
  network: Network,
  rules: DisruptionRules,
  nodes: readonly number[],
  links: readonly number[],
): PathWalk {
  const index = network.routing;
  const delays = new Map<number, Encounter>();
  const closures = new Map<number, Encounter>();
  const meet = (list: readonly TimedRule[] | undefined, hour: number): number => {
    let extra = 0;
    for (const r of list ?? []) {
      if (!activeAt(r, hour)) continue;
      const seen = (r.closed ? closures : delays).get(r.disruption);
      if (r.closed) {
        if (!seen) closures.set(r.disruption, { disruption: r.disruption, firstHour: hour, addedHours: 0 });
        continue;
      }
      extra += r.extraHours;
      if (seen) seen.addedHours += r.extraHours;
      else delays.set(r.disruption, { disruption: r.disruption, firstHour: hour, addedHours: r.extraHours });
    }
    return extra;
  };
  const legExtraHours: number[] = [];
  const nodeHours: number[] = [];
  const linkHours: number[] = [];
  let hour = 0;
  for (let i = 0; i < nodes.length; i++) {
    const u = nodes[i] as number;
    nodeHours.push(hour);
    const nodeDelay = meet(rules.nodeRules.get(u), hour);
    if (i === links.length) break;
    const leave = hour + (i > 0 ? (index.nodeDwell[u] as number) : 0) + nodeDelay;
    const l = links[i] as number;
    linkHours.push(leave);
    const linkDelay = meet(rules.linkRules.get(l), leave);
    legExtraHours.push(nodeDelay + linkDelay);
    hour = leave + linkDelay + (index.linkWeight.time[l] as number);
  }
  const byFirst = (a: Encounter, b: Encounter) => a.firstHour - b.firstHour;
  return {
    legExtraHours,
    delays: [...delays.values()].sort(byFirst),
    closures: [...closures.values()].sort(byFirst),
    arrivalHours: hour,
    nodeHours,
    linkHours,
  };
}
