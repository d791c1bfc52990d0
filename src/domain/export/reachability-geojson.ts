/** Reachability as GeoJSON (RFC 7946): one Point per reachable node, [lon, lat], its costs as properties. */
import type { Network, NetworkNode } from '../network/network.js';
import type { Reachability } from '../planning/reachability.js';
import type { Feature, FeatureCollection, PointGeometry } from './to-geojson.js';

/** The reachable nodes as Points; the origin's feature has `origin: true`. */
export function reachabilityToGeoJson(
  network: Network,
  reach: Reachability,
): FeatureCollection<Feature<PointGeometry, Record<string, unknown>>> {
  const { reached } = reach;
  const features: Feature<PointGeometry, Record<string, unknown>>[] = [];
  for (let k = 0; k < reached.count; k++) {
    const node = network.nodes[reached.index[k] as number] as NetworkNode;
    features.push({
      type: 'Feature',
      id: node.id,
      geometry: { type: 'Point', coordinates: [node.lon, node.lat] },
      properties: {
        id: node.id,
        name: node.name,
        country: node.country,
        kinds: node.kinds,
        origin: node.id === reach.origin.id,
        distanceKm: reached.distanceKm[k],
        durationHours: reached.durationHours[k],
        co2eKgPerTonne: reached.co2eKgPerTonne[k],
      },
    });
  }
  return {
    type: 'FeatureCollection',
    features,
    origin: reach.origin,
    budget: { [reach.budget.name]: reach.budget.value },
  };
}
