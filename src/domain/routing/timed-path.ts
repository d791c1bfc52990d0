/**
 * Dijkstra's algorithm with the clock running: each label carries, besides its cost in the metric, the hours
 * elapsed since the departure along its path (running and sailing time, ferry waits, dwell, and the extra
 * dwell of delays in force). A disruption applies at the time the cargo reaches its target: a node closed when
 * the cargo would arrive, or a link closed when it would set off on it, is not taken (filtering, as for avoided
 * countries; never a large weight). A delay adds its hours of dwell where it is in force: at a node before the
 * cargo leaves it, on a link before it sets off.
 *
 * Like the static search (shortest-path.ts), it keeps one label per node, the cheapest in the metric; whether
 * the next element is closed is judged by that label's time. (A costlier path that reaches a node at another
 * hour is not kept alongside, so where closures begin or end during the trip, the route returned is the best
 * of those that reach every node by their cheapest way.)
 */
import { closureAt, type DisruptionRules, delayAt } from './disruption-rules.js';
import { MinHeap } from './min-heap.js';
import { perObject } from './per-object.js';
import type { Metric, RoutingIndex } from './routing-index.js';
import type { Path } from './shortest-path.js';

export interface TimedPathOptions {
  metric: Metric;
  rules: DisruptionRules;
  blockedNodes?: Uint8Array | null;
  blockedLinks?: Uint8Array | null;
  /** Hours after the departure at which the cargo is at `source` (0 at the origin; later at a via point). */
  startHours?: number;
  /** Whether the dwell at `source` is spent before leaving it (a via point), besides any delay there. */
  sourceDwell?: boolean;
}

export interface TimedPath extends Path {
  /** Hours after the departure at which the cargo reaches the target. */
  arrivalHours: number;
}

class Workspace {
  generation = 0;
  readonly stamp: Uint32Array;
  readonly dist: Float64Array;
  readonly hours: Float64Array;
  readonly prevNode: Int32Array;
  readonly prevLink: Int32Array;
  readonly heap = new MinHeap();

  constructor(n: number) {
    this.stamp = new Uint32Array(n);
    this.dist = new Float64Array(n);
    this.hours = new Float64Array(n);
    this.prevNode = new Int32Array(n);
    this.prevLink = new Int32Array(n);
  }

  next(): number {
    this.generation = (this.generation + 1) >>> 0;
    if (this.generation === 0) {
      this.stamp.fill(0);
      this.generation = 1;
    }
    this.heap.clear();
    return this.generation;
  }
}

const workspaceOf = perObject((index: RoutingIndex) => new Workspace(index.nodeCount));

/** The cheapest path from `source` to `target` that meets no closure in force, or null. */
export function timedShortestPath(
  index: RoutingIndex,
  source: number,
  target: number,
  options: TimedPathOptions,
): TimedPath | null {
  const { metric, rules } = options;
  const blockedNodes = options.blockedNodes ?? null;
  const blockedLinks = options.blockedLinks ?? null;
  const start = options.startHours ?? 0;
  const { nodeRules, linkRules } = rules;
  if (blockedNodes?.[source] || blockedNodes?.[target]) return null;
  if (closureAt(nodeRules.get(source), start)) return null;
  if (source === target) return { cost: 0, nodes: [source], links: [], arrivalHours: start };

  const ws = workspaceOf(index);
  const gen = ws.next();
  const { stamp, dist, hours, prevNode, prevLink, heap } = ws;
  const linkW = index.linkWeight[metric];
  const timeW = index.linkWeight.time;
  const dwell = index.nodeDwell;
  const timeMetric = metric === 'time';
  const { offsets, arcLink, arcHead } = index;

  stamp[source] = gen;
  dist[source] = 0;
  hours[source] = start;
  prevNode[source] = -1;
  prevLink[source] = -1;
  heap.push(source, 0);

  let reached = false;
  while (heap.size > 0) {
    const key = heap.peekKey();
    const u = heap.pop();
    const du = dist[u] as number;
    if (key > du) continue;
    if (u === target) {
      reached = true;
      break;
    }
    const hu = hours[u] as number;
    // Dwell where the cargo waits before leaving u (not at the origin), then any delay in force on arrival.
    const wait =
      (u !== source || options.sourceDwell ? (dwell[u] as number) : 0) + delayAt(nodeRules.get(u), hu);
    const leaveHours = hu + wait;
    const leaveCost = du + (timeMetric ? wait : 0);
    const end = offsets[u + 1] as number;
    for (let a = offsets[u] as number; a < end; a++) {
      const l = arcLink[a] as number;
      if (blockedLinks?.[l]) continue;
      const lr = linkRules.get(l);
      if (closureAt(lr, leaveHours)) continue;
      const v = arcHead[a] as number;
      if (blockedNodes?.[v]) continue;
      const linkDelay = delayAt(lr, leaveHours);
      const hv = leaveHours + linkDelay + (timeW[l] as number);
      if (closureAt(nodeRules.get(v), hv)) continue;
      const nd = leaveCost + (linkW[l] as number) + (timeMetric ? linkDelay : 0);
      if (stamp[v] === gen) {
        if (nd >= (dist[v] as number)) continue;
      } else stamp[v] = gen;
      dist[v] = nd;
      hours[v] = hv;
      prevNode[v] = u;
      prevLink[v] = l;
      heap.push(v, nd);
    }
  }
  if (!reached) return null;

  const nodes: number[] = [];
  const links: number[] = [];
  for (let v = target; v !== source; v = prevNode[v] as number) {
    nodes.push(v);
    links.push(prevLink[v] as number);
  }
  nodes.push(source);
  nodes.reverse();
  links.reverse();
  return { cost: dist[target] as number, nodes, links, arrivalHours: hours[target] as number };
}
