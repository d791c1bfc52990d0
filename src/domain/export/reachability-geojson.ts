/** Reachability as GeoJSON (RFC 7946): one Point per reachable node, [lon, lat], its costs as properties. */
import type { Network } from '../network/network.js';
import type { Reachability } from '../planning/reachability.js';
import type { Feature, FeatureCollection, PointGeometry } from './to-geojson.js';

/** The reachable nodes as Points; the origin's feature has `origin: true`. */
export function reachabilityToGeoJson(
  network: Network,
  reach: Reachability,
): FeatureCollection<Feature<PointGeometry, Record<string, unknown>>> {
  const features = reach.nodes.map((r) => {
    const node = network.nodeById.get(r.node.id);
    return {
      type: 'Feature' as const,
      id: r.node.id,
      geometry: { type: 'Point' as const, coordinates: [node?.lon ?? 0, node?.lat ?? 0] as [number, number] },
      properties: {
        id: r.node.id,
        name: r.node.name,
        country: r.node.country,
        kinds: node?.kinds ?? [],
        origin: r.node.id === reach.origin.id,
        distanceKm: r.distanceKm,
        durationHours: r.durationHours,
        co2eKgPerTonne: r.co2eKgPerTonne,
      },
    };
  });
  return {
    type: 'FeatureCollection',
    features,
    origin: reach.origin,
    budget: { [reach.budget.name]: reach.budget.value },
  };
}
