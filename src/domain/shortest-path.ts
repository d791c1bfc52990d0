/**
 * Dijkstra's algorithm over the routing index, with exclusion by filtering: a blocked node or link is never
 * expanded, whatever its weight. Parallel links are distinct arcs, so the path names the link actually used.
 */
import type { Metric, RoutingIndex } from './routing-index.js';

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

/** The cheapest path from `source` to `target`, or null when none exists under the exclusions. */
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

  const n = index.nodeCount;
  const dist = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const prevArcLink = new Int32Array(n).fill(-1);
  const prevNode = new Int32Array(n).fill(-1);
  const done = new Uint8Array(n);
  const linkW = index.linkWeight[metric];
  const dwell = metric === 'time' ? index.nodeDwell : null;
  const heap = new MinHeap();
  dist[source] = 0;
  heap.push(source, 0);

  while (heap.size > 0) {
    const u = heap.pop();
    if (done[u]) continue;
    done[u] = 1;
    if (u === target) break;
    const du = dist[u] ?? 0;
    const leave = du + (dwell && u !== source ? (dwell[u] ?? 0) : 0);
    const end = index.offsets[u + 1] ?? 0;
    for (let a = index.offsets[u] ?? 0; a < end; a++) {
      const l = index.arcLink[a] ?? 0;
      if (blockedLinks?.[l]) continue;
      const v = index.arcHead[a] ?? 0;
      if (done[v] || blockedNodes?.[v]) continue;
      const base = linkW[l] ?? 0;
      const nd = leave + (penalty ? base * (penalty[l] ?? 1) : base);
      if (nd < (dist[v] ?? Number.POSITIVE_INFINITY)) {
        dist[v] = nd;
        prevNode[v] = u;
        prevArcLink[v] = l;
        heap.push(v, nd);
      }
    }
  }
  if (!done[target]) return null;

  const nodes: number[] = [];
  const links: number[] = [];
  for (let v = target; v !== source; v = prevNode[v] ?? source) {
    nodes.push(v);
    links.push(prevArcLink[v] ?? -1);
  }
  nodes.push(source);
  nodes.reverse();
  links.reverse();
  return { cost: dist[target] ?? 0, nodes, links };
}

/** Nodes reachable from `source` under the exclusions (breadth-first; weights do not matter). */
export function reachable(
  index: RoutingIndex,
  source: number,
  target: number,
  blockedNodes: Uint8Array | null,
  blockedLinks: Uint8Array | null,
): boolean {
  if (blockedNodes?.[source] || blockedNodes?.[target]) return false;
  const seen = new Uint8Array(index.nodeCount);
  const queue = new Int32Array(index.nodeCount);
  let head = 0;
  let tail = 0;
  queue[tail++] = source;
  seen[source] = 1;
  while (head < tail) {
    const u = queue[head++] ?? 0;
    if (u === target) return true;
    const end = index.offsets[u + 1] ?? 0;
    for (let a = index.offsets[u] ?? 0; a < end; a++) {
      const l = index.arcLink[a] ?? 0;
      const v = index.arcHead[a] ?? 0;
      if (seen[v] || blockedLinks?.[l] || blockedNodes?.[v]) continue;
      seen[v] = 1;
      queue[tail++] = v;
    }
  }
  return false;
}

/** A binary min-heap of (node, key) pairs with lazy deletion. */
class MinHeap {
  private nodes: number[] = [];
  private keys: number[] = [];

  get size(): number {
    return this.nodes.length;
  }

  push(node: number, key: number): void {
    const { nodes, keys } = this;
    let i = nodes.length;
    nodes.push(node);
    keys.push(key);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pk = keys[p] ?? 0;
      if (pk <= key) break;
      nodes[i] = nodes[p] ?? 0;
      keys[i] = pk;
      i = p;
    }
    nodes[i] = node;
    keys[i] = key;
  }

  pop(): number {
    const { nodes, keys } = this;
    const top = nodes[0] ?? 0;
    const lastNode = nodes.pop() ?? 0;
    const lastKey = keys.pop() ?? 0;
    const n = nodes.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && (keys[r] ?? 0) < (keys[l] ?? 0) ? r : l;
        if ((keys[c] ?? 0) >= lastKey) break;
        nodes[i] = nodes[c] ?? 0;
        keys[i] = keys[c] ?? 0;
        i = c;
      }
      nodes[i] = lastNode;
      keys[i] = lastKey;
    }
    return top;
  }
}
