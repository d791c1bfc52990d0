/**
 * Dijkstra's algorithm over the routing index, with exclusion by filtering: a blocked node or link is never
 * expanded, whatever its weight. Parallel links are distinct arcs, so the path names the link actually used.
 */
import { MinHeap } from './min-heap.js';
import { perObject } from './per-object.js';
import { type Landmarks, type Metric, type RoutingIndex, UNREACHED } from './routing-index.js';

export interface PathOptions {
  metric: Metric;
  /** blockedNodes[i] = 1: node i is never entered; a blocked source or target means no path. */
  blockedNodes?: Uint8Array | null;
  /** blockedLinks[l] = 1: link l is never used. */
  blockedLinks?: Uint8Array | null;
  /** Extra weight per link use, for penalty-based alternatives (multiplies the base weight). */
  linkPenalty?: Float64Array | null;
}

export interface Path {
  /** Cost in the metric's unit (dwell at the source not included). */
  cost: number;
  nodes: number[];
  links: number[];
}

const neverBlocked = null;

/**
 * Per-index search state, reused across queries: a value is valid only where its stamp equals the current
 * generation, so a query never clears or allocates O(n) arrays.
 */
class Workspace {
  generation = 0;
  readonly stamp: Uint32Array;
  readonly dist: Float64Array;
  readonly bound: Float64Array;
  readonly prevNode: Int32Array;
  readonly prevLink: Int32Array;
  readonly queue: Int32Array;
  readonly heap = new MinHeap();

  constructor(n: number) {
    this.stamp = new Uint32Array(n);
    this.dist = new Float64Array(n);
    this.bound = new Float64Array(n);
    this.prevNode = new Int32Array(n);
    this.prevLink = new Int32Array(n);
    this.queue = new Int32Array(n);
  }

  /** Starts a query: every stamp becomes stale. */
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

/**
 * The cheapest path from `source` to `target`, or null when none exists under the exclusions. With landmarks
 * the search is A* on admissible lower bounds (nodes are re-opened if a bound was loose), so the cost is
 * always the optimum; without them it is Dijkstra's algorithm.
 */
export function shortestPath(
  index: RoutingIndex,
  source: number,
  target: number,
  options: PathOptions,
): Path | null {
  const { metric } = options;
  const blockedNodes = options.blockedNodes ?? neverBlocked;
  const blockedLinks = options.blockedLinks ?? neverBlocked;
  const penalty = options.linkPenalty ?? null;
  if (blockedNodes?.[source] || blockedNodes?.[target]) return null;
  if (source === target) return { cost: 0, nodes: [source], links: [] };

  const ws = workspaceOf(index);
  const gen = ws.next();
  const { stamp, dist, bound, prevNode, prevLink, heap } = ws;
  const linkW = index.linkWeight[metric];
  const dwell = metric === 'time' ? index.nodeDwell : null;
  // Bounds need weights no lower than the metric's own: a penalty below 1 would break them.
  const lm = penalty === null ? index.landmarks : null;
  // Slightly under the bound, so that rounding never makes it exceed the true cost.
  const scale = lm ? lm.perKm[metric] * (1 - 1e-9) : 0;
  const { offsets, arcLink, arcHead } = index;

  stamp[source] = gen;
  dist[source] = 0;
  prevNode[source] = -1;
  prevLink[source] = -1;
  const h0 = lm ? landmarkBoundKm(lm, source, target) * scale : 0;
  bound[source] = h0;
  heap.push(source, h0);

  let reached = false;
  while (heap.size > 0) {
    const key = heap.peekKey();
    const u = heap.pop();
    const du = dist[u] as number;
    // A stale entry: u was reached more cheaply after this one was queued.
    if (key > du + (bound[u] as number)) continue;
    if (u === target) {
      reached = true;
      break;
    }
    const leave = du + (dwell && u !== source ? (dwell[u] as number) : 0);
    const end = offsets[u + 1] as number;
    for (let a = offsets[u] as number; a < end; a++) {
      const l = arcLink[a] as number;
      if (blockedLinks?.[l]) continue;
      const v = arcHead[a] as number;
      const base = linkW[l] as number;
      const nd = leave + (penalty ? base * (penalty[l] ?? 1) : base);
      if (stamp[v] === gen) {
        if (nd >= (dist[v] as number)) continue;
      } else {
        stamp[v] = gen;
        // A blocked node is checked once, when first met: as if reached at -Infinity, no arc improves on it.
        if (blockedNodes?.[v]) {
          dist[v] = Number.NEGATIVE_INFINITY;
          continue;
        }
        bound[v] = lm ? landmarkBoundKm(lm, v, target) * scale : 0;
      }
      dist[v] = nd;
      prevNode[v] = u;
      prevLink[v] = l;
      heap.push(v, nd + (bound[v] as number));
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
  return { cost: dist[target] as number, nodes, links };
}

/** Whether `target` is reachable from `source` under the exclusions (breadth-first; weights do not matter). */
export function reachable(
  index: RoutingIndex,
  source: number,
  target: number,
  blockedNodes: Uint8Array | null,
  blockedLinks: Uint8Array | null,
): boolean {
  if (blockedNodes?.[source] || blockedNodes?.[target]) return false;
  const ws = workspaceOf(index);
  const gen = ws.next();
  const { stamp, queue } = ws;
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
