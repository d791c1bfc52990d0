/**
 * One-to-many search: Dijkstra's algorithm from one source over the routing index, kept running until every
 * requested target is settled (or the cost budget is spent), so that a matrix row or a reachable set costs one
 * search instead of one per cell. It relaxes arcs exactly as shortestPath does without landmarks (same heap,
 * same arc order, same dwell rule, improvements only when strictly cheaper), so on networks without landmarks
 * each target's path is the one shortestPath returns, and on any network its cost is the same optimum.
 */
import { closureAt, type DisruptionRules, delayAt } from './disruption-rules.js';
import { MinHeap } from './min-heap.js';
import { perObject } from './per-object.js';
import type { Metric, RoutingIndex } from './routing-index.js';
import type { Path } from './shortest-path.js';

export interface SearchTreeOptions {
  metric: Metric;
  /** blockedNodes[i] = 1: node i is never entered; a blocked source reaches nothing. */
  blockedNodes?: Uint8Array | null;
  /** blockedLinks[l] = 1: link l is never used. */
  blockedLinks?: Uint8Array | null;
  /** Stop once all of these nodes are settled (default: search the whole component). */
  targets?: readonly number[] | null;
  /**
   * Nodes whose cost exceeds this budget are not expanded further (default: no budget). The check is
   * `cost <= maxCost + slackPerHop * hops`, so that a caller comparing a rounded figure with the budget can
   * widen it by the rounding error each leg may add.
   */
  maxCost?: number;
  /** Budget widening per leg of the path (default 0). */
  slackPerHop?: number;
  /**
   * Disruptions in force, timed from the departure at the source: the search then runs with the clock, as
   * timedShortestPath does (a closure in force when the cargo gets there excludes, a delay adds dwell), and
   * each target's path is the one timedShortestPath returns for it.
   */
  rules?: DisruptionRules | null;
}

/** The shortest-path tree of one search, over the nodes it settled. */
export interface SearchTree {
  source: number;
  /** Cost of the best path to each settled node in the metric's unit; +Infinity where not settled. */
  cost: Float64Array;
  /** Predecessor node and link on the best path; -1 at the source and where not settled. */
  prevNode: Int32Array;
  prevLink: Int32Array;
  /** Settled nodes in the order settled (cheapest first): order[0 .. settledCount-1]; order[0] is the source. */
  order: Int32Array;
  settledCount: number;
  /** With rules: the extra dwell from delays of the leg into each settled node (walkPath's legExtraHours). */
  legExtraHours: Float64Array | null;
}

const noBudget = Number.POSITIVE_INFINITY;

const heapOf = perObject((_index: RoutingIndex) => new MinHeap());

/**
 * Searches from `source` under the exclusions and returns its shortest-path tree. Arrays of the index's size
 * are allocated per call (the tree outlives the call); the heap is kept per index.
 */
export function searchTree(index: RoutingIndex, source: number, options: SearchTreeOptions): SearchTree {
  const n = index.nodeCount;
  const cost = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const prevNode = new Int32Array(n).fill(-1);
  const prevLink = new Int32Array(n).fill(-1);
  const order = new Int32Array(n);
  const rules = options.rules ?? null;
  const hours = rules ? new Float64Array(n) : null;
  const extra = rules ? new Float64Array(n) : null;
  const tree: SearchTree = {
    source,
    cost,
    prevNode,
    prevLink,
    order,
    settledCount: 0,
    legExtraHours: extra,
  };
  const blockedNodes = options.blockedNodes ?? null;
  const blockedLinks = options.blockedLinks ?? null;
  if (blockedNodes?.[source]) return tree;
  if (rules && closureAt(rules.nodeRules.get(source), 0)) return tree;

  // Targets still to settle: a count and a per-node flag (duplicates and blocked targets never count).
  let pending = -1;
  let wanted: Uint8Array | null = null;
  if (options.targets) {
    wanted = new Uint8Array(n);
    pending = 0;
    for (const t of options.targets) {
      if (t < 0 || t >= n || wanted[t] || blockedNodes?.[t]) continue;
      wanted[t] = 1;
      pending++;
    }
    if (pending === 0) return tree;
  }
  const maxCost = options.maxCost ?? noBudget;
  const slack = options.slackPerHop ?? 0;
  const hops = maxCost === noBudget ? null : new Int32Array(n);
  const settled = new Uint8Array(n);

  const { metric } = options;
  const linkW = index.linkWeight[metric];
  const timeMetric = metric === 'time';
  const dwell = timeMetric ? index.nodeDwell : null;
  const { offsets, arcLink, arcHead } = index;
  const timeW = index.linkWeight.time;
  const nodeRules = rules?.nodeRules;
  const linkRules = rules?.linkRules;
  const heap = heapOf(index);
  heap.clear();
  cost[source] = 0;
  heap.push(source, 0);
  let count = 0;
  while (heap.size > 0) {
    const key = heap.peekKey();
    const u = heap.pop();
    const du = cost[u] as number;
    // A stale entry: u was reached more cheaply after this one was queued.
    if (key > du || settled[u]) continue;
    settled[u] = 1;
    order[count++] = u;
    if (wanted?.[u] && --pending === 0) break;
    let leave = du + (dwell && u !== source ? (dwell[u] as number) : 0);
    // With the clock: the dwell and any delay in force on arrival are spent before leaving u.
    let leaveHours = 0;
    let nodeDelay = 0;
    if (hours && nodeRules) {
      nodeDelay = delayAt(nodeRules.get(u), hours[u] as number);
      leaveHours = (hours[u] as number) + (u !== source ? (index.nodeDwell[u] as number) : 0) + nodeDelay;
      if (timeMetric) leave += nodeDelay;
    }
    const end = offsets[u + 1] as number;
    for (let a = offsets[u] as number; a < end; a++) {
      const l = arcLink[a] as number;
      if (blockedLinks?.[l]) continue;
      const v = arcHead[a] as number;
      if (blockedNodes?.[v]) continue;
      let nd = leave + (linkW[l] as number);
      let hv = 0;
      let linkDelay = 0;
      if (hours && linkRules && nodeRules) {
        const lr = linkRules.get(l);
        if (closureAt(lr, leaveHours)) continue;
        linkDelay = delayAt(lr, leaveHours);
        hv = leaveHours + linkDelay + (timeW[l] as number);
        if (closureAt(nodeRules.get(v), hv)) continue;
        if (timeMetric) nd += linkDelay;
      }
      if (nd >= (cost[v] as number)) continue;
      if (hops) {
        const h = (hops[u] as number) + 1;
        // Over budget even with the widest slack: never settled, so never reported.
        if (nd > maxCost + slack * h) continue;
        hops[v] = h;
      }
      cost[v] = nd;
      prevNode[v] = u;
      prevLink[v] = l;
      if (hours && extra) {
        hours[v] = hv;
        extra[v] = nodeDelay + linkDelay;
      }
      heap.push(v, nd);
    }
  }
  // Nodes reached but never settled (the search stopped early) are not part of the tree.
  for (let v = 0; v < n; v++) {
    if (!settled[v] && cost[v] !== Number.POSITIVE_INFINITY) {
      cost[v] = Number.POSITIVE_INFINITY;
      prevNode[v] = -1;
      prevLink[v] = -1;
    }
  }
  tree.settledCount = count;
  return tree;
}

/** The path from the tree's source to `target`, or null when the search did not settle it. */
export function pathInTree(tree: SearchTree, target: number): Path | null {
  const cost = tree.cost[target];
  if (cost === undefined || cost === Number.POSITIVE_INFINITY) return null;
  const nodes: number[] = [];
  const links: number[] = [];
  for (let v = target; v !== tree.source; v = tree.prevNode[v] as number) {
    nodes.push(v);
    links.push(tree.prevLink[v] as number);
  }
  nodes.push(tree.source);
  nodes.reverse();
  links.reverse();
  return { cost, nodes, links };
}
