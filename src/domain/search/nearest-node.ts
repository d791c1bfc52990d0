/**
 * Snapping a position to the network: the node nearest to a WGS84 point by great-circle distance, for clients
 * that give coordinates rather than places (OGC API - Routes waypoints). A linear scan: a few milliseconds on
 * 100,000 nodes, which a route search costs anyway.
 */

import { greatCircleKm } from '../network/geo.js';
import type { Network, NetworkNode } from '../network/network.js';

/** The node nearest to [lon, lat] and its distance in km (null on an empty network). */
export function nearestNode(
  network: Network,
  lon: number,
  lat: number,
): { node: NetworkNode; km: number } | null {
  let best: NetworkNode | null = null;
  let bestKm = Number.POSITIVE_INFINITY;
  for (const node of network.nodes) {
    const km = greatCircleKm(lat, lon, node.lat, node.lon);
    if (km < bestKm) {
      bestKm = km;
      best = node;
    }
  }
  return best ? { node: best, km: bestKm } : null;
}
