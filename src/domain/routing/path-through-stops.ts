/** A path through an ordered list of stops (origin, via points, destination) under exclusion masks. */
import type { Network } from '../network/network.js';
import type { DisruptionRules } from './disruption-rules.js';
import type { Metric } from './routing-index.js';
import type { Path, TargetBound } from './search.js';

/**
 * Joins the best path between each consecutive pair of stops; null when a pair is disconnected. With
 * disruption rules, each part is searched with the clock running from where the one before arrived (and the
 * dwell at a via point spent there). `bounds[i]`, where given, bounds the costs to stops[i+1] (Search.boundTo)
 * for the part that ends there; bounds are for the static network, so they are not used with rules. With
 * `costLimit`, a path that would cost more is not searched to its end: null, as for no path.
 */
export function pathThroughStops(
  network: Network,
  stops: readonly number[],
  metric: Metric,
  masks: { blockedNodes: Uint8Array | null; blockedLinks: Uint8Array | null },
  rules: DisruptionRules | null = null,
  bounds: readonly (TargetBound | null)[] | null = null,
  costLimit = Number.POSITIVE_INFINITY,
): Path | null {
  const nodes: number[] = [stops[0] ?? 0];
  const links: number[] = [];
  let cost = 0;
  let hours = 0;
  for (let i = 0; i + 1 < stops.length; i++) {
    const from = stops[i] ?? 0;
    const to = stops[i + 1] ?? 0;
    let part: Path | null;
    if (rules) {
      const timed = network.engine.search.timedShortestPath(from, to, {
        metric,
        rules,
        ...masks,
        startHours: hours,
        sourceDwell: i > 0,
        costLimit: costLimit - cost,
      });
      if (timed) hours = timed.arrivalHours;
      part = timed;
    } else {
      part = network.engine.search.shortestPath(from, to, {
        metric,
        ...masks,
        bound: bounds?.[i] ?? null,
        costLimit: costLimit - cost,
      });
    }
    if (!part) return null;
    cost += part.cost;
    nodes.push(...part.nodes.slice(1));
    links.push(...part.links);
  }
  return cost > costLimit ? null : { cost, nodes, links };
}
