/**
 * The search over the routing index: one label-setting core (Dijkstra's algorithm, goal-directed with ALT
 * landmarks for a single target on the static network) that serves every question routing asks — the
 * cheapest path between two nodes, the same with the clock running through live disruptions, and the
 * shortest-path tree from one node to many (a matrix row, a reachable set). Exclusion is filtering: a blocked
 * node or link is never expanded, whatever its weight; a closure in force when the cargo gets there is the
 * same. Parallel links are distinct arcs, so a path names the link actually used.
 *
 * A Search owns its buffers, sized to the index once: a value is valid only where its stamp equals the current
 * generation, so a query never clears or allocates arrays of the network's size.
 */
import { closureAt, type DisruptionRules, delayAt } from './disruption-rules.js';
import { MinHeap } from './min-heap.js';
import {
  type Landmarks,
  type Metric,
  type ReverseArcs,
  type RoutingIndex,
  reverseArcsOf,
  UNREACHED,
} from './routing-index.js';

export interface PathOptions {
  metric: Metric;
  /** blockedNodes[i] = 1: node i is never entered; a blocked source or target means no path. */
  blockedNodes?: Uint8Array | null;
  /** blockedLinks[l] = 1: link l is never used. */
  blockedLinks?: Uint8Array | null;
  /** Extra weight per link use, for penalty-based alternatives (multiplies the base weight). */
  linkPenalty?: Float64Array | null;
  /**
   * Costs to the target under fewer exclusions (Search.boundTo), used as the search's lower bounds in place of
   * the landmarks: much tighter, so a search that only adds exclusions settles far fewer nodes.
   */
  bound?: TargetBound | null;
  /**
   * Most the path may cost: once every path still open costs more (by the search's lower bounds), the search
   * ends with none. Default: no limit.
   */
  costLimit?: number;
}

/**
 * The cost from every node to one target in one metric under some exclusions, as a search would count it
 * after leaving the source (the dwell at each node left, for time), up to a cap: nodes that cost more get
 * the cap. Excluding more only raises costs, so these are admissible (and consistent) lower bounds for any
 * search to that target under those exclusions and more.
 */
export interface TargetBound {
  target: number;
  metric: Metric;
  cap: number;
  /** Per node: its cost to the target, or `cap` where that is more (or the target is out of reach). */
  cost: Float64Array;
}

export interface Path {
  /** Cost in the metric's unit (dwell at the source not included). */
  cost: number;
  nodes: number[];
  links: number[];
}

/**
 * The clock running: each label carries, besides its cost, the hours elapsed since the departure along its
 * path (running and sailing time, ferry waits, dwell, and the extra dwell of delays in force). A node closed
 * when the cargo would arrive, or a link closed when it would set off on it, is not taken; a delay adds its
 * hours of dwell where it is in force (at a node before the cargo leaves it, on a link before it sets off).
 * One label per node, the cheapest in the metric, and whether the next element is closed is judged by that
 * label's time: where closures begin or end during the trip, the route is the best of those that reach every
 * node by their cheapest way.
 */
export interface TimedPathOptions extends Omit<PathOptions, 'linkPenalty'> {
  rules: DisruptionRules;
  /** Hours after the departure at which the cargo is at `source` (0 at the origin; later at a via point). */
  startHours?: number;
  /** Whether the dwell at `source` is spent before leaving it (a via point), besides any delay there. */
  sourceDwell?: boolean;
}

export interface TimedPath extends Path {
  /** Hours after the departure at which the cargo reaches the target. */
  arrivalHours: number;
}

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
   * Disruptions in force, timed from the departure at the source: the tree is grown with the clock running,
   * and each target's path is the one timedShortestPath returns for it.
   */
  rules?: DisruptionRules | null;
}

/**
 * The shortest-path tree of one search, over the nodes it settled. Its arrays belong to the Search that grew
 * it and stay valid until that Search grows its next tree.
 */
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

/** What one run of the core does besides relaxing arcs. */
interface Run {
  metric: Metric;
  blockedNodes: Uint8Array | null;
  blockedLinks: Uint8Array | null;
  penalty: Float64Array | null;
  /** Stop when this node is settled (-1: none); with landmarks, the goal of the bounds. */
  target: number;
  landmarks: Landmarks | null;
  /** Lower bounds to the target per node (TargetBound.cost), in place of the landmarks. */
  toTarget: Float64Array | null;
  /** Stop when this many flagged nodes (wanted) are settled (0: no such stop). */
  pending: number;
  maxCost: number;
  slack: number;
  /** End without reaching the target once the cheapest open entry's key (cost plus bound) exceeds this. */
  costLimit: number;
  rules: DisruptionRules | null;
  startHours: number;
  sourceDwell: boolean;
  /** Record settled nodes into the tree buffers. */
  grow: boolean;
}

const noBudget = Number.POSITIVE_INFINITY;

/** A lower bound on the distance in km from v to t (0 without landmarks). */
function landmarkBoundKm(lm: Landmarks, v: number, t: number): number {
  const k = lm.count;
  let best = 0;
  for (let i = 0; i < k; i++) {
    const fv = lm.from[v * k + i] ?? UNREACHED;
    const ft = lm.from[t * k + i] ?? UNREACHED;
    // d(L,t) <= d(L,v) + d(v,t); quantization loses at most one step on each side.
    if (fv !== UNREACHED && ft !== UNREACHED && ft - fv - 1 > best) best = ft - fv - 1;
    const tv = lm.to[v * k + i] ?? UNREACHED;
    const tt = lm.to[t * k + i] ?? UNREACHED;
    // d(v,L) <= d(v,t) + d(t,L).
    if (tv !== UNREACHED && tt !== UNREACHED && tv - tt - 1 > best) best = tv - tt - 1;
  }
  return best * lm.step;
}

export class Search {
  private generation = 0;
  private readonly stamp: Uint32Array;
  private readonly dist: Float64Array;
  private readonly bound: Float64Array;
  private readonly hours: Float64Array;
  private readonly extra: Float64Array;
  private readonly hops: Int32Array;
  private readonly prevNode: Int32Array;
  private readonly prevLink: Int32Array;
  private readonly wanted: Uint8Array;
  /** Breadth-first queue of reachable(). */
  private readonly queue: Int32Array;
  private readonly heap = new MinHeap();
  /** The arcs entering each node, for boundTo; made on first use. */
  private reverse: ReverseArcs | null = null;
  /** The tree buffers: default values (+Infinity, -1) except at the nodes of the last tree, reset per tree. */
  private readonly tree: SearchTree;

  constructor(readonly index: RoutingIndex) {
    const n = index.nodeCount;
    this.stamp = new Uint32Array(n);
    this.dist = new Float64Array(n);
    this.bound = new Float64Array(n);
    this.hours = new Float64Array(n);
    this.extra = new Float64Array(n);
    this.hops = new Int32Array(n);
    this.prevNode = new Int32Array(n);
    this.prevLink = new Int32Array(n);
    this.wanted = new Uint8Array(n);
    this.queue = new Int32Array(n);
    this.tree = {
      source: -1,
      cost: new Float64Array(n).fill(Number.POSITIVE_INFINITY),
      prevNode: new Int32Array(n).fill(-1),
      prevLink: new Int32Array(n).fill(-1),
      order: new Int32Array(n),
      settledCount: 0,
      legExtraHours: null,
    };
  }

  /**
   * The cheapest path from `source` to `target`, or null when none exists under the exclusions. With landmarks
   * the search is A* on admissible lower bounds (nodes are re-opened if a bound was loose), so the cost is
   * always the optimum; without them it is Dijkstra's algorithm.
   */
  shortestPath(source: number, target: number, options: PathOptions): Path | null {
    const blockedNodes = options.blockedNodes ?? null;
    if (blockedNodes?.[source] || blockedNodes?.[target]) return null;
    if (source === target) return { cost: 0, nodes: [source], links: [] };
    const penalty = options.linkPenalty ?? null;
    const given = options.bound ?? null;
    if (given && (given.target !== target || given.metric !== options.metric)) {
      throw new Error(
        `Search.shortestPath: the bound is to node ${given.target} by ${given.metric}, not ${target} by ${options.metric}`,
      );
    }
    // Bounds need weights no lower than the metric's own: a penalty below 1 would break them.
    const bound = penalty === null ? given : null;
    const reached = this.run(source, {
      metric: options.metric,
      blockedNodes,
      blockedLinks: options.blockedLinks ?? null,
      penalty,
      target,
      landmarks: penalty === null && bound === null ? this.index.landmarks : null,
      toTarget: bound ? bound.cost : null,
      pending: 0,
      maxCost: noBudget,
      slack: 0,
      costLimit: options.costLimit ?? noBudget,
      rules: null,
      startHours: 0,
      sourceDwell: false,
      grow: false,
    });
    return reached ? this.pathTo(source, target) : null;
  }

  /** The cheapest path from `source` to `target` that meets no closure in force (TimedPathOptions), or null. */
  timedShortestPath(source: number, target: number, options: TimedPathOptions): TimedPath | null {
    const { rules } = options;
    const blockedNodes = options.blockedNodes ?? null;
    const start = options.startHours ?? 0;
    if (blockedNodes?.[source] || blockedNodes?.[target]) return null;
    if (closureAt(rules.nodeRules.get(source), start)) return null;
    if (source === target) return { cost: 0, nodes: [source], links: [], arrivalHours: start };
    const reached = this.run(source, {
      metric: options.metric,
      blockedNodes,
      blockedLinks: options.blockedLinks ?? null,
      penalty: null,
      target,
      landmarks: null,
      toTarget: null,
      pending: 0,
      maxCost: noBudget,
      slack: 0,
      costLimit: options.costLimit ?? noBudget,
      rules,
      startHours: start,
      sourceDwell: options.sourceDwell ?? false,
      grow: false,
    });
    if (!reached) return null;
    const path = this.pathTo(source, target);
    return { ...path, arrivalHours: this.hours[target] as number };
  }

  /**
   * Grows the shortest-path tree from `source` under the exclusions (and, with rules, the clock), until every
   * target is settled or the budget is spent. The tree's arrays are this Search's: valid until its next tree.
   */
  searchTree(source: number, options: SearchTreeOptions): SearchTree {
    const tree = this.resetTree(source, options.rules ? this.extraOut() : null);
    const blockedNodes = options.blockedNodes ?? null;
    const rules = options.rules ?? null;
    if (blockedNodes?.[source]) return tree;
    if (rules && closureAt(rules.nodeRules.get(source), 0)) return tree;
    const n = this.index.nodeCount;
    // Targets still to settle: a count and a per-node flag (duplicates and blocked targets never count).
    let pending = 0;
    const targets = options.targets ?? null;
    if (targets) {
      for (const t of targets) {
        if (t < 0 || t >= n || this.wanted[t] || blockedNodes?.[t]) continue;
        this.wanted[t] = 1;
        pending++;
      }
      if (pending === 0) return tree;
    }
    try {
      this.run(source, {
        metric: options.metric,
        blockedNodes,
        blockedLinks: options.blockedLinks ?? null,
        penalty: null,
        target: -1,
        landmarks: null,
        toTarget: null,
        pending,
        maxCost: options.maxCost ?? noBudget,
        slack: options.slackPerHop ?? 0,
        costLimit: noBudget,
        rules,
        startHours: 0,
        sourceDwell: false,
        grow: true,
      });
    } finally {
      if (targets) for (const t of targets) if (t >= 0 && t < n) this.wanted[t] = 0;
    }
    return tree;
  }

  /**
   * The costs to `target` by `metric` under the exclusions, up to `cap` (a TargetBound): one backward
   * Dijkstra over the arcs entering each node, stopping at the first node that costs more than `cap`. Later
   * searches to `target` under these exclusions and more take it as their bounds (PathOptions.bound).
   */
  boundTo(
    target: number,
    metric: Metric,
    blockedNodes: Uint8Array | null,
    blockedLinks: Uint8Array | null,
    cap: number,
  ): TargetBound {
    const { index, heap } = this;
    const n = index.nodeCount;
    const cost = new Float64Array(n).fill(cap);
    const bound: TargetBound = { target, metric, cap, cost };
    if (blockedNodes?.[target]) return bound;
    this.reverse ??= reverseArcsOf(index);
    const { offsets, tails, links } = this.reverse;
    const w = index.linkWeight[metric];
    const dwell = metric === 'time' ? index.nodeDwell : null;
    const gen = this.nextGeneration();
    const { stamp, dist } = this;
    stamp[target] = gen;
    dist[target] = 0;
    heap.push(target, 0);
    while (heap.size > 0) {
      const key = heap.peekKey();
      const v = heap.pop();
      if (key > (dist[v] as number)) continue;
      if (key > cap) break;
      cost[v] = key;
      const end = offsets[v + 1] as number;
      for (let a = offsets[v] as number; a < end; a++) {
        const l = links[a] as number;
        if (blockedLinks?.[l]) continue;
        const u = tails[a] as number;
        // Leaving u (not the source of a later search, where this overestimates by the dwell: harmless, the
        // source is settled first whatever its bound).
        const nd = key + (w[l] as number) + (dwell ? (dwell[u] as number) : 0);
        if (stamp[u] === gen) {
          if (nd >= (dist[u] as number)) continue;
        } else {
          stamp[u] = gen;
          if (blockedNodes?.[u]) {
            dist[u] = Number.NEGATIVE_INFINITY;
            continue;
          }
        }
        dist[u] = nd;
        heap.push(u, nd);
      }
    }
    return bound;
  }

  /** Whether `target` is reachable from `source` under the exclusions (breadth-first; weights do not matter). */
  reachable(
    source: number,
    target: number,
    blockedNodes: Uint8Array | null,
    blockedLinks: Uint8Array | null,
  ): boolean {
    if (blockedNodes?.[source] || blockedNodes?.[target]) return false;
    const gen = this.nextGeneration();
    const { stamp, queue, index } = this;
    let head = 0;
    let tail = 0;
    queue[tail++] = source;
    stamp[source] = gen;
    while (head < tail) {
      const u = queue[head++] as number;
      if (u === target) return true;
      const end = index.offsets[u + 1] as number;
      for (let a = index.offsets[u] as number; a < end; a++) {
        const v = index.arcHead[a] as number;
        if (stamp[v] === gen || blockedLinks?.[index.arcLink[a] as number]) continue;
        // A blocked node is checked once, when first met, and then counts as seen.
        stamp[v] = gen;
        if (!blockedNodes?.[v]) queue[tail++] = v;
      }
    }
    return false;
  }

  /** Starts a query: every stamp becomes stale. */
  private nextGeneration(): number {
    this.generation = (this.generation + 1) >>> 0;
    if (this.generation === 0) {
      this.stamp.fill(0);
      this.generation = 1;
    }
    this.heap.clear();
    return this.generation;
  }

  private extraBuffer: Float64Array | null = null;

  /** The tree's per-node extra hours, made on the first timed tree. */
  private extraOut(): Float64Array {
    this.extraBuffer ??= new Float64Array(this.index.nodeCount);
    return this.extraBuffer;
  }

  /** Clears the last tree's nodes (only those: the rest hold the defaults) and starts a tree from `source`. */
  private resetTree(source: number, legExtraHours: Float64Array | null): SearchTree {
    const tree = this.tree;
    for (let k = 0; k < tree.settledCount; k++) {
      const v = tree.order[k] as number;
      tree.cost[v] = Number.POSITIVE_INFINITY;
      tree.prevNode[v] = -1;
      tree.prevLink[v] = -1;
      if (tree.legExtraHours) tree.legExtraHours[v] = 0;
    }
    tree.source = source;
    tree.settledCount = 0;
    tree.legExtraHours = legExtraHours;
    return tree;
  }

  /** The path to `target` from the last run's labels. */
  private pathTo(source: number, target: number): Path {
    const nodes: number[] = [];
    const links: number[] = [];
    for (let v = target; v !== source; v = this.prevNode[v] as number) {
      nodes.push(v);
      links.push(this.prevLink[v] as number);
    }
    nodes.push(source);
    nodes.reverse();
    links.reverse();
    return { cost: this.dist[target] as number, nodes, links };
  }

  /**
   * The core: labels from `source` in cost order until the run's stop (its target settled, its pending
   * targets settled, or nothing left within the budget). Returns whether it stopped at its target or targets.
   */
  private run(source: number, r: Run): boolean {
    const gen = this.nextGeneration();
    const { stamp, dist, bound, hours, extra, hops, prevNode, prevLink, heap, index, wanted } = this;
    const { blockedNodes, blockedLinks, penalty, target, landmarks: lm, rules, grow } = r;
    const timeMetric = r.metric === 'time';
    const linkW = index.linkWeight[r.metric];
    const timeW = index.linkWeight.time;
    const dwell = index.nodeDwell;
    const nodeRules = rules?.nodeRules;
    const linkRules = rules?.linkRules;
    const budget = r.maxCost !== noBudget;
    const { maxCost, slack, costLimit } = r;
    let pending = r.pending;
    // Slightly under the bound, so that rounding never makes it exceed the true cost.
    const scale = lm ? lm.perKm[r.metric] * (1 - 1e-9) : 0;
    const { offsets, arcLink, arcHead } = index;
    const tree = this.tree;
    const treeExtra = tree.legExtraHours;
    let settled = 0;

    stamp[source] = gen;
    dist[source] = 0;
    prevNode[source] = -1;
    prevLink[source] = -1;
    hours[source] = r.startHours;
    extra[source] = 0;
    hops[source] = 0;
    const toTarget = r.toTarget;
    const h0 = toTarget ? (toTarget[source] as number) : lm ? landmarkBoundKm(lm, source, target) * scale : 0;
    bound[source] = h0;
    heap.push(source, h0);

    let stopped = false;
    while (heap.size > 0) {
      const key = heap.peekKey();
      const u = heap.pop();
      const du = dist[u] as number;
      // A stale entry: u was reached more cheaply after this one was queued.
      if (key > du + (bound[u] as number)) continue;
      // Every path still open costs more than the limit (bounds never overestimate): none is wanted.
      if (key > costLimit) break;
      if (grow) {
        tree.cost[u] = du;
        tree.prevNode[u] = prevNode[u] as number;
        tree.prevLink[u] = prevLink[u] as number;
        if (treeExtra) treeExtra[u] = extra[u] as number;
        tree.order[settled++] = u;
      }
      if (u === target || (pending > 0 && wanted[u] && --pending === 0)) {
        stopped = true;
        break;
      }
      // Dwell where the cargo waits before leaving u (not at the origin), then any delay in force on arrival.
      const dw = u !== source || r.sourceDwell ? (dwell[u] as number) : 0;
      let leave = timeMetric ? du + dw : du;
      let leaveHours = 0;
      let nodeDelay = 0;
      if (nodeRules) {
        nodeDelay = delayAt(nodeRules.get(u), hours[u] as number);
        leaveHours = (hours[u] as number) + dw + nodeDelay;
        if (timeMetric) leave += nodeDelay;
      }
      const end = offsets[u + 1] as number;
      for (let a = offsets[u] as number; a < end; a++) {
        const l = arcLink[a] as number;
        if (blockedLinks?.[l]) continue;
        const v = arcHead[a] as number;
        const base = linkW[l] as number;
        let nd = leave + (penalty ? base * (penalty[l] ?? 1) : base);
        let hv = 0;
        let linkDelay = 0;
        if (linkRules && nodeRules) {
          const lr = linkRules.get(l);
          if (closureAt(lr, leaveHours)) continue;
          linkDelay = delayAt(lr, leaveHours);
          hv = leaveHours + linkDelay + (timeW[l] as number);
          if (closureAt(nodeRules.get(v), hv)) continue;
          if (timeMetric) nd += linkDelay;
        }
        if (stamp[v] === gen) {
          if (nd >= (dist[v] as number)) continue;
        } else {
          stamp[v] = gen;
          // A blocked node is checked once, when first met: as if reached at -Infinity, no arc improves on it.
          if (blockedNodes?.[v]) {
            dist[v] = Number.NEGATIVE_INFINITY;
            continue;
          }
          dist[v] = Number.POSITIVE_INFINITY;
          bound[v] = toTarget ? (toTarget[v] as number) : lm ? landmarkBoundKm(lm, v, target) * scale : 0;
        }
        if (budget) {
          const h = (hops[u] as number) + 1;
          // Over budget even with the widest slack: never settled, so never reported.
          if (nd > maxCost + slack * h) continue;
          hops[v] = h;
        }
        dist[v] = nd;
        prevNode[v] = u;
        prevLink[v] = l;
        if (nodeRules) {
          hours[v] = hv;
          extra[v] = nodeDelay + linkDelay;
        }
        heap.push(v, nd + (bound[v] as number));
      }
    }
    if (grow) tree.settledCount = settled;
    return stopped;
  }
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
