/** A path through an ordered list of stops (origin, via points, destination) under exclusion masks. */
import type { Network } from '../network/network.js';
import type { Metric } from './routing-index.js';
import { type Path, shortestPath } from './shortest-path.js';

/** Joins the best path between each consecutive pair of stops; null when a pair is disconnected. */
export function pathThroughStops(
  network: Network,
  stops: readonly number[],
  metric: Metric,
  masks: { blockedNodes: Uint8Array | null; blockedLinks: Uint8Array | null },
): Path | null {
  const nodes: number[] = [stops[0] ?? 0];
  const links: number[] = [];
  let cost = 0;
  for (let i = 0; i + 1 < stops.length; i++) {
    const part = shortestPath(network.routing, stops[i] ?? 0, stops[i + 1] ?? 0, { metric, ...masks });
    if (!part) return null;
    cost += part.cost;
    nodes.push(...part.nodes.slice(1));
    links.push(...part.links);
  }
  return { cost, nodes, links };
}
