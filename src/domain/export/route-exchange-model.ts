/**
 * A route in the OGC Route Exchange Model (OGC 21-001, requirements class "Route Exchange Model"): a GeoJSON
 * FeatureCollection with an `overview` LineString from start to end, a `start` and an `end` Point (the first
 * and last positions of the overview) and one `segment` Point per leg, at the leg's last position, in travel
 * order. Lengths and durations are whole metres and seconds per segment, and the overview's are their sums.
 */
import type { Network, NetworkLink } from '../network/network.js';
import type { PlannedRoute } from '../planning/find-routes.js';
import { type Feature, type FeatureCollection, linkCoordinates, type Position } from './to-geojson.js';

/** Where a waypoint was asked and which node it was taken as. */
export interface SnappedWaypoint {
  /** [lon, lat] as given, or null when the waypoint was a node id or name. */
  given: Position | null;
  nodeId: string;
  /** Great-circle km from the given position to the node (0 for a node). */
  snapDistanceKm: number;
}

export interface RemOptions {
  name?: string;
  preference: string;
  waypoints: readonly SnappedWaypoint[];
  warnings?: readonly string[];
  dataVersion: string;
}

type RemFeature = Feature<
  { type: 'Point'; coordinates: Position } | { type: 'LineString'; coordinates: Position[] },
  Record<string, unknown>
>;

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** The route as a Route Exchange Model feature collection. */
export function routeToRem(
  network: Network,
  route: PlannedRoute,
  options: RemOptions,
): FeatureCollection<RemFeature> {
  const line: Position[] = [];
  const segments: RemFeature[] = [];
  let lengthM = 0;
  let durationS = 0;
  route.legs.forEach((leg, i) => {
    const link = network.graph.getEdgeAttributes(leg.linkId) as NetworkLink;
    const coordinates = linkCoordinates(network, link, leg.from.id);
    // Consecutive legs share their joint node: it appears once in the overview.
    line.push(...(line.length > 0 ? coordinates.slice(1) : coordinates));
    const length = Math.round(leg.distanceKm * 1000);
    const duration = Math.round(leg.durationHours * 3600);
    lengthM += length;
    durationS += duration;
    segments.push({
      type: 'Feature',
      id: `segment-${i + 1}`,
      geometry: { type: 'Point', coordinates: line[line.length - 1] as Position },
      properties: {
        featureType: 'segment',
        length_m: length,
        duration_s: duration,
        mode: leg.mode,
        ...(leg.seaId !== undefined ? { sea: leg.sea, seaId: leg.seaId } : {}),
        linkId: leg.linkId,
        from: leg.from.id,
        to: leg.to.id,
        toName: leg.to.name,
        countries: leg.countries,
        co2eKgPerTonne: leg.co2eKgPerTonne,
      },
    });
  });
  const first = line[0] as Position;
  const last = line[line.length - 1] as Position;
  const start = options.waypoints[0];
  const end = options.waypoints[options.waypoints.length - 1];
  const snapped = (w: SnappedWaypoint | undefined) =>
    w ? { waypoint: w.given, nodeId: w.nodeId, snapDistanceKm: round3(w.snapDistanceKm) } : {};
  const overview: RemFeature = {
    type: 'Feature',
    id: 'overview',
    geometry: { type: 'LineString', coordinates: line },
    properties: {
      featureType: 'overview',
      ...(options.name !== undefined ? { name: options.name } : {}),
      length_m: lengthM,
      duration_s: durationS,
      preference: options.preference,
      countries: route.countries,
      co2eKgPerTonne: route.co2eKgPerTonne,
      usesCaspianFerry: route.usesCaspianFerry,
      usesBlackSeaFerry: route.usesBlackSeaFerry,
      usesRoad: route.usesRoad,
      roadKm: route.roadKm,
      waypoints: options.waypoints.map((w) => snapped(w)),
      ...(options.warnings && options.warnings.length > 0 ? { comment: options.warnings.join('; ') } : {}),
      dataVersion: options.dataVersion,
    },
  };
  return {
    type: 'FeatureCollection',
    ...(options.name !== undefined ? { name: options.name } : {}),
    features: [
      overview,
      {
        type: 'Feature',
        id: 'start',
        geometry: { type: 'Point', coordinates: first },
        properties: { featureType: 'start', name: route.legs[0]?.from.name, ...snapped(start) },
      },
      ...segments,
      {
        type: 'Feature',
        id: 'end',
        geometry: { type: 'Point', coordinates: last },
        properties: { featureType: 'end', name: route.legs[route.legs.length - 1]?.to.name, ...snapped(end) },
      },
    ],
  };
}
